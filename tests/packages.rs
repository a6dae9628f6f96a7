//! Plugin packages with the real built components: signatures against the
//! trust policy, capability grants, several versions side by side with
//! semver resolution, scoped bindings with checked configuration on SQLite
//! and PostgreSQL, and hot reload of the packages directory.

use std::sync::Arc;
use std::time::{Duration, Instant};

use panel::engine::{BindError, PluginSource, ScopedPlugins};
use panel::kinds::Rubric;
use panel::packages::catalog::InstallOutcome;
use panel::packages::verify::verify;
use panel::packages::watch::{Reloader, watch};
use panel::packages::{Catalog, PackageError, PluginRegistry, Scope, ScopeKind, Signer, TrustPolicy, trust};
use panel::store::{AuditBy, NewBinding, NewJob, RegionPolicy, Store, StoreError, UnitKind};
use panel_e2e::db::databases;
use panel_e2e::packages::{drop_file, manifest, package, package_bytes, vendor};
use panel_e2e::{answer, behavioural_question, runtime, supervisor_job};
use semver::{Version, VersionReq};

const BY: AuditBy<'static> = AuditBy { actor: "test", origin: "tests/packages.rs" };

fn bank_manifest(version: &str) -> String {
    manifest("bank-core", version, "question-bank", "")
}

#[test]
fn signatures_are_checked_against_the_trust_policy() {
    let (key, policy) = vendor();
    let text = bank_manifest("0.1.0");
    let good = package("bank-core", &text, Some(&key));
    let verified = verify(&good.to_bytes().expect("pack"), &policy).expect("a signed package from a trusted key");
    assert!(matches!(verified.signer, Signer::Trusted { ref name, .. } if name == "Test vendor"));

    let mut tampered_component = good.clone();
    let last = tampered_component.component.len() - 1;
    tampered_component.component[last] ^= 1;
    let err = verify(&tampered_component.to_bytes().expect("pack"), &policy).expect_err("tampered component");
    assert!(matches!(err, PackageError::BadSignature { .. }), "{err}");
    assert!(err.to_string().contains("changed after it was signed"), "{err}");

    let mut tampered_manifest = good.clone();
    tampered_manifest.manifest = bank_manifest("0.1.0").replace("Test vendor", "Trusted Corp").into_bytes();
    let err = verify(&tampered_manifest.to_bytes().expect("pack"), &policy).expect_err("tampered manifest");
    assert!(matches!(err, PackageError::BadSignature { .. }), "{err}");

    let (stranger, _) = vendor();
    let err = verify(&package_bytes("bank-core", &text, Some(&stranger)), &policy).expect_err("unknown key");
    assert!(matches!(err, PackageError::UntrustedKey { .. }), "{err}");
    assert!(err.to_string().contains(&stranger.public().to_string()), "names the key: {err}");

    let unsigned = package_bytes("bank-core", &text, None);
    let err = verify(&unsigned, &policy).expect_err("unsigned without permission");
    assert!(matches!(err, PackageError::Unsigned { .. }), "{err}");
    assert!(err.to_string().contains("allow-unsigned"), "says how to allow it: {err}");
    let permissive = TrustPolicy { allow_unsigned: true, ..policy.clone() };
    assert_eq!(verify(&unsigned, &permissive).expect("allowed").signer, Signer::Unsigned);
}

#[test]
fn manifests_must_agree_with_their_component() {
    let (key, policy) = vendor();
    let check = |text: &str, crate_name: &str| verify(&package_bytes(crate_name, text, Some(&key)), &policy);

    let err =
        check(&bank_manifest("0.1.0").replace("api = \"0.2.0\"", "api = \"0.2.1\""), "bank-core").expect_err("api");
    assert!(matches!(err, PackageError::Mismatch { field: "api", .. }), "{err}");

    let future = manifest("future-api", "1.0.0", "rubric", "").replace("api = \"0.2.0\"", "api = \"0.9.0\"");
    let err = check(&future, "future-api").expect_err("unsupported API");
    assert!(matches!(err, PackageError::UnsupportedApi { .. }), "{err}");
    assert!(err.to_string().contains(">=0.1.0, <0.3.0"), "{err}");

    // The kind is only known once compiled: install catches it.
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog = Catalog::new(dir.path());
    let wrong_kind = package_bytes("bank-core", &manifest("bank-core", "0.1.0", "rubric", ""), Some(&key));
    let err = catalog.install(&wrong_kind, &policy, &runtime(), false).expect_err("kind");
    assert!(matches!(err, PackageError::Mismatch { field: "kind", .. }), "{err}");
    assert!(catalog.package_files().expect("list").is_empty(), "nothing refused is stored");
}

