//! Region policy packs through HTTP on SQLite and PostgreSQL: a plugin that
//! declares `emotion-inference` cannot be switched on for an EU region (nor
//! for the whole organisation, which reaches it), the refusal cites the
//! article; a region cannot adopt the EU pack while such a plugin is on
//! there; a binding that reached the region anyway never serves its jobs;
//! and the pack sends every recommendation there to a person.

use std::path::Path;
use std::sync::Arc;

use panel::compliance::PackId;
use panel::packages::watch::Reloader;
use panel::packages::{Catalog, PluginRegistry, Scope, ScopeKind, trust};
use panel::store::{AuditBy, NewBinding};
use panel_e2e::api::{TestServer, job_body};
use panel_e2e::db::databases;
use panel_e2e::packages::{first_party_manifest, manifest, package_bytes, vendor};
use panel_e2e::runtime;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// bank-core and rubric-star as shipped, and `rubric-mood`: rubric-star's
/// component under a manifest that declares emotion inference.
fn registry(dir: &Path) -> Arc<PluginRegistry> {
    let (key, policy) = vendor();
    let catalog = Catalog::new(dir.join("packages"));
    let rt = runtime();
    let mood = manifest("rubric-mood", "1.0.0", "rubric", "[capabilities]\nsensitive = [\"emotion-inference\"]\n");
    for (crate_name, text) in [
        ("bank-core", first_party_manifest("bank-core")),
        ("rubric-star", first_party_manifest("rubric-star")),
        ("rubric-star", mood),
    ] {
        catalog.install(&package_bytes(crate_name, &text, Some(&key)), &policy, &rt, false).expect("install");
    }
    let policy_path = dir.join(trust::FILE);
    policy.write(&policy_path).expect("trust policy");
    let registry = Arc::new(PluginRegistry::new());
    let report = Reloader::new(catalog, &policy_path, rt, registry.clone()).reconcile();
    assert!(report.rejected.is_empty(), "{report:?}");
    registry
}

fn bind(scope: &str, id: i64) -> Value {
    json!({"scope": {"kind": scope, "id": id}, "plugin_id": "rubric-mood", "requirement": "^1"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_pack_forbids_what_its_law_forbids_and_cites_the_article() {
    for db in databases().await {
        let packages = tempfile::tempdir().expect("packages dir");
        let registry = registry(packages.path());
        let s = TestServer::start_with_registry(&db, Default::default(), registry, packages).await;
        let (org, admin) = s.bootstrap("Acme", "admin@acme.example").await;
        let unit = |kind: &'static str, name: &'static str, parent: Option<i64>, pack: &'static str| {
            let s = &s;
            let admin = admin.clone();
            async move {
                let body = json!({"kind": kind, "name": name, "parent_id": parent, "policy": {"pack": pack}});
                s.post("/api/v1/org/units", &admin, body).await["id"].as_i64().expect("unit id")
            }
        };
        let eu = unit("region", "Frankfurt", None, "eu").await;
        let eu_department =
            unit("department", "Assembly", Some(unit("branch", "Hesse", Some(eu), "default").await), "default").await;
        let us = unit("region", "Springfield", None, "default").await;
        let us_department =
            unit("department", "Assembly", Some(unit("branch", "Sangamon", Some(us), "default").await), "default")
                .await;
        let eu_job =
            s.post("/api/v1/jobs", &admin, job_body(eu_department, "Supervisor")).await["id"].as_i64().expect("job");
        let us_job =
            s.post("/api/v1/jobs", &admin, job_body(us_department, "Supervisor")).await["id"].as_i64().expect("job");

        // The packs and their articles are there to read.
        let packs = s.get("/api/v1/policy-packs", &admin).await;
        let eu_pack = packs.as_array().expect("packs").iter().find(|p| p["id"] == "eu").expect("the EU pack").clone();
        assert_eq!(eu_pack["forbidden"][0]["capability"], "emotion-inference", "{}: {eu_pack}", db.name);
        assert_eq!(eu_pack["always_human_review"], true);

        // Not for the EU region, nor for anything above or below it.
        for (scope, id) in [("region", eu), ("department", eu_department), ("job", eu_job), ("organisation", org)] {
            let (status, body) =
                s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&admin), Some(bind(scope, id))).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {scope}: {body}", db.name);
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains("Frankfurt") && message.contains("Art. 5(1)(f)"),
                "{}: {scope}: {message}",
                db.name
            );
            assert_eq!(body["error"]["field"], "scope", "{body}");
        }
        // Elsewhere it may run.
        let (status, body) =
            s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&admin), Some(bind("region", us))).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        let us_binding = body["id"].as_i64().expect("binding id");

        // A region cannot adopt the pack while the plugin is on there.
        let path = format!("/api/v1/org/units/{us}/policy");
        let (status, body) = s.call(Method::PUT, &path, Some(&admin), Some(json!({"pack": "eu"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {body}", db.name);
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("binding {us_binding}")) && message.contains("rubric-mood"), "{message}");
        let (status, body) = s.call(Method::PUT, &path, Some(&admin), Some(json!({"pack": "us-nyc"}))).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        assert_eq!(body["policy"]["pack"], "us-nyc");
        s.add_staff(org, "hr@acme.example", panel::store::Role::Hr, None).await;
        let hr = s.login("hr@acme.example", "correct horse battery").await;
        let (status, _) = s.call(Method::PUT, &path, Some(&hr), Some(json!({"pack": "default"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: only administrators set a region's policy", db.name);
        let trail = s.get(&format!("/api/v1/audit?subject=unit:{us}"), &admin).await;
        assert!(trail.to_string().contains("org.region.policy"), "{}: adopting a pack is audited: {trail}", db.name);

        // A binding that reaches the EU region anyway (written before the
        // region adopted its pack, or by hand) serves nothing there.
        let by = AuditBy { actor: "tests", origin: "tests/policy_packs.rs" };
        let sneaked = NewBinding {
            scope: Scope::new(ScopeKind::Organisation, org),
            plugin_id: "rubric-mood".into(),
            requirement: semver::VersionReq::STAR,
            enabled: true,
            config: json!({}),
        };
        s.store.put_binding(org, &sneaked, by).await.expect("written directly");
        s.plugins.invalidate();
        let serving = |job_id: i64| {
            let s = &s;
            async move {
                let job = s.store.job(job_id).await.expect("job");
                let serving = s.plugins.serving(&job).await.expect("serving");
                serving.iter().map(|p| p.plugin.manifest.id.clone()).collect::<Vec<_>>()
            }
        };
        assert!(!serving(eu_job).await.contains(&"rubric-mood".to_owned()), "{}: not in the EU", db.name);
        assert!(serving(eu_job).await.contains(&"rubric-star".to_owned()), "{}: the others still serve", db.name);
        assert!(serving(us_job).await.contains(&"rubric-mood".to_owned()), "{}: elsewhere it serves", db.name);

        // The pack's rules join the region's own settings.
        let policy = s.store.region_policy(eu_department).await.expect("policy");
        assert!(policy.always_human_review && policy.forbid_automated_rejection, "{}: {policy:?}", db.name);
        assert_eq!(policy.pack, PackId::Eu);
        let us_policy = s.store.region_policy(us_department).await.expect("policy");
        assert!(!us_policy.always_human_review, "{}: {us_policy:?}", db.name);
    }
}
