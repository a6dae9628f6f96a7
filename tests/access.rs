//! Access beyond the authorization table: adding a candidate never hands HR
//! someone of another department (nor tells them the person exists), and
//! plugin bindings show their configurations' secrets to nobody.

use panel::api::ApiConfig;
use panel_e2e::api::{TestServer, job_body};
use panel_e2e::db::databases;
use panel_e2e::packages::signed_registry;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

struct Org {
    id: i64,
    admin: String,
    hr_a: String,
    dept: [i64; 2],
    job: [i64; 2],
}

async fn org(s: &TestServer) -> Org {
    let (id, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let unit = |kind: &'static str, name: &'static str, parent: Option<i64>| {
        let admin = admin.clone();
        async move {
            s.post("/api/v1/org/units", &admin, json!({"kind": kind, "name": name, "parent_id": parent})).await["id"]
                .as_i64()
                .expect("unit id")
        }
    };
    let region = unit("region", "East", None).await;
    let branch = unit("branch", "Suzhou", Some(region)).await;
    let dept =
        [unit("department", "Assembly", Some(branch)).await, unit("department", "Logistics", Some(branch)).await];
    s.post(
        "/api/v1/users",
        &admin,
        json!({"email": "hr-a@acme.example", "name": "HR A", "password": "a long enough password", "role": "hr",
               "unit_id": dept[0]}),
    )
    .await;
    let hr_a = s.login("hr-a@acme.example", "a long enough password").await;
    let mut job = [0; 2];
    for i in 0..2 {
        job[i] = s.post("/api/v1/jobs", &admin, job_body(dept[i], "Supervisor")).await["id"].as_i64().expect("job");
    }
    Org { id, admin, hr_a, dept, job }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_candidate_never_reaches_into_another_department() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        // Department B's candidate, with a resume and a reference from the ATS.
        let theirs = s
            .post(
                &format!("/api/v1/jobs/{}/candidates", o.job[1]),
                &o.admin,
                json!({"name": "Wu Fang", "email": "wu.fang@example.com", "phone": "+86 138 0000 0000",
                       "external_ref": "ats-77", "resume_text": "Logistics planner, 6 years"}),
            )
            .await;
        let theirs_id = theirs["candidate_id"].as_i64().expect("candidate id");
        let read_theirs = format!("/api/v1/candidates/{theirs_id}");
        assert_eq!(
            s.call(Method::GET, &read_theirs, Some(&o.hr_a), None).await.0,
            StatusCode::FORBIDDEN,
            "{}",
            db.name
        );

        // HR of A adds someone under the same reference, then the same email:
        // each time a record of their own, answered exactly as for a stranger.
        let stranger = s
            .call(
                Method::POST,
                &format!("/api/v1/jobs/{}/candidates", o.job[0]),
                Some(&o.hr_a),
                Some(json!({"name": "Somebody", "email": "nobody-known@example.com", "external_ref": "ats-new"})),
            )
            .await;
        for probe in [
            json!({"name": "Wu Fang", "email": "other@example.com", "external_ref": "ats-77"}),
            json!({"name": "Wu Fang", "email": "WU.FANG@example.com"}),
        ] {
            let (status, added) = s
                .call(Method::POST, &format!("/api/v1/jobs/{}/candidates", o.job[0]), Some(&o.hr_a), Some(probe))
                .await;
            assert_eq!((status, &added["created"]), (stranger.0, &stranger.1["created"]), "{}: {added}", db.name);
            assert_eq!(status, StatusCode::CREATED, "{}: {added}", db.name);
            let mine = added["candidate_id"].as_i64().expect("candidate id");
            assert_ne!(mine, theirs_id, "{}: HR of A was given department B's candidate", db.name);
            let view = s.get(&format!("/api/v1/candidates/{mine}"), &o.hr_a).await;
            assert!(!view.to_string().contains("Logistics planner"), "{}: B's resume leaked: {view}", db.name);
        }
        // B's candidate is still out of A's reach, and has only B's application.
        assert_eq!(
            s.call(Method::GET, &read_theirs, Some(&o.hr_a), None).await.0,
            StatusCode::FORBIDDEN,
            "{}",
            db.name
        );
        let view = s.get(&read_theirs, &o.admin).await;
        let jobs: Vec<i64> = view["applications"]
            .as_array()
            .expect("applications")
            .iter()
            .filter_map(|a| a["job_id"].as_i64())
            .collect();
        assert_eq!(jobs, [o.job[1]], "{}: {view}", db.name);

        // Within HR's own reach, importing the same person again duplicates nothing.
        let csv = "name,email,external_ref\nWu Fang,other@example.com,ats-77\n";
        let import = format!("/api/v1/jobs/{}/candidates/import", o.job[0]);
        let (_, report) = s.raw(Method::POST, &import, Some(&o.hr_a), "text/csv", csv).await;
        assert_eq!(
            (report["created"].as_u64(), report["existing"].as_u64()),
            (Some(0), Some(1)),
            "{}: {report}",
            db.name
        );

        // The administrator sees the whole organisation and matches across it.
        let (status, matched) = s
            .call(
                Method::POST,
                &format!("/api/v1/jobs/{}/candidates", o.job[0]),
                Some(&o.admin),
                Some(json!({"name": "Wu Fang", "email": "wu.fang@example.com"})),
            )
            .await;
        assert_eq!((status, matched["candidate_id"].as_i64()), (StatusCode::OK, Some(theirs_id)), "{}", db.name);
        // Now B's candidate applies in A too: HR of A reads them, but only A's application.
        let view = s.get(&read_theirs, &o.hr_a).await;
        let jobs: Vec<i64> = view["applications"]
            .as_array()
            .expect("applications")
            .iter()
            .filter_map(|a| a["job_id"].as_i64())
            .collect();
        assert_eq!(jobs, [o.job[0]], "{}: {view}", db.name);
    }
}

