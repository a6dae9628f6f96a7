//! The UI's static files, embedded in the binary and served under
//! `/assets/<version>/<name>`.
//!
//! `<version>` is a hash of every embedded file, so a new build gets new URLs
//! and a browser may cache what it fetched for a year without asking again.
//! Text files are gzipped once, on first use, and sent that way to browsers
//! that accept it: a candidate on a slow phone connection loads the page in a
//! quarter of the bytes.
//! The modules import each other by relative paths (`./api.js`), which stay
//! inside the same version. A request for another version (a page loaded
//! before an upgrade) still gets today's file, but uncached.

use std::io::Write;
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

macro_rules! asset {
    ($name:literal, $content_type:expr) => {
        Asset { name: $name, content_type: $content_type, body: include_bytes!(concat!("assets/", $name)) }
    };
}

const JS: &str = "text/javascript; charset=utf-8";

const ASSETS: &[Asset] = &[
    asset!("panel.css", "text/css; charset=utf-8"),
    asset!("icon.svg", "image/svg+xml"),
    asset!("i18n.json", "application/json"),
    asset!("i18n.js", JS),
    asset!("dom.js", JS),
    asset!("api.js", JS),
    asset!("devices.js", JS),
    asset!("answer-draft.js", JS),
    asset!("recorder.js", JS),
    asset!("interview.js", JS),
    asset!("candidate.js", JS),
    asset!("console.css", "text/css; charset=utf-8"),
    asset!("staff-api.js", JS),
    asset!("elements.js", JS),
    asset!("console-kit.js", JS),
    asset!("console.js", JS),
    asset!("stage-move.js", JS),
    asset!("invite.js", JS),
    asset!("job-form.js", JS),
    asset!("pipeline-form.js", JS),
    asset!("people.js", JS),
    asset!("departure-card.js", JS),
    asset!("personal-data-card.js", JS),
    asset!("self-id.js", JS),
    asset!("scorecard-form.js", JS),
    asset!("transcript-form.js", JS),
    asset!("speech-status.js", JS),
    asset!("report-chart.js", JS),
    asset!("view-login.js", JS),
    asset!("view-dashboard.js", JS),
    asset!("view-deliveries.js", JS),
    asset!("view-requests.js", JS),
    asset!("view-jobs.js", JS),
    asset!("view-report.js", JS),
    asset!("view-ranking.js", JS),
    asset!("view-plugins.js", JS),
    asset!("analytics-charts.js", JS),
    asset!("impact-card.js", JS),
    asset!("view-analytics.js", JS),
];

const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";
const CACHE_REVALIDATE: &str = "no-cache";

static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash = Sha256::new();
    for asset in ASSETS {
        hash.update(asset.name.as_bytes());
        hash.update((asset.body.len() as u64).to_be_bytes());
        hash.update(asset.body);
    }
    hex::encode(&hash.finalize()[..6])
});

/// Where this build's assets are, e.g. `/assets/3f2a9c1b04de`.
pub fn base_path() -> String {
    format!("/assets/{}", *VERSION)
}

/// Each asset gzipped, in the order of [`ASSETS`]; `None` where gzip saves nothing.
static GZIPPED: LazyLock<Vec<Option<Vec<u8>>>> = LazyLock::new(|| ASSETS.iter().map(|a| gzip(a.body)).collect());

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).ok()?;
    let packed = encoder.finish().ok()?;
    (packed.len() < body.len()).then_some(packed)
}

/// Whether the request's `Accept-Encoding` takes gzip (and does not refuse it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let coding = pieces.next().unwrap_or_default();
        let refused = pieces.any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0));
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// `GET /assets/{version}/{name}`.
pub async fn serve(Path((version, name)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let Some(index) = ASSETS.iter().position(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, [(CACHE_CONTROL, CACHE_REVALIDATE)], "no such file").into_response();
    };
    let asset = &ASSETS[index];
    let cache = if version == *VERSION { CACHE_FOREVER } else { CACHE_REVALIDATE };
    let headers_for = [(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, cache), (VARY, "accept-encoding")];
    match &GZIPPED[index] {
        Some(packed) if accepts_gzip(&headers) => {
            (headers_for, [(CONTENT_ENCODING, "gzip")], packed.as_slice()).into_response()
        }
        _ => (headers_for, asset.body).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_assets_directory_is_embedded_and_no_name_twice() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/assets");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("the assets directory")
            .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
            // The page templates are rendered by the server, not served as they are.
            .filter(|name| !name.ends_with(".html"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = ASSETS.iter().map(|a| a.name.to_owned()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn gzip_is_sent_only_to_those_who_take_it() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, value.parse().expect("a header value"));
            accepts_gzip(&headers)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br, deflate"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn text_assets_shrink_and_unpack_to_themselves() {
        use std::io::Read;
        for (asset, packed) in ASSETS.iter().zip(GZIPPED.iter()) {
            let Some(packed) = packed else { continue };
            let mut unpacked = Vec::new();
            flate2::read::GzDecoder::new(packed.as_slice()).read_to_end(&mut unpacked).expect("gzip");
            assert_eq!(unpacked, asset.body, "{}", asset.name);
        }
        let catalogue = ASSETS.iter().position(|a| a.name == "i18n.json").expect("the catalogue");
        let packed = GZIPPED[catalogue].as_ref().expect("the catalogue compresses");
        assert!(
            packed.len() * 3 < ASSETS[catalogue].body.len(),
            "{} of {}",
            packed.len(),
            ASSETS[catalogue].body.len()
        );
    }

    #[test]
    fn the_version_is_a_short_hex_hash() {
        assert_eq!(VERSION.len(), 12);
        assert!(VERSION.chars().all(|c| c.is_ascii_hexdigit()), "{}", *VERSION);
        assert_eq!(base_path(), format!("/assets/{}", *VERSION));
    }
}
