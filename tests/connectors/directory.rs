//! The SCIM connector against the stand-in directory
//! (tests/support/systems/scim.rs): accounts provisioned once, updated and
//! deactivated, by PATCH where the directory has it and by PUT where it does
//! not.

use super::*;

/// The SCIM connector's `User-Agent`.
const SCIM_AGENT: &str = concat!("Panel-connector-scim/", env!("CARGO_PKG_VERSION"));

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn directory_accounts_are_provisioned_once_and_deactivated_on_leaving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let workplace = "urn:acme:scim:schemas:extension:workplace:1.0:User";
    let config = json!({
        "endpoint": format!("http://127.0.0.1:{port}/scim/v2"), "credentials": "scim-token",
        "attributes": [
            { "name": "preferredLanguage", "value": "zh-CN" },
            { "name": "nickName", "from": "candidate.nickname" },
            { "schema": workplace, "name": "badgeSite", "from": "offer.location" }
        ]
    });
    for db in databases().await {
        {
            let mut s = server.lock().expect("lock");
            s.clear();
            s.users.push(json!({ "id": "mgr-1", "userName": "li.na@acme.example", "active": true }));
            // The directory is down at first: retried.
            s.script.push_back(Scripted::Refuse(503));
        }
        let w = world(&db.store, registry.clone(), vec![("connector-scim", config.clone())]).await;
        let hire = w.hire("欧阳娜娜", Some(&offer(Some("ouyang.nana@acme.example")))).await;
        w.deliver().await;

        let external_id = format!("panel-{}", hire.candidate);
        let requests = received(&server, "/scim");
        let lines: Vec<(String, String)> = requests.iter().map(|r| (r.method.clone(), r.uri.clone())).collect();
        let find = format!("/scim/v2/Users?filter=externalId%20eq%20%22{external_id}%22");
        let manager = "/scim/v2/Users?filter=userName%20eq%20%22li.na%40acme.example%22".to_owned();
        let expected = [
            ("GET".to_owned(), find.clone()),
            ("GET".to_owned(), find.clone()),
            ("GET".to_owned(), manager.clone()),
            ("POST".to_owned(), "/scim/v2/Users".to_owned()),
        ];
        assert_eq!(lines, expected, "{}", db.name);
        for request in &requests {
            assert_eq!(request.header("authorization"), Some("Bearer tok-scim"), "{}", db.name);
            assert_eq!(request.header("accept"), Some("application/scim+json"), "{}", db.name);
            assert_eq!(request.header("user-agent"), Some(SCIM_AGENT), "{}", db.name);
        }
        let created = &requests[3];
        assert_eq!(created.header("content-type"), Some("application/scim+json"), "{}", db.name);
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        assert_eq!(
            created.body,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", workplace, enterprise],
                "externalId": external_id,
                "userName": "ouyang.nana@acme.example",
                "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
                "displayName": "欧阳娜娜",
                "title": "Production Supervisor",
                "preferredLanguage": "zh-CN",
                "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                "addresses": [{ "type": "work", "locality": "苏州", "primary": true }],
                "active": true,
                enterprise: {
                    "employeeNumber": "E1024", "costCenter": "CC-310", "department": "Assembly",
                    "manager": { "value": "mgr-1", "$ref": format!("http://127.0.0.1:{port}/scim/v2/Users/mgr-1") }
                },
                workplace: { "badgeSite": "苏州" }
            }),
            "{}",
            db.name
        );
        let done = w.deliveries(&hire.hired).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 2, "applied u-2"), "{}", db.name);

        // Another hire whose create is applied but answered 503: the retry finds the account and updates it.
        server.lock().expect("lock").script.extend([Scripted::Normal, Scripted::Normal, Scripted::ApplyThenFail(503)]);
        let second = w.hire("Anna Schmidt", Some(&offer(Some("anna.schmidt@acme.example")))).await;
        w.deliver().await;
        let users = server.lock().expect("lock").users.clone();
        let theirs: Vec<&Value> =
            users.iter().filter(|u| u["externalId"] == format!("panel-{}", second.candidate)).collect();
        assert_eq!(theirs.len(), 1, "{}: one account, not two: {users:?}", db.name);
        assert_eq!(theirs[0]["name"]["familyName"], "Schmidt", "{}", db.name);
        let retry: Vec<Received> = received(&server, "/scim").into_iter().rev().take(2).collect();
        let config = "/scim/v2/ServiceProviderConfig";
        assert_eq!((retry[1].method.as_str(), retry[1].uri.as_str()), ("GET", config), "{}: PATCH is there?", db.name);
        let last = &retry[0];
        assert_eq!((last.method.as_str(), last.uri.as_str()), ("PATCH", "/scim/v2/Users/u-3"), "{}", db.name);
        assert_eq!(last.body["Operations"][0]["value"]["active"], true, "{}", db.name);
        assert_eq!(
            last.body["Operations"][1],
            json!({ "op": "replace", "path": format!("{workplace}:badgeSite"), "value": "苏州" }),
            "{}: an extension attribute is patched by its URN-prefixed path",
            db.name
        );

        // Leaving deactivates the account; it is not deleted.
        let before = received(&server, "/scim").len();
        let left = w.engine.record_departure(hire.application, "2027-06-30", "voluntary", BY).await.expect("departure");
        w.deliver().await;
        let leave: Vec<Received> = received(&server, "/scim").into_iter().skip(before).collect();
        let lines: Vec<(&str, &str)> = leave.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
        assert_eq!(lines, [("GET", find.as_str()), ("GET", config), ("PATCH", "/scim/v2/Users/u-2")], "{}", db.name);
        assert_eq!(
            leave[2].body,
            json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{ "op": "replace", "path": "active", "value": false }] }),
            "{}",
            db.name
        );
        let account = server.lock().expect("lock").users.iter().find(|u| u["id"] == "u-2").cloned();
        assert_eq!(account.map(|a| a["active"].clone()), Some(json!(false)), "{}: kept, inactive", db.name);
        let done = w.deliveries(&left.event_id).await;
        assert_eq!((done[0].1.as_str(), done[0].3.as_str()), ("delivered", "applied u-2"), "{}", db.name);
        no_placeholder_left(&server.lock().expect("lock").received);
    }
}

