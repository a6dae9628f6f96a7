//! Directories without PATCH (RFC 7644 makes it optional): the account is
//! read and replaced whole with PUT, as the directory's configuration or
//! the administrator's `updates` says, or after a PATCH answered 501 or 405.

use panel_plugin_sdk::LogLevel;
use panel_plugin_sdk::testing::take_logs;

use super::*;

const USER: &str = "/Users/u-42";
const DIRECTORY_OWN: &str = "urn:example:directory:1.0:User";

/// The account as the directory holds it: inactive, with attributes and an
/// extension of the directory's own that Panel never sets, and its `meta`.
fn held() -> Value {
    json!({
        "schemas": [CORE_USER, ENTERPRISE_USER, DIRECTORY_OWN],
        "id": "u-42",
        "externalId": "panel-7",
        "userName": "ouyang.nana@acme.example",
        "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
        "active": true,
        "groups": [{ "value": "g-1", "display": "产品部" }],
        ENTERPRISE_USER: { "employeeNumber": "E1024", "division": "Consumer" },
        DIRECTORY_OWN: { "mailboxQuota": "50GB", "badge": 1024 },
        "meta": {
            "resourceType": "User",
            "version": "W/\"3\"",
            "location": "https://dir.example/scim/v2/Users/u-42"
        }
    })
}

fn with_updates(updates: &str) -> Value {
    let mut config = config();
    config["updates"] = json!(updates);
    config
}

fn leave() -> LifecycleEvent {
    event("employee.left", json!({ "candidate": { "name": "欧阳娜娜" }, "departure": { "last_day": "2027-06-30" } }))
}

/// The PUT's body, and its `If-Match`.
fn put_of(directory: &Directory) -> (Value, Option<String>) {
    let put = directory.calls.iter().find(|c| c.method == Method::Put).expect("a PUT");
    let if_match = put.headers.iter().find(|(n, _)| n == "if-match").map(|(_, v)| v.clone());
    (put.body.clone().expect("a body"), if_match)
}

#[test]
fn a_directory_without_patch_is_updated_by_put_keeping_what_it_holds() {
    let mut directory = Directory::new([
        list(json!([{ "id": "u-42", "active": false }])),
        list(json!([{ "id": "mgr-1", "meta": { "location": "https://dir.example/scim/v2/Users/mgr-1" } }])),
        service_provider_config(false),
        (200, held()),
        (200, json!({ "id": "u-42" })),
    ]);
    let outcome = directory.run(config(), &event("candidate.hired", hire_payload())).expect("updated");
    assert!(matches!(outcome, Outcome::Applied(ref id) if id == "u-42"), "{outcome:?}");
    assert_eq!(
        directory.requests(),
        [
            (Method::Get, BY_EXTERNAL_ID),
            (Method::Get, MANAGER_BY_USER_NAME),
            (Method::Get, CONFIG),
            (Method::Get, USER),
            (Method::Put, USER)
        ]
    );
    let (body, if_match) = put_of(&directory);
    assert_eq!(if_match.as_deref(), Some("W/\"3\""), "the version read is the one replaced");
    assert_eq!(
        body,
        json!({
            "schemas": [CORE_USER, ENTERPRISE_USER, DIRECTORY_OWN],
            "id": "u-42",
            "externalId": "panel-7",
            "userName": "ouyang.nana@acme.example",
            "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
            "displayName": "欧阳娜娜",
            "title": "产品经理",
            "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
            "addresses": [{ "type": "work", "locality": "杭州", "primary": true }],
            "active": true,
            "groups": [{ "value": "g-1", "display": "产品部" }],
            ENTERPRISE_USER: {
                "employeeNumber": "E1024",
                "division": "Consumer",
                "costCenter": "CC-410",
                "department": "产品部",
                "manager": { "value": "mgr-1", "$ref": "https://dir.example/scim/v2/Users/mgr-1" }
            },
            DIRECTORY_OWN: { "mailboxQuota": "50GB", "badge": 1024 }
        })
    );
    for call in &directory.calls {
        assert!(call.headers.contains(&("user-agent".into(), USER_AGENT.into())), "{call:?}");
    }
}

#[test]
fn leaving_deactivates_by_put_where_the_directory_has_no_patch() {
    let mut directory = Directory::new([
        list(json!([{ "id": "u-42", "active": true }])),
        service_provider_config(false),
        (200, held()),
        (204, Value::Null),
    ]);
    let outcome = directory.run(config(), &leave()).expect("deactivated");
    assert!(matches!(outcome, Outcome::Applied(ref id) if id == "u-42"), "{outcome:?}");
    assert_eq!(
        directory.requests(),
        [(Method::Get, BY_EXTERNAL_ID), (Method::Get, CONFIG), (Method::Get, USER), (Method::Put, USER)]
    );
    let mut expected = held();
    expected["active"] = json!(false);
    expected.as_object_mut().expect("object").remove("meta");
    assert_eq!(put_of(&directory).0, expected, "only active changes; meta is the directory's to write");

    // Already inactive: nothing to change, so the configuration is not read either.
    let mut again = Directory::new([list(json!([{ "id": "u-42", "active": false }]))]);
    assert!(matches!(again.run(config(), &leave()), Ok(Outcome::Duplicate(_))));
    assert_eq!(again.requests(), [(Method::Get, BY_EXTERNAL_ID)]);
}