#[test]
fn capabilities_asked_for_must_be_granted() {
    let (key, mut policy) = vendor();
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog = Catalog::new(dir.path());
    let rt = runtime();
    let text =
        manifest("hostile-connector", "1.0.0", "connector", "[capabilities]\noutbound-hosts = [\"127.0.0.1:9\"]\n");
    let bytes = package_bytes("hostile-connector", &text, Some(&key));

    let err = catalog.install(&bytes, &policy, &rt, false).expect_err("not granted");
    assert!(
        matches!(err, PackageError::NotGranted { ref capability, .. } if capability == "outbound host 127.0.0.1:9")
    );
    assert!(err.to_string().contains("panel plugin grant hostile-connector --host 127.0.0.1:9"), "{err}");

    // A grant for another port does not cover it.
    policy.grant("hostile-connector", &["127.0.0.1:10".parse().expect("host")], false);
    assert!(matches!(catalog.install(&bytes, &policy, &rt, false), Err(PackageError::NotGranted { .. })));

    policy.grant("hostile-connector", &["127.0.0.1:9".parse().expect("host")], false);
    let (active, outcome) = catalog.install(&bytes, &policy, &rt, false).expect("granted");
    assert_eq!(outcome, InstallOutcome::Installed);
    // It runs with what it asked for, not everything granted.
    assert!(active.plugin.grants().allows_host("127.0.0.1", 9));
    assert!(!active.plugin.grants().allows_host("127.0.0.1", 10));

    let embeddings = manifest("hostile-rubric", "1.0.0", "rubric", "[capabilities]\nembeddings = true\n");
    let err = catalog
        .install(&package_bytes("hostile-rubric", &embeddings, Some(&key)), &policy, &rt, false)
        .expect_err("embeddings not granted");
    assert!(matches!(err, PackageError::NotGranted { ref capability, .. } if capability == "embeddings"), "{err}");
}

#[test]
fn configured_hosts_reach_only_what_the_administrator_grants_by_name() {
    let (key, mut policy) = vendor();
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog = Catalog::new(dir.path());
    let rt = runtime();
    let text = manifest("hostile-connector", "1.0.0", "connector", "[capabilities]\nconfigured-hosts = true\n");
    let bytes = package_bytes("hostile-connector", &text, Some(&key));

    // Installable before any host is named (so it can be configured), but it reaches nothing.
    let (active, _) = catalog.install(&bytes, &policy, &rt, false).expect("installs without a grant");
    assert!(!active.plugin.grants().allows_host("127.0.0.1", 9));

    policy.grant("hostile-connector", &["127.0.0.1:9".parse().expect("host")], false);
    policy.grant_secret("hostile-connector", "api-token", "env:ACME_TOKEN".parse().expect("source"));
    let (active, _) = catalog.install(&bytes, &policy, &rt, true).expect("reinstall");
    let grants = active.plugin.grants();
    assert!(grants.allows_host("127.0.0.1", 9));
    assert!(!grants.allows_host("127.0.0.1", 10));
    assert_eq!(grants.secrets.keys().collect::<Vec<_>>(), ["api-token"]);

    // The policy round-trips through its file, and a bad secret name is refused with the field named.
    let path = dir.path().join(trust::FILE);
    policy.write(&path).expect("write");
    assert_eq!(TrustPolicy::read(&path).expect("read"), policy);
    std::fs::write(&path, "[grants.x]\nsecrets = { Bad_Name = \"env:X\" }\n").expect("write");
    let err = TrustPolicy::read(&path).expect_err("bad name").to_string();
    assert!(err.contains("grants.x.secrets") && err.contains("Bad_Name"), "{err}");
}

