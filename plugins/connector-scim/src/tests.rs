//! The whole exchange with a directory, against scripted answers: which
//! requests go out in which order, and what the outcome is. `updates`: the
//! same against directories without PATCH.

mod updates;

use std::collections::VecDeque;

use panel_plugin_sdk::remote::Method;
use panel_plugin_sdk::testing::set_config;
use serde_json::{Value, json};

use super::*;
use crate::user::tests::{event, hire_payload};

/// Answers each request with the next scripted answer and keeps the requests.
struct Directory {
    answers: VecDeque<(u16, Value)>,
    calls: Vec<Call>,
}

impl Directory {
    fn new(answers: impl IntoIterator<Item = (u16, Value)>) -> Self {
        Self { answers: answers.into_iter().collect(), calls: Vec::new() }
    }

    fn run(&mut self, config: Value, event: &LifecycleEvent) -> Result<Outcome, PluginError> {
        set_config(&config.to_string());
        let config: Config = host::config()?;
        act(&config, event, &mut |call| {
            self.calls.push(call.clone());
            let (status, body) = self.answers.pop_front().expect("a scripted answer for every request");
            Ok(Response { status, headers: Vec::new(), body: body.to_string().into_bytes() })
        })
    }

    fn requests(&self) -> Vec<(Method, &str)> {
        self.calls.iter().map(|c| (c.method, c.url.trim_start_matches("https://dir.example/scim/v2"))).collect()
    }
}

fn config() -> Value {
    json!({ "endpoint": "https://dir.example/scim/v2", "credentials": "scim-token" })
}

fn list(resources: Value) -> (u16, Value) {
    let total = resources.as_array().map_or(0, Vec::len);
    (
        200,
        json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": total, "Resources": resources }),
    )
}

/// The directory's `/ServiceProviderConfig` (RFC 7643 §5), saying whether it has PATCH.
fn service_provider_config(patch: bool) -> (u16, Value) {
    (
        200,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": { "supported": patch },
            "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
            "filter": { "supported": true, "maxResults": 200 },
            "changePassword": { "supported": false },
            "sort": { "supported": false },
            "etag": { "supported": true },
            "authenticationSchemes": []
        }),
    )
}

const CONFIG: &str = "/ServiceProviderConfig";
const BY_EXTERNAL_ID: &str = "/Users?filter=externalId%20eq%20%22panel-7%22";
const MANAGER_BY_USER_NAME: &str = "/Users?filter=userName%20eq%20%22li.na%40acme.example%22";

#[test]
fn a_hire_creates_the_account_linked_to_the_manager() {
    let mut directory =
        Directory::new([list(json!([])), list(json!([{ "id": "mgr-1" }])), (201, json!({ "id": "u-42" }))]);
    let outcome = directory.run(config(), &event("candidate.hired", hire_payload())).expect("created");
    assert!(matches!(outcome, Outcome::Applied(ref id) if id == "u-42"), "{outcome:?}");
    assert_eq!(
        directory.requests(),
        [(Method::Get, BY_EXTERNAL_ID), (Method::Get, MANAGER_BY_USER_NAME), (Method::Post, "/Users")]
    );
    let created = directory.calls[2].body.as_ref().expect("a body");
    assert_eq!(created["externalId"], "panel-7");
    assert_eq!(created["userName"], "ouyang.nana@acme.example");
    assert_eq!(created[ENTERPRISE_USER]["manager"], json!({ "value": "mgr-1" }));
    for call in &directory.calls {
        assert!(call.headers.contains(&("authorization".into(), "Bearer ${secret:scim-token}".into())));
        assert!(call.headers.contains(&("user-agent".into(), USER_AGENT.into())), "{call:?}");
    }
}

