//! Trust beyond the signature: a plugin id belongs to the vendor key that
//! installed it first (another trusted vendor cannot take it over, nor the
//! hosts and secrets granted to it) until an administrator transfers it; a
//! grant withdrawn or given applies to the plugin's next call without a
//! restart; and a hostile archive is refused without being read whole.

use std::sync::Arc;

use panel::kinds::Connector;
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, Owner, PluginRegistry, SecretKey, TrustPolicy, trust};
use panel::runtime::Failure;
use panel_e2e::packages::{drop_file, manifest, package_bytes, vendor};
use panel_e2e::receiver::payroll;
use panel_e2e::runtime;
use semver::VersionReq;

struct Data {
    dir: tempfile::TempDir,
    registry: Arc<PluginRegistry>,
    reloader: Reloader,
}

impl Data {
    fn new(policy: &TrustPolicy) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        policy.write(&dir.path().join(trust::FILE)).expect("policy");
        let registry = Arc::new(PluginRegistry::new());
        let catalog = Catalog::new(dir.path().join("packages"));
        let reloader = Reloader::new(catalog, &dir.path().join(trust::FILE), runtime(), registry.clone());
        Self { dir, registry, reloader }
    }

    fn policy(&self) -> TrustPolicy {
        TrustPolicy::read(&self.dir.path().join(trust::FILE)).expect("policy")
    }

    fn write_policy(&self, policy: &TrustPolicy) {
        policy.write(&self.dir.path().join(trust::FILE)).expect("policy");
    }

    fn drop_package(&self, file: &str, bytes: &[u8]) {
        std::fs::create_dir_all(self.dir.path().join("packages")).expect("dir");
        drop_file(&self.dir.path().join("packages").join(file), bytes);
    }

    fn serving(&self, id: &str) -> Vec<String> {
        self.registry.versions(id).iter().map(ToString::to_string).collect()
    }
}

#[test]
fn another_trusted_vendor_cannot_take_over_a_plugin_id() {
    let (acme, mut policy) = vendor();
    let rival = SecretKey::generate("Rival HR").expect("key");
    policy.trust("Rival HR", rival.public());
    let host = "127.0.0.1:9";
    policy.grant("hostile-connector", &[host.parse().expect("host")], false);
    let data = Data::new(&policy);
    let connector = |version: &str| {
        manifest("hostile-connector", version, "connector", &format!("[capabilities]\noutbound-hosts = [\"{host}\"]\n"))
    };
    data.drop_package("acme.panelpkg", &package_bytes("hostile-connector", &connector("1.0.0"), Some(&acme)));
    let report = data.reloader.reconcile();
    assert_eq!(report.loaded, ["hostile-connector@1.0.0"], "{report:?}");
    assert_eq!(data.policy().owner("hostile-connector"), Some(Owner::Key(acme.public())), "claimed for Acme's key");

    // A trusted rival ships a newer version of the same id, which the
    // organisation's `^1.0.0` binding would resolve to, with Acme's hosts.
    data.drop_package("rival.panelpkg", &package_bytes("hostile-connector", &connector("1.0.1"), Some(&rival)));
    let report = data.reloader.reconcile();
    assert!(report.loaded.is_empty(), "{report:?}");
    let (_, why) = &report.rejected[0];
    assert!(why.contains("hostile-connector@1.0.1 comes from Rival HR"), "{why}");
    assert!(why.contains("belongs to Test vendor"), "{why}");
    assert!(why.contains(&format!("panel plugin transfer hostile-connector --to-key {}", rival.public())), "{why}");
    assert_eq!(data.serving("hostile-connector"), ["1.0.0"]);
    let resolved = data.registry.resolve("hostile-connector", &VersionReq::parse("^1.0.0").expect("req")).expect("one");
    assert_eq!(resolved.manifest.version.to_string(), "1.0.0");
    // Unsigned (were the policy to allow it) is no better.
    let mut lax = data.policy();
    lax.allow_unsigned = true;
    assert!(lax.check_owner("x", "hostile-connector", &Owner::Unsigned).is_err());

    // The administrator transfers the id: the rival's build serves, Acme's stops.
    let mut policy = data.policy();
    policy.transfer("hostile-connector", Owner::Key(rival.public()));
    policy.write_owners(&data.dir.path().join(trust::FILE)).expect("owners");
    let report = data.reloader.reconcile();
    assert_eq!(report.loaded, ["hostile-connector@1.0.1"], "{report:?}");
    assert_eq!(data.serving("hostile-connector"), ["1.0.1"]);
}

