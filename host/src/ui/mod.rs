//! The web UI served by `panel serve` from the same binary: plain HTML pages
//! with small ES modules and one stylesheet, all embedded, no build step.
//!
//! - `assets`: the embedded files under `/assets/<version>/`, where the
//!   version is a hash of their contents, so browsers may cache them forever;
//! - `catalogue`: the one text catalogue (`assets/i18n.json`, English and
//!   Chinese) that both the server-rendered pages and the scripts read;
//! - `pages`: the pages themselves: the candidate's interview page at
//!   `/i/{token}` (the invitation link), the page for a link that cannot be
//!   used, and the HR console at `/console` (one page whose script draws
//!   each view from the API: dashboard, jobs and their pipeline board,
//!   invitations and CSV import, reports, rankings, plugins).
//!
//! The pages talk to the JSON API like any other client; nothing here reads
//! or changes candidate data except through it. Every UI response carries a
//! strict content security policy (scripts and styles from this server only,
//! no inline code) and `referrer-policy: no-referrer`, because the candidate's
//! token is in the page's URL and must never leak through a `Referer`.

mod assets;
mod catalogue;
mod pages;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::response::Response;
use axum::routing::get;

use crate::api::AppState;

/// Scripts, styles, images and API calls from this server only; no inline
/// scripts or styles, no plugins, no framing, no form posts elsewhere. Media
/// may come from `blob:` for the recordings the next slice plays back.
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; media-src 'self' blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The camera and microphone for this origin only (the device check and the
/// recordings); nothing else the page does not need.
const PERMISSIONS_POLICY_VALUE: &str = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()";

/// The UI's routes, to be merged into the API's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { axum::response::Redirect::to("/console") }))
        .route("/i/{token}", get(pages::candidate))
        .route("/console", get(pages::console))
        .route("/console/{*view}", get(pages::console))
        .route("/assets/{version}/{name}", get(assets::serve))
        .layer(axum::middleware::map_response(security_headers))
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY_VALUE));
    response
}