/// Whether any string in `value` contains `needle`.
fn mentions(value: &Value, needle: &str) -> bool {
    value.to_string().contains(needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binding_secrets_are_never_read_back_and_hr_see_only_their_part() {
    for db in databases().await {
        let packages = tempfile::tempdir().expect("packages dir");
        let registry = signed_registry(packages.path(), &["bank-core", "rubric-star", "notify-chat-robot"]);
        let s = TestServer::start_with_registry(&db, ApiConfig::default(), registry, packages).await;
        let o = org(&s).await;
        let webhook = "https://oapi.dingtalk.com/robot/send?access_token=5f0c2a7e-robot-token";
        let robot = json!({"scope": {"kind": "department", "id": o.dept[1]}, "plugin_id": "notify-chat-robot",
            "requirement": "^0.1", "enabled": false,
            "config": {"platform": "dingtalk", "webhook": webhook, "secret": "SEC-signing-secret"}});
        let (status, saved) = s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.admin), Some(robot)).await;
        assert_eq!(status, StatusCode::OK, "{}: {saved}", db.name);
        assert!(!mentions(&saved, "robot-token") && !mentions(&saved, "SEC-signing"), "{}: {saved}", db.name);
        assert_eq!(saved["config"]["platform"], "dingtalk", "{}: {saved}", db.name);
        assert_eq!(saved["config"]["webhook"], "[secret]", "{}: {saved}", db.name);

        // Nobody reads the secrets, administrators included.
        let listed = s.get("/api/v1/plugin-bindings", &o.admin).await;
        assert!(!mentions(&listed, "robot-token") && !mentions(&listed, "SEC-signing"), "{}: {listed}", db.name);

        // HR of A see the organisation's bindings and their department's, not B's.
        let star_a = json!({"scope": {"kind": "job", "id": o.job[0]}, "plugin_id": "rubric-star", "requirement": "^0.1",
            "config": {"kinds": ["behavioural"]}});
        assert_eq!(
            s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.admin), Some(star_a)).await.0,
            StatusCode::OK
        );
        let for_hr = s.get("/api/v1/plugin-bindings", &o.hr_a).await;
        let mut scopes: Vec<String> = for_hr
            .as_array()
            .expect("a list")
            .iter()
            .map(|b| format!("{} {}", b["scope"]["kind"].as_str().unwrap_or(""), b["plugin_id"].as_str().unwrap_or("")))
            .collect();
        scopes.sort();
        assert_eq!(scopes, ["job rubric-star", "organisation bank-core", "organisation rubric-star"], "{}", db.name);

        // Saved back as read (switching it on), the secrets are kept, not
        // overwritten with the placeholder.
        let mut back = saved.clone();
        back["enabled"] = json!(true);
        let request = json!({"scope": back["scope"], "plugin_id": back["plugin_id"], "requirement": back["requirement"],
            "enabled": true, "config": back["config"]});
        let (status, body) = s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.admin), Some(request)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", db.name);
        let stored = db.store.bindings(o.id).await.expect("bindings");
        let robot = stored.iter().find(|b| b.plugin_id == "notify-chat-robot").expect("the robot's binding");
        assert_eq!((robot.enabled, robot.config["webhook"].as_str()), (true, Some(webhook)), "{}", db.name);
        assert_eq!(robot.config["secret"], "SEC-signing-secret", "{}", db.name);

        // The placeholder where nothing is kept is refused, naming the field.
        let bogus = json!({"scope": {"kind": "department", "id": o.dept[0]}, "plugin_id": "notify-chat-robot",
            "requirement": "^0.1", "config": {"platform": "wecom", "webhook": "[secret]"}});
        let (status, body) = s.call(Method::PUT, "/api/v1/plugin-bindings", Some(&o.admin), Some(bogus)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {body}", db.name);
        assert_eq!(body["error"]["field"], "config/webhook", "{}: {body}", db.name);
    }
}