/// An account the directory holds already for `candidate` (provisioned
/// before Panel, say): inactive, with attributes and an extension of the
/// directory's own that Panel never sets.
fn held_account(id: &str, candidate: i64, user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:directory:1.0:User"],
        "id": id,
        "externalId": format!("panel-{candidate}"),
        "userName": user_name,
        "name": { "formatted": "欧阳娜娜", "middleName": "N" },
        "active": false,
        "groups": [{ "value": "g-7", "display": "Assembly" }],
        "urn:example:directory:1.0:User": { "mailboxQuota": "50GB", "badge": 1024 }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_without_patch_is_updated_and_deactivated_by_put() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = systems().await;
    let registry = registry(dir.path(), port);
    let endpoint = format!("http://127.0.0.1:{port}/scim/v2");
    let config = "/scim/v2/ServiceProviderConfig";
    let manager_ref = format!("http://127.0.0.1:{port}/scim/v2/Users/mgr-1");
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    for db in databases().await {
        {
            let mut s = server.lock().expect("lock");
            s.clear();
            (s.scim_without_patch, s.scim_hides_config) = (true, false);
            s.users.push(json!({ "id": "mgr-1", "userName": "li.na@acme.example", "active": true }));
        }
        let binding = json!({ "endpoint": endpoint, "credentials": "scim-token" });
        let w = world(&db.store, registry.clone(), vec![("connector-scim", binding)]).await;

        // The hire finds the account and, as the directory's configuration says it has no PATCH,
        // reads it and replaces it whole: active again, HR's attributes, the directory's own kept.
        let hire = w.hire("欧阳娜娜", Some(&offer(Some("ouyang.nana@acme.example")))).await;
        server.lock().expect("lock").users.push(held_account("u-7", hire.candidate, "ouyang.nana@acme.example"));
        w.deliver().await;
        let requests = received(&server, "/scim");
        let lines: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
        let find = format!("/scim/v2/Users?filter=externalId%20eq%20%22panel-{}%22", hire.candidate);
        let manager = "/scim/v2/Users?filter=userName%20eq%20%22li.na%40acme.example%22";
        assert_eq!(
            lines,
            [
                ("GET", find.as_str()),
                ("GET", manager),
                ("GET", config),
                ("GET", "/scim/v2/Users/u-7"),
                ("PUT", "/scim/v2/Users/u-7")
            ],
            "{}",
            db.name
        );
        for request in &requests {
            assert_eq!(request.header("user-agent"), Some(SCIM_AGENT), "{}: {request:?}", db.name);
            assert_eq!(request.header("authorization"), Some("Bearer tok-scim"), "{}", db.name);
        }
        let put = &requests[4];
        assert_eq!(put.header("content-type"), Some("application/scim+json"), "{}", db.name);
        assert!(put.header("if-match").is_some_and(|v| v.starts_with("W/")), "{}: {put:?}", db.name);
        assert_eq!(
            put.body,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:directory:1.0:User", enterprise],
                "id": "u-7",
                "externalId": format!("panel-{}", hire.candidate),
                "userName": "ouyang.nana@acme.example",
                "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜", "middleName": "N" },
                "displayName": "欧阳娜娜",
                "title": "Production Supervisor",
                "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                "addresses": [{ "type": "work", "locality": "苏州", "primary": true }],
                "active": true,
                "groups": [{ "value": "g-7", "display": "Assembly" }],
                "urn:example:directory:1.0:User": { "mailboxQuota": "50GB", "badge": 1024 },
                enterprise: {
                    "employeeNumber": "E1024", "costCenter": "CC-310", "department": "Assembly",
                    "manager": { "value": "mgr-1", "$ref": manager_ref }
                }
            }),
            "{}: the whole account, without meta, keeping what Panel does not set",
            db.name
        );
        let done = w.deliveries(&hire.hired).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 1, "applied u-7"), "{}", db.name);

        // The departure deactivates it the same way: only `active` changes.
        let before = received(&server, "/scim").len();
        let left = w.engine.record_departure(hire.application, "2027-06-30", "voluntary", BY).await.expect("departure");
        w.deliver().await;
        let leave: Vec<Received> = received(&server, "/scim").into_iter().skip(before).collect();
        let lines: Vec<(&str, &str)> = leave.iter().map(|r| (r.method.as_str(), r.uri.as_str())).collect();
        assert_eq!(
            lines,
            [("GET", find.as_str()), ("GET", config), ("GET", "/scim/v2/Users/u-7"), ("PUT", "/scim/v2/Users/u-7")],
            "{}",
            db.name
        );
        assert!(leave.iter().all(|r| r.header("user-agent") == Some(SCIM_AGENT)), "{}", db.name);
        let mut expected = put.body.clone();
        expected["active"] = json!(false);
        assert_eq!(leave[3].body, expected, "{}", db.name);
        let account = server.lock().expect("lock").users.iter().find(|u| u["id"] == "u-7").cloned();
        assert_eq!(account.map(|a| a["active"].clone()), Some(json!(false)), "{}: deactivated", db.name);
        let done = w.deliveries(&left.event_id).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 1, "applied u-7"), "{}", db.name);

        // No configuration to read: PATCH, answered 501, then PUT in the same delivery.
        server.lock().expect("lock").scim_hides_config = true;
        let second = w.hire("Anna Schmidt", Some(&offer(Some("anna.schmidt@acme.example")))).await;
        server.lock().expect("lock").users.push(held_account("u-8", second.candidate, "anna.schmidt@acme.example"));
        let before = received(&server, "/scim").len();
        w.deliver().await;
        let lines: Vec<(String, String)> =
            received(&server, "/scim").into_iter().skip(before).map(|r| (r.method, r.uri)).collect();
        let methods: Vec<&str> = lines.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["GET", "GET", "GET", "PATCH", "GET", "PUT"], "{}: {lines:?}", db.name);
        assert_eq!(lines[2].1, config, "{}", db.name);
        let done = w.deliveries(&second.hired).await;
        assert_eq!((done[0].1.as_str(), done[0].2, done[0].3.as_str()), ("delivered", 1, "applied u-8"), "{}", db.name);
        let account = server.lock().expect("lock").users.iter().find(|u| u["id"] == "u-8").cloned();
        assert_eq!(account.map(|a| a["active"].clone()), Some(json!(true)), "{}: reactivated", db.name);

        // PATCH configured on this directory: the 501 is dead-lettered at once, not retried.
        let binding = json!({ "endpoint": endpoint, "credentials": "scim-token", "updates": "patch" });
        let w = world(&db.store, registry.clone(), vec![("connector-scim", binding)]).await;
        let third = w.hire("Zhou Ting", Some(&offer(Some("zhou.ting@acme.example")))).await;
        server.lock().expect("lock").users.push(held_account("u-9", third.candidate, "zhou.ting@acme.example"));
        let before = received(&server, "/scim").len();
        w.deliver().await;
        let lines: Vec<(String, String)> =
            received(&server, "/scim").into_iter().skip(before).map(|r| (r.method, r.uri)).collect();
        let methods: Vec<&str> = lines.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["GET", "GET", "PATCH"], "{}: no configuration read, one PATCH: {lines:?}", db.name);
        let dead = w.deliveries(&third.hired).await;
        assert_eq!((dead[0].1.as_str(), dead[0].2), ("dead", 1), "{}: not retried: {dead:?}", db.name);
        assert!(
            dead[0].3.contains("answered 501") && dead[0].3.contains("set updates to \"put\""),
            "{}: says what to change: {dead:?}",
            db.name
        );
        no_placeholder_left(&server.lock().expect("lock").received);
    }
}