#[test]
fn versions_side_by_side_resolve_by_semver_and_uninstall_respects_bindings() {
    let (key, policy) = vendor();
    let data = tempfile::tempdir().expect("tempdir");
    let catalog = Catalog::new(data.path().join("packages"));
    let rt = runtime();
    for version in ["0.1.0", "0.1.5", "0.2.0", "1.0.0"] {
        let bytes = package_bytes("bank-core", &bank_manifest(version), Some(&key));
        let (_, outcome) = catalog.install(&bytes, &policy, &rt, false).expect("install");
        assert_eq!(outcome, InstallOutcome::Installed, "{version}");
        let (_, again) = catalog.install(&bytes, &policy, &rt, false).expect("install again");
        assert_eq!(again, InstallOutcome::AlreadyInstalled, "{version}");
    }
    // Another build under a version already installed is a conflict.
    let rebuilt = package_bytes(
        "bank-core",
        &bank_manifest("0.2.0").replacen("vendor = ", "description = \"rebuilt\"\nvendor = ", 1),
        Some(&key),
    );
    assert!(matches!(catalog.install(&rebuilt, &policy, &rt, false), Err(PackageError::Conflict { .. })));
    assert_eq!(catalog.install(&rebuilt, &policy, &rt, true).expect("forced").1, InstallOutcome::Replaced);

    policy.write(&data.path().join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog.clone(), &data.path().join(trust::FILE), rt, registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    let resolved = |req: &str| {
        registry.resolve("bank-core", &VersionReq::parse(req).expect("req")).map(|p| p.manifest.version.to_string())
    };
    assert_eq!(resolved("^0.1").as_deref(), Some("0.1.5"));
    assert_eq!(resolved("=0.1.0").as_deref(), Some("0.1.0"));
    assert_eq!(resolved("^0.2").as_deref(), Some("0.2.0"));
    assert_eq!(resolved("*").as_deref(), Some("1.0.0"));
    assert_eq!(resolved(">=0.1.2, <1").as_deref(), Some("0.2.0"));
    assert_eq!(resolved("^2"), None);

    let binding = |req: &str| panel::packages::Binding {
        id: 7,
        organisation_id: 1,
        scope: Scope::new(ScopeKind::Department, 4),
        plugin_id: "bank-core".into(),
        requirement: VersionReq::parse(req).expect("req"),
        enabled: true,
        config: serde_json::json!({}),
        updated_at: 0,
    };
    let v = |s: &str| Version::parse(s).expect("version");
    let err = catalog.uninstall("bank-core", &v("0.2.0"), &[binding("^0.2")], false).expect_err("needed");
    assert!(err.to_string().contains("bank-core ^0.2 on department 4"), "names the binding: {err}");
    catalog.uninstall("bank-core", &v("0.1.5"), &[binding("^0.1")], false).expect("0.1.0 still serves ^0.1");
    catalog.uninstall("bank-core", &v("0.2.0"), &[binding("^0.2")], true).expect("forced");
    assert_eq!(catalog.versions("bank-core").expect("versions"), [v("0.1.0"), v("1.0.0")]);
    assert!(matches!(catalog.uninstall("bank-core", &v("0.2.0"), &[], false), Err(PackageError::NotInstalled { .. })));
}

/// Organisation ─ East ─ Suzhou ─ Sales (job 0), Ops (job 1)
///              └ West ─ Chengdu ─ Support (job 2)
async fn org_tree(store: &Store) -> (i64, Vec<i64>, [i64; 3]) {
    let org = store.create_organisation("Acme").await.expect("organisation");
    let policy = RegionPolicy::default();
    let east = store.create_unit(org, None, UnitKind::Region, "East", policy).await.expect("region");
    let west = store.create_unit(org, None, UnitKind::Region, "West", policy).await.expect("region");
    let suzhou = store.create_unit(org, Some(east), UnitKind::Branch, "Suzhou", policy).await.expect("branch");
    let chengdu = store.create_unit(org, Some(west), UnitKind::Branch, "Chengdu", policy).await.expect("branch");
    let mut jobs = Vec::new();
    let mut departments = [0; 3];
    for (i, (branch, name)) in [(suzhou, "Sales"), (suzhou, "Ops"), (chengdu, "Support")].into_iter().enumerate() {
        let department = store.create_unit(org, Some(branch), UnitKind::Department, name, policy).await.expect("dept");
        departments[i] = department;
        let profile = supervisor_job();
        let job = NewJob {
            department_id: department,
            title: format!("{name} lead"),
            industry: profile.industry,
            locale: "en".into(),
            key_role: false,
            description: String::new(),
            dimensions: profile.dimensions,
            requirements: Default::default(),
            review_margin: 0.5,
        };
        jobs.push(store.create_job(&job).await.expect("job"));
    }
    let _ = east;
    (org, jobs, departments)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bindings_resolve_per_scope_with_checked_configuration() {
    let (key, policy) = vendor();
    let data = tempfile::tempdir().expect("tempdir");
    let catalog = Catalog::new(data.path().join("packages"));
    let rt = runtime();
    for (crate_name, kind) in [("bank-core", "question-bank"), ("rubric-star", "rubric")] {
        let schema =
            std::fs::read_to_string(format!("{}/../plugins/{crate_name}/plugin.toml", env!("CARGO_MANIFEST_DIR")))
                .expect("first-party manifest");
        let schema = &schema[schema.find("[config-schema]").expect("a config schema")..];
        let bytes = package_bytes(crate_name, &manifest(crate_name, "0.1.0", kind, schema), Some(&key));
        catalog.install(&bytes, &policy, &rt, false).expect("install");
    }
    policy.write(&data.path().join(trust::FILE)).expect("policy");
    let registry = Arc::new(PluginRegistry::new());
    Reloader::new(catalog, &data.path().join(trust::FILE), rt, registry.clone()).reconcile();

    for db in databases().await {
        let store = db.store.clone();
        let (org, jobs, [sales, ops, _support]) = org_tree(&store).await;
        let scoped = ScopedPlugins::new(store.clone(), registry.clone());
        let bind = |scope: Scope, plugin: &str, req: &str, enabled: bool, config: serde_json::Value| NewBinding {
            scope,
            plugin_id: plugin.into(),
            requirement: VersionReq::parse(req).expect("req"),
            enabled,
            config,
        };
        let units = store.units(org).await.expect("units");
        let east = units.iter().find(|u| u.name == "East").expect("east").id;

        scoped
            .bind(
                org,
                bind(Scope::new(ScopeKind::Organisation, org), "bank-core", "^0.1", true, serde_json::json!({})),
                BY,
            )
            .await
            .expect("org-wide bank");
        scoped
            .bind(
                org,
                bind(Scope::new(ScopeKind::Region, east), "rubric-star", "^0.1", true, serde_json::json!({})),
                BY,
            )
            .await
            .expect("rubric for the east");
        scoped
            .bind(
                org,
                bind(Scope::new(ScopeKind::Department, ops), "rubric-star", "*", false, serde_json::json!({})),
                BY,
            )
            .await
            .expect("ops switches it off");
        scoped
            .bind(
                org,
                bind(
                    Scope::new(ScopeKind::Department, sales),
                    "rubric-star",
                    "^0.1",
                    true,
                    serde_json::json!({ "kinds": ["open"] }),
                ),
                BY,
            )
            .await
            .expect("sales configures it");

        let serving = |job: i64| {
            let scoped = &scoped;
            let store = &store;
            async move {
                let job = store.job(job).await.expect("job");
                let mut names: Vec<String> = scoped
                    .serving(&job)
                    .await
                    .expect("resolve")
                    .iter()
                    .map(|s| format!("{}@{} {}", s.plugin.manifest.id, s.plugin.manifest.version, s.binding.config))
                    .collect();
                names.sort();
                names
            }
        };
        assert_eq!(
            serving(jobs[0]).await,
            ["bank-core@0.1.0 {}", "rubric-star@0.1.0 {\"kinds\":[\"open\"]}"],
            "{}: sales",
            db.name
        );
        assert_eq!(serving(jobs[1]).await, ["bank-core@0.1.0 {}"], "{}: ops switched the rubric off", db.name);
        assert_eq!(serving(jobs[2]).await, ["bank-core@0.1.0 {}"], "{}: the west has no rubric", db.name);

        // The engine sees the same through its plugin source.
        let sales_job = store.job(jobs[0]).await.expect("job");
        let rubrics = scoped.rubrics_for(&sales_job).await;
        assert_eq!(rubrics.len(), 1);
        let scores = rubrics[0]
            .score(&sales_job.profile, &behavioural_question("en"), &answer("en", "We fixed the line."))
            .await
            .expect("the configured rubric runs");
        assert!(scores.is_empty(), "configured for open questions only, it leaves behavioural ones alone");

        // Configuration is checked against the schema, naming the field.
        let err = scoped
            .bind(
                org,
                bind(
                    Scope::new(ScopeKind::Job, jobs[2]),
                    "rubric-star",
                    "^0.1",
                    true,
                    serde_json::json!({ "kinds": ["dance"] }),
                ),
                BY,
            )
            .await
            .expect_err("bad config");
        assert!(matches!(err, BindError::Config { ref error, .. } if error.field == "/kinds/0"), "{}: {err}", db.name);
        let err = scoped
            .bind(
                org,
                bind(
                    Scope::new(ScopeKind::Job, jobs[2]),
                    "bank-core",
                    "^0.1",
                    true,
                    serde_json::json!({ "colour": "red" }),
                ),
                BY,
            )
            .await
            .expect_err("unknown field");
        assert!(err.to_string().contains("colour"), "{}: {err}", db.name);
        let err = scoped
            .bind(org, bind(Scope::new(ScopeKind::Job, jobs[2]), "bank-core", "^3", true, serde_json::json!({})), BY)
            .await
            .expect_err("no such version");
        assert!(err.to_string().contains("installed: 0.1.0"), "{}: {err}", db.name);
        let other = store.create_organisation("Other").await.expect("organisation");
        let err = scoped
            .bind(
                other,
                bind(Scope::new(ScopeKind::Department, sales), "bank-core", "^0.1", true, serde_json::json!({})),
                BY,
            )
            .await
            .expect_err("another organisation's department");
        assert!(matches!(err, BindError::Store(StoreError::Invalid { .. })), "{}: {err}", db.name);
        // Nothing refused was stored, and every accepted change is audited.
        let stored = store.bindings(org).await.expect("bindings");
        assert_eq!(stored.len(), 4, "{}", db.name);
        for binding in stored {
            let trail = store.audit_trail(&binding.describe()).await.expect("audit");
            assert!(trail.iter().any(|e| e.action == "plugin.bind" && e.actor == "test"), "{}: {trail:?}", db.name);
        }
    }
}

/// Waits (bounded, as a guard, not an assertion on speed) until `done` holds.
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(60), "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hot_reload_keeps_calls_in_flight_and_refuses_broken_packages() {
    let (key, policy) = vendor();
    let data = tempfile::tempdir().expect("tempdir");
    policy.write(&data.path().join(trust::FILE)).expect("policy");
    let catalog = Catalog::new(data.path().join("packages"));
    let registry = Arc::new(PluginRegistry::new());
    let reloader =
        Arc::new(Reloader::new(catalog.clone(), &data.path().join(trust::FILE), runtime(), registry.clone()));
    reloader.reconcile();
    let _watch = watch(reloader.clone()).expect("watch");
    let file = catalog.dir().join("hostile.panelpkg");
    let version_of = |registry: &PluginRegistry| {
        registry.resolve("hostile-rubric", &VersionReq::STAR).map(|p| p.manifest.version.to_string())
    };

    drop_file(&file, &package_bytes("hostile-rubric", &manifest("hostile-rubric", "1.0.0", "rubric", ""), Some(&key)));
    until("1.0.0 serves", || version_of(&registry).as_deref() == Some("1.0.0")).await;

    let v1 = registry.resolve("hostile-rubric", &VersionReq::STAR).expect("loaded");
    let slow = v1.plugin.rubric(r#"{"attack":"slow","millis":1000}"#).expect("a rubric");
    let in_flight = tokio::spawn(async move {
        let job = supervisor_job();
        let result = slow.score(&job, &behavioural_question("en"), &answer("en", "text")).await;
        (slow.plugin().to_string(), result)
    });
    drop(v1);

    drop_file(&file, &package_bytes("hostile-rubric", &manifest("hostile-rubric", "2.0.0", "rubric", ""), Some(&key)));
    until("2.0.0 serves", || version_of(&registry).as_deref() == Some("2.0.0")).await;
    assert!(!in_flight.is_finished(), "the slow call is still running when the new version takes over");
    assert_eq!(registry.versions("hostile-rubric"), [Version::new(2, 0, 0)], "1.0.0 is unloaded");
    let (served_by, result) = in_flight.await.expect("call task");
    assert_eq!(served_by, "hostile-rubric@1.0.0");
    assert_eq!(result.expect("the call in flight finishes on the old version").len(), 1);
    let next =
        registry.resolve("hostile-rubric", &VersionReq::STAR).expect("loaded").plugin.rubric("{}").expect("rubric");
    next.score(&supervisor_job(), &behavioural_question("en"), &answer("en", "text"))
        .await
        .expect("new version serves");
    assert_eq!(next.plugin().to_string(), "hostile-rubric@2.0.0");

    // A corrupt file and a tampered package are refused; 2.0.0 keeps serving.
    // `refused` is a standing state, so a pass started before the write and
    // finished after it cannot be mistaken for the one that looked.
    let refusal = || reloader.refused().into_iter().find(|(p, _)| *p == file).map(|(_, why)| why);
    drop_file(&file, b"this is not a package");
    until("the corrupt file is refused", || refusal().is_some_and(|why| why.contains("not a Panel package"))).await;
    assert_eq!(version_of(&registry).as_deref(), Some("2.0.0"));

    let mut tampered = package("hostile-rubric", &manifest("hostile-rubric", "3.0.0", "rubric", ""), Some(&key));
    tampered.component.push(0);
    drop_file(&file, &tampered.to_bytes().expect("pack"));
    until("the tampered package is refused", || {
        refusal().is_some_and(|why| why.contains("changed after it was signed"))
    })
    .await;
    assert_eq!(version_of(&registry).as_deref(), Some("2.0.0"));

    // Removing the file unloads what it served.
    std::fs::remove_file(&file).expect("remove");
    until("nothing serves", || version_of(&registry).is_none()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trust_policy_changes_apply_without_a_restart() {
    let (key, mut policy) = vendor();
    let data = tempfile::tempdir().expect("tempdir");
    let policy_path = data.path().join(trust::FILE);
    policy.write(&policy_path).expect("policy");
    let catalog = Catalog::new(data.path().join("packages"));
    let registry = Arc::new(PluginRegistry::new());
    let reloader = Arc::new(Reloader::new(catalog.clone(), &policy_path, runtime(), registry.clone()));
    reloader.reconcile();
    let _watch = watch(reloader.clone()).expect("watch");
    let loaded = || registry.resolve("hostile-connector", &VersionReq::STAR).is_some();

    // Dropped in before its outbound host is granted: refused.
    let text =
        manifest("hostile-connector", "1.0.0", "connector", "[capabilities]\noutbound-hosts = [\"127.0.0.1:9\"]\n");
    let file = catalog.dir().join("connector.panelpkg");
    let refusal = || reloader.refused().into_iter().find(|(p, _)| *p == file).map(|(_, why)| why);
    drop_file(&file, &package_bytes("hostile-connector", &text, Some(&key)));
    until("the package is refused", || refusal().is_some()).await;
    assert!(refusal().is_some_and(|why| why.contains("not granted")), "{:?}", reloader.refused());
    assert!(!loaded());

    // The administrator grants it: it loads, with nothing done to the package.
    policy.grant("hostile-connector", &["127.0.0.1:9".parse().expect("host")], false);
    policy.write(&policy_path).expect("policy");
    until("the granted package serves", loaded).await;
    assert_eq!(refusal(), None, "a package that loads is no longer refused");

    // The vendor's key is withdrawn: it stops serving.
    policy.trusted_keys.clear();
    policy.write(&policy_path).expect("policy");
    until("the untrusted package is unloaded and refused", || {
        !loaded() && refusal().is_some_and(|why| why.contains("not trusted"))
    })
    .await;
}
