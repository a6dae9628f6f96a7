//! Plugin packages: verifying one (signature, manifest, component), installing
//! one (verify and precompile, cold and with the compiled cache warm), and hot
//! reload latency: from a package file landing in the watched directory to the
//! new version serving.
//!
//! Run with `cargo xtask bench` (it builds the plugins), or with built plugins
//! `PANEL_PLUGIN_DIR=… cargo bench -p panel --bench packages`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use panel::packages::catalog::Catalog;
use panel::packages::verify::verify;
use panel::packages::watch::{Reloader, watch};
use panel::packages::{Package, PluginRegistry, SecretKey, TrustPolicy, trust};
use panel::runtime::{PluginRuntime, RuntimeConfig};
use semver::VersionReq;

fn component() -> Vec<u8> {
    let dir = std::env::var_os("PANEL_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/wasm32-wasip2/plugin"));
    let path = dir.join("bank_core.wasm");
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run the benchmarks with `cargo xtask bench`", path.display()))
}

fn manifest(version: &str) -> String {
    let committed = include_str!("../../plugins/bank-core/plugin.toml");
    committed.replacen("version = \"0.1.0\"", &format!("version = \"{version}\""), 1)
}

/// A signed bank-core package as `version`, and a policy trusting its key.
fn signed(key: &SecretKey, component: &[u8], version: &str) -> Vec<u8> {
    let manifest = manifest(version).into_bytes();
    let signature = Some(key.sign_package(&manifest, component));
    Package { manifest, component: component.to_vec(), signature }.to_bytes().expect("pack")
}

fn packages(c: &mut Criterion) {
    let component = component();
    let key = SecretKey::generate("Bench vendor").expect("key");
    let mut policy = TrustPolicy::default();
    policy.trust("Bench vendor", key.public());
    let bytes = signed(&key, &component, "0.1.0");
    println!("bank-core package: {} bytes (component {} bytes)", bytes.len(), component.len());

    let mut group = c.benchmark_group("packages");
    group.bench_function("verify (signature, manifest, component)", |b| {
        b.iter(|| verify(&bytes, &policy).expect("verifies"));
    });
    group.sample_size(10);
    group.bench_function("install cold (verify + compile + store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().expect("tempdir");
                let runtime = PluginRuntime::new(RuntimeConfig {
                    cache_dir: Some(dir.path().join("cache")),
                    ..Default::default()
                })
                .expect("runtime");
                let catalog = Catalog::new(dir.path().join("packages"));
                let started = Instant::now();
                catalog.install(&bytes, &policy, &runtime, false).expect("installs");
                total += started.elapsed();
            }
            total
        });
    });
    let warm = tempfile::tempdir().expect("tempdir");
    let runtime =
        PluginRuntime::new(RuntimeConfig { cache_dir: Some(warm.path().join("cache")), ..Default::default() })
            .expect("runtime");
    Catalog::new(warm.path().join("seed")).install(&bytes, &policy, &runtime, false).expect("seeds the cache");
    group.bench_function("install warm (verify + cached code + store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().expect("tempdir");
                let catalog = Catalog::new(dir.path().join("packages"));
                let started = Instant::now();
                catalog.install(&bytes, &policy, &runtime, false).expect("installs");
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();

    hot_reload(c, &key, &policy, &component);
}

/// File written (by rename, as `panel plugin install` does) → the registry
/// resolves the new version. Each round writes a new version of the same
/// plugin to the same file; its compiled code is in the cache, as after
/// `panel plugin install`.
fn hot_reload(c: &mut Criterion, key: &SecretKey, policy: &TrustPolicy, component: &[u8]) {
    let tokio = tokio::runtime::Runtime::new().expect("tokio");
    let data = tempfile::tempdir().expect("tempdir");
    policy.write(&data.path().join(trust::FILE)).expect("policy");
    let runtime =
        PluginRuntime::new(RuntimeConfig { cache_dir: Some(data.path().join("cache")), ..Default::default() })
            .expect("runtime");
    let catalog = Catalog::new(data.path().join("packages"));
    let registry = Arc::new(PluginRegistry::new());
    let reloader = Arc::new(Reloader::new(catalog.clone(), &data.path().join(trust::FILE), runtime, registry.clone()));
    let _watch = tokio.block_on(async { watch(reloader.clone()).expect("watch") });
    let file = catalog.dir().join("bank-core.panelpkg");
    let mut round = 0u64;

    let mut group = c.benchmark_group("packages");
    group.sample_size(20);
    group.bench_function("hot reload (file written -> new version serving)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                let version = format!("1.0.{round}");
                let bytes = signed(key, component, &version);
                let tmp = catalog.dir().join(".incoming.tmp");
                std::fs::write(&tmp, &bytes).expect("write");
                let wanted = VersionReq::parse(&format!("={version}")).expect("req");
                let started = Instant::now();
                std::fs::rename(&tmp, &file).expect("rename");
                while registry.resolve("bank-core", &wanted).is_none() {
                    assert!(started.elapsed() < Duration::from_secs(30), "version {version} never served");
                    std::thread::sleep(Duration::from_micros(200));
                }
                total += started.elapsed();
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, packages);
criterion_main!(benches);