#[test]
fn a_patch_refused_as_not_there_is_made_again_as_a_put_in_the_same_call() {
    // No configuration to read (404): PATCH, then PUT once it answers 501.
    let mut unsaid = Directory::new([
        list(json!([{ "id": "u-42", "active": true }])),
        (404, json!({ "status": "404" })),
        (501, json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "501" })),
        (200, held()),
        (200, held()),
    ]);
    take_logs();
    assert!(matches!(unsaid.run(config(), &leave()), Ok(Outcome::Applied(_))));
    assert_eq!(
        unsaid.requests(),
        [
            (Method::Get, BY_EXTERNAL_ID),
            (Method::Get, CONFIG),
            (Method::Patch, USER),
            (Method::Get, USER),
            (Method::Put, USER)
        ]
    );
    assert_eq!(put_of(&unsaid).0["active"], false);
    let logs = take_logs();
    assert!(
        logs.iter().any(|(level, line)| *level == LogLevel::Warn && line.contains("answered 501 to PATCH")),
        "{logs:?}"
    );

    // A configuration claiming PATCH, and a 405 on it.
    let mut wrong = Directory::new([
        list(json!([{ "id": "u-42", "active": true }])),
        service_provider_config(true),
        (405, Value::Null),
        (200, held()),
        (200, held()),
    ]);
    assert!(matches!(wrong.run(config(), &leave()), Ok(Outcome::Applied(_))));
    assert_eq!(wrong.requests()[2..], [(Method::Patch, USER), (Method::Get, USER), (Method::Put, USER)]);
}

#[test]
fn a_configured_method_is_used_without_asking_the_directory() {
    let mut put = Directory::new([list(json!([{ "id": "u-42", "active": true }])), (200, held()), (200, held())]);
    assert!(matches!(put.run(with_updates("put"), &leave()), Ok(Outcome::Applied(_))));
    assert_eq!(put.requests(), [(Method::Get, BY_EXTERNAL_ID), (Method::Get, USER), (Method::Put, USER)]);

    let mut patch = Directory::new([list(json!([{ "id": "u-42", "active": true }])), (204, Value::Null)]);
    assert!(matches!(patch.run(with_updates("patch"), &leave()), Ok(Outcome::Applied(_))));
    assert_eq!(patch.requests(), [(Method::Get, BY_EXTERNAL_ID), (Method::Patch, USER)]);

    // PATCH configured on a directory without it: permanent, with what to change, and no PUT.
    let mut refused = Directory::new([list(json!([{ "id": "u-42", "active": true }])), (501, Value::Null)]);
    let error = refused.run(with_updates("patch"), &leave()).expect_err("not implemented");
    assert_eq!((error.code.as_str(), error.retryable), ("upstream-rejected", false), "{error:?}");
    assert!(error.message.starts_with("deactivating the account: the server answered 501"), "{error:?}");
    assert!(error.message.contains("set updates to \"put\""), "{error:?}");
    assert_eq!(refused.calls.len(), 2);
}

#[test]
fn a_replacement_never_overwrites_a_change_or_another_account() {
    // Changed in the directory between the read and the PUT: tried again later, reading afresh.
    let mut raced = Directory::new([
        list(json!([{ "id": "u-42", "active": true }])),
        (200, held()),
        (412, json!({ "status": "412" })),
    ]);
    let error = raced.run(with_updates("put"), &leave()).expect_err("precondition failed");
    assert!(error.retryable && error.message.contains("412"), "{error:?}");

    let mut other = held();
    other["id"] = json!("u-43");
    let mut confused = Directory::new([list(json!([{ "id": "u-42", "active": true }])), (200, other)]);
    let error = confused.run(with_updates("put"), &leave()).expect_err("another account");
    assert!(!error.retryable && error.message.contains("another account"), "{error:?}");
    assert_eq!(confused.calls.len(), 2, "nothing is replaced");

    let mut gone = Directory::new([list(json!([{ "id": "u-42", "active": true }])), (404, json!({ "status": "404" }))]);
    let error = gone.run(with_updates("put"), &leave()).expect_err("gone");
    assert!(error.message.starts_with("reading the account to replace it: the server answered 404"), "{error:?}");
}