#[test]
fn a_replayed_hire_updates_and_reactivates_the_account_it_made() {
    let mut directory = Directory::new([
        list(json!([{ "id": "u-42", "active": false }])),
        list(json!([])),
        service_provider_config(true),
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
            (Method::Patch, "/Users/u-42")
        ]
    );
    let patch = directory.calls[3].body.as_ref().expect("a body");
    assert_eq!(patch["schemas"], json!([PATCH_OP]));
    let value = &patch["Operations"][0]["value"];
    assert_eq!((value["active"].clone(), value["userName"].clone()), (json!(true), json!("ouyang.nana@acme.example")));
    assert!(value.get(ENTERPRISE_USER).is_some_and(|e| e.get("manager").is_none()), "manager not found: not linked");
}

#[test]
fn the_manager_is_not_looked_up_when_linking_is_off() {
    let mut config = config();
    config["link_manager"] = json!(false);
    let mut directory = Directory::new([list(json!([])), (201, json!({ "id": "u-1" }))]);
    directory.run(config, &event("candidate.hired", hire_payload())).expect("created");
    assert_eq!(directory.requests(), [(Method::Get, BY_EXTERNAL_ID), (Method::Post, "/Users")]);
}

#[test]
fn leaving_deactivates_and_never_deletes_unless_configured() {
    let leave = event(
        "employee.left",
        json!({ "candidate": { "name": "欧阳娜娜" }, "departure": { "last_day": "2027-06-30" } }),
    );
    let mut directory = Directory::new([
        list(json!([{ "id": "u-42", "active": true }])),
        service_provider_config(true),
        (204, Value::Null),
    ]);
    let outcome = directory.run(config(), &leave).expect("deactivated");
    assert!(matches!(outcome, Outcome::Applied(ref id) if id == "u-42"));
    assert_eq!(
        directory.requests(),
        [(Method::Get, BY_EXTERNAL_ID), (Method::Get, CONFIG), (Method::Patch, "/Users/u-42")]
    );
    assert_eq!(
        directory.calls[2].body,
        Some(json!({ "schemas": [PATCH_OP], "Operations": [{ "op": "replace", "path": "active", "value": false }] }))
    );

    let mut again = Directory::new([list(json!([{ "id": "u-42", "active": false }]))]);
    let outcome = again.run(config(), &leave).expect("already inactive");
    assert!(matches!(outcome, Outcome::Duplicate(ref id) if id == "u-42"), "{outcome:?}");

    let mut none = Directory::new([list(json!([]))]);
    assert!(matches!(none.run(config(), &leave), Ok(Outcome::Skipped(_))));

    let mut config = config();
    config["on_leave"] = json!("delete");
    let mut deleting = Directory::new([list(json!([{ "id": "u-42" }])), (204, Value::Null)]);
    deleting.run(config.clone(), &leave).expect("deleted");
    assert_eq!(deleting.requests()[1], (Method::Delete, "/Users/u-42"));
    let mut gone = Directory::new([list(json!([{ "id": "u-42" }])), (404, json!({ "status": "404" }))]);
    assert!(matches!(gone.run(config, &leave), Ok(Outcome::Duplicate(_))));
}

#[test]
fn failures_keep_their_class_and_stop_the_exchange() {
    let hire = event("candidate.hired", hire_payload());
    let mut busy = Directory::new([(503, Value::Null)]);
    assert!(busy.run(config(), &hire).is_err_and(|e| e.retryable && e.message.contains("looking the account up")));
    assert_eq!(busy.calls.len(), 1);

    let conflict = json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness" });
    let mut taken = Directory::new([list(json!([])), list(json!([])), (409, conflict)]);
    let error = taken.run(config(), &hire).expect_err("userName taken");
    assert!(!error.retryable && error.message.contains("scimType uniqueness"), "{error:?}");

    let mut no_offer = Directory::new([]);
    let error = no_offer.run(config(), &event("candidate.hired", json!({ "candidate": { "name": "王磊" } })));
    assert!(error.is_err_and(|e| e.code == "invalid-input" && !e.retryable));
    assert!(no_offer.calls.is_empty(), "nothing is sent for a hire without an offer");
}

