//! Helpers the host's integration tests share: the first-party plugins
//! `cargo xtask test` built, packed with their manifests, signed with a test
//! vendor key, and a trust policy that trusts that key.

pub mod served;
pub mod server;

use std::path::{Path, PathBuf};

use panel::packages::{Package, SecretKey, TrustPolicy};

fn built_plugins() -> PathBuf {
    std::env::var_os("PANEL_TEST_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"))
}

/// A packages directory under `root` holding the first-party plugins, signed,
/// and `root/trust.toml` trusting their key. Returns the directory.
pub fn plugins_dir(root: &Path) -> PathBuf {
    stage(&root.join("plugins"), &trust_policy(root), None)
}

/// The same staged where `panel serve --data-dir DATA` and `panel plugin
/// install --data-dir DATA` look by default: `DATA/packages` and
/// `DATA/trust.toml`, so a vendor's packages installed there join them.
pub fn first_party_in_data_dir(data: &Path) -> PathBuf {
    stage(&data.join("packages"), &data.join("trust.toml"), None)
}

/// [`plugins_dir`] plus the `hostile-connector` test plugin (it POSTs each
/// lifecycle event to the `url` of its configuration, with the event id as
/// `idempotency-key`), granted `127.0.0.1:port`.
pub fn plugins_dir_with_connector(root: &Path, port: u16) -> PathBuf {
    stage(&root.join("plugins"), &trust_policy(root), Some(port))
}

fn stage(dir: &Path, policy_path: &Path, connector_port: Option<u16>) -> PathBuf {
    std::fs::create_dir_all(dir).expect("plugins dir");
    let key = SecretKey::generate("Panel first-party (tests)").expect("key");
    for name in ["bank-core", "rubric-star"] {
        let wasm = built_plugins().join(format!("{}.wasm", name.replace('-', "_")));
        let component = std::fs::read(&wasm)
            .unwrap_or_else(|e| panic!("{}: {e}; run the tests with `cargo xtask test`", wasm.display()));
        let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../plugins/{name}/plugin.toml"));
        let manifest = std::fs::read(&manifest_path).expect("first-party plugin.toml");
        let signature = Some(key.sign_package(&manifest, &component));
        let package = Package { manifest, component, signature };
        std::fs::write(dir.join(format!("{name}.panelpkg")), package.to_bytes().expect("pack")).expect("write package");
    }
    let mut policy = TrustPolicy::default();
    policy.trust("Panel first-party (tests)", key.public());
    if let Some(port) = connector_port {
        let host = format!("127.0.0.1:{port}");
        let manifest = format!(
            "[plugin]\nid = \"hostile-connector\"\nname = \"Test connector\"\nversion = \"1.0.0\"\n\
             kind = \"connector\"\napi = \"0.2.0\"\nvendor = \"Panel tests\"\n\n\
             [capabilities]\noutbound-hosts = [\"{host}\"]\n"
        )
        .into_bytes();
        let wasm = built_plugins().join("hostile_connector.wasm");
        let component = std::fs::read(&wasm).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
        let signature = Some(key.sign_package(&manifest, &component));
        let package = Package { manifest, component, signature };
        std::fs::write(dir.join("hostile-connector.panelpkg"), package.to_bytes().expect("pack")).expect("write");
        policy.grant("hostile-connector", &[host.parse().expect("host")], false);
    }
    policy.write(policy_path).expect("trust policy");
    dir.to_path_buf()
}

/// The trust policy [`plugins_dir`] writes.
pub fn trust_policy(root: &Path) -> PathBuf {
    root.join("trust.toml")
}

/// A new, empty database named `prefix` and this process's id on the test
/// PostgreSQL server at `url`, as a URL.
pub async fn fresh_database(url: &str, prefix: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("{prefix}_{}", std::process::id());
    let admin = sqlx::AnyPool::connect(url).await.expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&admin).await.expect("drop");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create");
    admin.close().await;
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = &base[..base.rfind('/').expect("a database path")];
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}