#[test]
fn two_vendors_shipping_a_new_id_at_once_cannot_both_have_it() {
    let (acme, mut policy) = vendor();
    let rival = SecretKey::generate("Rival HR").expect("key");
    policy.trust("Rival HR", rival.public());
    let data = Data::new(&policy);
    let text = |v: &str| manifest("hostile-rubric", v, "rubric", "");
    data.drop_package("a.panelpkg", &package_bytes("hostile-rubric", &text("1.0.0"), Some(&acme)));
    data.drop_package("b.panelpkg", &package_bytes("hostile-rubric", &text("1.0.1"), Some(&rival)));
    let report = data.reloader.reconcile();
    assert_eq!(report.loaded, ["hostile-rubric@1.0.0"], "the first file claims the id: {report:?}");
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    assert_eq!(data.policy().owner("hostile-rubric"), Some(Owner::Key(acme.public())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_withdrawn_or_given_applies_to_the_next_call() {
    let (first_port, first) = payroll().await;
    let (second_port, second) = payroll().await;
    let (key, mut policy) = vendor();
    policy.grant("hostile-connector", &[format!("127.0.0.1:{first_port}").parse().expect("host")], false);
    let data = Data::new(&policy);
    let text = manifest("hostile-connector", "1.0.0", "connector", "[capabilities]\nconfigured-hosts = true\n");
    data.drop_package("c.panelpkg", &package_bytes("hostile-connector", &text, Some(&key)));
    data.reloader.reconcile();
    let event = |id: &str| panel::domain::LifecycleEvent {
        id: id.into(),
        kind: "candidate.hired".into(),
        candidate_id: "1".into(),
        job_id: "1".into(),
        stage: "onboarding".into(),
        occurred_at: "2026-11-22T10:00:00Z".into(),
        payload: "{}".into(),
    };
    let send = |port: u16, id: &'static str| {
        let active = data.registry.resolve("hostile-connector", &VersionReq::STAR).expect("loaded");
        let connector = active.plugin.connector(&format!(r#"{{"url":"http://127.0.0.1:{port}/hires"}}"#)).expect("c");
        let event = event(id);
        async move { connector.handle(&event).await }
    };
    send(first_port, "evt-1").await.expect("the granted host is reached");

    // The administrator moves the grant to the second host; the package
    // still verifies, so it stays loaded, with the new grants.
    let mut policy = data.policy();
    policy.grants.clear();
    policy.grant("hostile-connector", &[format!("127.0.0.1:{second_port}").parse().expect("host")], false);
    data.write_policy(&policy);
    let report = data.reloader.reconcile();
    assert_eq!(report.regranted, ["hostile-connector@1.0.0"], "{report:?}");
    let error = send(first_port, "evt-2").await.expect_err("the first host is no longer granted");
    assert_eq!(
        error.failure,
        Failure::CapabilityDenied { capability: format!("outbound HTTP to 127.0.0.1:{first_port}") }
    );
    send(second_port, "evt-3").await.expect("the newly granted host is reached");
    assert_eq!(first.lock().expect("log").applied, ["evt-1"]);
    assert_eq!(second.lock().expect("log").applied, ["evt-3"]);
}

#[test]
fn a_package_with_a_huge_long_name_is_refused_in_the_watched_folder() {
    let (_, policy) = vendor();
    let data = Data::new(&policy);
    // A tar header for a GNU long name of a gibibyte, in a small file.
    let mut header = [0u8; 512];
    header[..13].copy_from_slice(b"././@LongLink");
    header[124..136].copy_from_slice(b"10000000000\0"); // 1 GiB, octal
    header[156] = b'L';
    header[257..263].copy_from_slice(b"ustar ");
    header[263..265].copy_from_slice(b" \0");
    header[148..156].copy_from_slice(b"        ");
    let sum: u32 = header.iter().map(|b| u32::from(*b)).sum();
    header[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &header).expect("gz");
    std::io::Write::write_all(&mut gz, &vec![b'n'; 1 << 20]).expect("gz");
    data.drop_package("long.panelpkg", &gz.finish().expect("gz"));
    let report = data.reloader.reconcile();
    let (_, why) = &report.rejected[0];
    assert!(why.contains("unexpected entry \"././@LongLink\""), "{why}");
    assert!(why.len() < 300, "{why}");
}