#[test]
fn other_events_are_skipped_without_a_request() {
    let mut directory = Directory::new([]);
    let outcome = directory.run(config(), &event("offer.made", hire_payload())).expect("skipped");
    assert!(matches!(outcome, Outcome::Skipped(ref why) if why.starts_with("offer.made")), "{outcome:?}");
    assert!(directory.calls.is_empty());
}

const ACME: &str = "urn:acme:scim:schemas:extension:workplace:1.0:User";

fn with_attributes() -> Value {
    let mut config = config();
    config["link_manager"] = json!(false);
    config["attributes"] = json!([
        { "name": "preferredLanguage", "from": "job.locale" },
        { "name": "title", "value": "Product Manager" },
        { "name": "phoneNumbers", "type": "work", "from": "offer.desk_phone" },
        { "schema": ACME, "name": "badgeSite", "from": "offer.location" },
        { "schema": ENTERPRISE_USER, "name": "division", "value": "Consumer" }
    ]);
    config
}

fn localized_hire() -> Value {
    let mut payload = hire_payload();
    payload["job"]["locale"] = json!("zh-CN");
    payload
}

#[test]
fn customer_attributes_are_created_with_their_schemas() {
    let mut directory = Directory::new([list(json!([])), (201, json!({ "id": "u-42" }))]);
    directory.run(with_attributes(), &event("candidate.hired", localized_hire())).expect("created");
    assert_eq!(
        directory.calls[1].body,
        Some(json!({
            "schemas": [CORE_USER, ACME, ENTERPRISE_USER],
            "externalId": "panel-7",
            "userName": "ouyang.nana@acme.example",
            "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
            "displayName": "欧阳娜娜",
            "title": "Product Manager",
            "preferredLanguage": "zh-CN",
            "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
            "addresses": [{ "type": "work", "locality": "杭州", "primary": true }],
            "active": true,
            ENTERPRISE_USER: {
                "employeeNumber": "E1024",
                "costCenter": "CC-410",
                "department": "产品部",
                "division": "Consumer"
            },
            ACME: { "badgeSite": "杭州" }
        }))
    );
}

#[test]
fn customer_extension_attributes_are_patched_by_urn_prefixed_paths() {
    let mut directory = Directory::new([
        list(json!([{ "id": "u-42", "active": true }])),
        service_provider_config(true),
        (200, json!({ "id": "u-42" })),
    ]);
    directory.run(with_attributes(), &event("candidate.hired", localized_hire())).expect("updated");
    assert_eq!(
        directory.calls[2].body,
        Some(json!({
            "schemas": [PATCH_OP],
            "Operations": [
                {
                    "op": "replace",
                    "value": {
                        "userName": "ouyang.nana@acme.example",
                        "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
                        "displayName": "欧阳娜娜",
                        "title": "Product Manager",
                        "preferredLanguage": "zh-CN",
                        "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                        "addresses": [{ "type": "work", "locality": "杭州", "primary": true }],
                        "active": true,
                        ENTERPRISE_USER: { "employeeNumber": "E1024", "costCenter": "CC-410", "department": "产品部" }
                    }
                },
                { "op": "replace", "path": format!("{ACME}:badgeSite"), "value": "杭州" },
                { "op": "replace", "path": format!("{ENTERPRISE_USER}:division"), "value": "Consumer" }
            ]
        }))
    );
}

#[test]
fn a_bad_attribute_rule_is_refused_before_anything_is_sent() {
    let mut config = config();
    config["attributes"] = json!([{ "name": "userName", "from": "candidate.email" }]);
    let mut directory = Directory::new([]);
    let error = directory.run(config, &event("candidate.hired", hire_payload())).expect_err("refused");
    assert_eq!((error.code.as_str(), error.retryable), ("invalid-config", false));
    assert!(error.message.starts_with("attributes[0].name"), "{error:?}");
    assert!(directory.calls.is_empty());
}
