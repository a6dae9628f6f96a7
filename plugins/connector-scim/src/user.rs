//! The SCIM User resource of a new hire (RFC 7643 §4.1, with the enterprise
//! extension of §4.3), and how it is changed: the PatchOp documents (RFC
//! 7644 §3.5.2) that update, reactivate and deactivate it, or, for a
//! directory without PATCH, the account as read with the same changes made,
//! to replace it whole (§3.5.1).

use panel_plugin_sdk::event::{Offer, Payload};
use panel_plugin_sdk::names::PersonName;
use panel_plugin_sdk::{LifecycleEvent, PluginError};
use serde_json::{Map, Value, json};

use crate::config::UserNameRule;
use crate::custom::ExtensionValue;
use crate::protocol::Account;

pub const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Panel's key for the person in the directory, stable across events.
pub fn external_id(event: &LifecycleEvent) -> String {
    format!("panel-{}", event.candidate_id)
}

/// The offer, without which the account has no department, manager or work
/// email.
pub fn recorded_offer(payload: &Payload) -> Result<&Offer, PluginError> {
    payload.recorded_offer("work email, department, manager", "the account can be provisioned")
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The account's attributes as HR recorded them, active. `manager` is the
/// manager's own account, where it was found.
pub fn attributes(
    event: &LifecycleEvent,
    payload: &Payload,
    rule: UserNameRule,
    manager: Option<&Account>,
) -> Result<Map<String, Value>, PluginError> {
    let offer = recorded_offer(payload)?;
    let work_email = non_empty(offer.work_email.as_deref());
    let user_name = match rule {
        UserNameRule::WorkEmail => work_email.map(str::to_owned).ok_or_else(|| {
            PluginError::invalid_input(
                "the offer has no work email, which is the account's userName: HR must record it (or configure \
                 user_name as employee_number or external_id)",
            )
        })?,
        UserNameRule::EmployeeNumber => {
            non_empty(offer.employee_number.as_deref()).map(str::to_owned).ok_or_else(|| {
                PluginError::invalid_input(
                    "the offer has no employee number, which is the account's userName: HR must record it",
                )
            })?
        }
        UserNameRule::ExternalId => external_id(event),
    };
    let name = PersonName::split(&payload.candidate.name);
    let mut scim_name = Map::new();
    scim_name.insert("formatted".into(), json!(name.formatted));
    if let (Some(family), Some(given)) = (name.family, name.given) {
        scim_name.insert("familyName".into(), json!(family));
        scim_name.insert("givenName".into(), json!(given));
    }

    let mut user = Map::new();
    user.insert("userName".into(), json!(user_name));
    user.insert("name".into(), Value::Object(scim_name));
    user.insert("displayName".into(), json!(name.formatted));
    if let Some(title) = non_empty(Some(&payload.job.title)) {
        user.insert("title".into(), json!(title));
    }
    if let Some(email) = work_email {
        user.insert("emails".into(), json!([{ "value": email, "type": "work", "primary": true }]));
    }
    if let Some(location) = non_empty(offer.location.as_deref()) {
        user.insert("addresses".into(), json!([{ "type": "work", "locality": location, "primary": true }]));
    }
    user.insert("active".into(), json!(true));

    let mut enterprise = Map::new();
    if let Some(number) = non_empty(offer.employee_number.as_deref()) {
        enterprise.insert("employeeNumber".into(), json!(number));
    }
    if let Some(cost_centre) = non_empty(offer.cost_centre.as_deref()) {
        enterprise.insert("costCenter".into(), json!(cost_centre));
    }
    if let Some(department) = non_empty(offer.department.as_ref().map(|d| d.name.as_str())) {
        enterprise.insert("department".into(), json!(department));
    }
    if let Some(manager) = manager {
        // RFC 7643 §4.3: `value` is the manager's id, `$ref` their resource's URI.
        let mut link = Map::new();
        link.insert("value".into(), json!(manager.id));
        if let Some(location) = &manager.location {
            link.insert("$ref".into(), json!(location));
        }
        enterprise.insert("manager".into(), Value::Object(link));
    }
    if !enterprise.is_empty() {
        user.insert(ENTERPRISE_USER.into(), Value::Object(enterprise));
    }
    Ok(user)
}

/// The body of `POST /Users`: the attributes, the customer's extension
/// attributes inside their schema's object, and every schema used listed in
/// `schemas` (RFC 7643 §3).
pub fn new_user(event: &LifecycleEvent, mut attributes: Map<String, Value>, extensions: &[ExtensionValue]) -> Value {
    embed(&mut attributes, extensions);
    let mut schemas = vec![CORE_USER.to_owned()];
    schemas.extend(attributes.keys().filter(|key| key.starts_with("urn:")).cloned());
    let mut user = Map::new();
    user.insert("schemas".into(), json!(schemas));
    user.insert("externalId".into(), json!(external_id(event)));
    user.extend(attributes);
    Value::Object(user)
}

/// The customer's extension attributes inside their schema's object.
fn embed(attributes: &mut Map<String, Value>, extensions: &[ExtensionValue]) {
    for extension in extensions {
        let schema = attributes.entry(extension.schema.clone()).or_insert_with(|| Value::Object(Map::new()));
        if let Some(schema) = schema.as_object_mut() {
            schema.insert(extension.name.clone(), extension.value.clone());
        }
    }
}

/// Replaces the account's attributes with `attributes` (active again), and
/// each of the customer's extension attributes by an operation of its own
/// whose path is prefixed with the schema's URN, as RFC 7644 §3.5.2 (and
/// §3.10's attribute notation) requires for extension attributes.
pub fn update_patch(mut attributes: Map<String, Value>, extensions: &[ExtensionValue]) -> Value {
    for extension in extensions {
        if let Some(Value::Object(schema)) = attributes.get_mut(&extension.schema) {
            schema.remove(&extension.name);
        }
    }
    attributes.retain(|key, value| !(key.starts_with("urn:") && value.as_object().is_some_and(Map::is_empty)));
    let mut operations = vec![json!({ "op": "replace", "value": attributes })];
    operations.extend(extensions.iter().map(|extension| {
        let path = format!("{}:{}", extension.schema, extension.name);
        json!({ "op": "replace", "path": path, "value": extension.value })
    }));
    json!({ "schemas": [PATCH_OP], "Operations": operations })
}

/// Deactivates the account.
pub fn deactivate_patch() -> Value {
    json!({ "schemas": [PATCH_OP], "Operations": [{ "op": "replace", "path": "active", "value": false }] })
}

/// The attribute of `resource` named `name` in any case (RFC 7643 §2.1),
/// added as `name` when absent.
fn slot<'a>(resource: &'a mut Map<String, Value>, name: &str) -> &'a mut Value {
    let key = resource.keys().find(|key| key.eq_ignore_ascii_case(name)).cloned().unwrap_or_else(|| name.to_owned());
    resource.entry(key).or_insert(Value::Null)
}

/// The account as read, ready to be sent back whole: `meta` is read-only
/// (RFC 7643 §3.1) and the directory's to write, so it is dropped; all else
/// it holds stays, its own attributes and extensions Panel does not know
/// included.
fn without_meta(mut resource: Map<String, Value>) -> Map<String, Value> {
    resource.retain(|key, _| !key.eq_ignore_ascii_case("meta"));
    resource
}

/// The body of the `PUT` that does what [`update_patch`] does, for a
/// directory without PATCH: `resource` (the account as read) with
/// `attributes` and the customer's extension attributes written over it. As
/// a PatchOp `replace` would, a complex attribute (`name`, an extension's
/// object) keeps the sub-attributes not sent, anything else sent is
/// replaced, and what is not sent is left as the directory has it. An
/// extension written is listed in `schemas` (RFC 7643 §3).
pub fn replaced(
    resource: Map<String, Value>,
    mut attributes: Map<String, Value>,
    extensions: &[ExtensionValue],
) -> Value {
    embed(&mut attributes, extensions);
    let mut resource = without_meta(resource);
    for (name, value) in attributes {
        if value.as_object().is_some_and(Map::is_empty) {
            continue;
        }
        let is_extension = name.starts_with("urn:");
        match (slot(&mut resource, &name), value) {
            (Value::Object(held), Value::Object(parts)) => {
                for (part, value) in parts {
                    *slot(held, &part) = value;
                }
            }
            (held, value) => *held = value,
        }
        if is_extension {
            let schemas = slot(&mut resource, "schemas");
            let listed = schemas
                .as_array()
                .is_some_and(|s| s.iter().any(|u| u.as_str().is_some_and(|u| u.eq_ignore_ascii_case(&name))));
            match schemas {
                Value::Array(schemas) if !listed => schemas.push(json!(name)),
                Value::Array(_) => {}
                other => *other = json!([CORE_USER, name]),
            }
        }
    }
    Value::Object(resource)
}

/// The body of the `PUT` that deactivates `resource` (the account as read).
pub fn deactivated(resource: Map<String, Value>) -> Value {
    let mut resource = without_meta(resource);
    *slot(&mut resource, "active") = json!(false);
    Value::Object(resource)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn event(kind: &str, payload: Value) -> LifecycleEvent {
        LifecycleEvent {
            id: "evt_9".into(),
            kind: kind.into(),
            candidate_id: "7".into(),
            job_id: "3".into(),
            stage: "onboarding".into(),
            occurred_at: "2027-01-04T01:00:00Z".into(),
            payload: payload.to_string(),
        }
    }

    pub fn hire_payload() -> Value {
        json!({
            "candidate": { "id": 7, "name": "欧阳娜娜", "email": "nana@example.com", "phone": "+86 138 0000 0000" },
            "job": { "id": 3, "title": "产品经理", "industry": "internet" },
            "offer": {
                "employee_number": "E1024",
                "start_date": "2027-01-04",
                "grade": "P6",
                "salary": { "amount": "30000.00", "currency": "CNY", "period": "month" },
                "cost_centre": "CC-410",
                "department": { "id": 5, "name": "产品部" },
                "manager": { "name": "李娜", "email": "li.na@acme.example" },
                "work_email": "ouyang.nana@acme.example",
                "location": "杭州"
            }
        })
    }

    fn attributes_of(payload: Value, rule: UserNameRule) -> Result<Map<String, Value>, PluginError> {
        let event = event("candidate.hired", payload);
        let manager = Account {
            id: "2819c223-7f76".into(),
            active: true,
            location: Some("https://dir.example/scim/v2/Users/2819c223-7f76".into()),
        };
        attributes(&event, &Payload::parse(&event.payload)?, rule, Some(&manager))
    }

    #[test]
    fn a_new_user_follows_the_core_schema_and_the_enterprise_extension() {
        let event = event("candidate.hired", hire_payload());
        let attributes = attributes_of(hire_payload(), UserNameRule::WorkEmail).expect("attributes");
        assert_eq!(
            new_user(&event, attributes, &[]),
            json!({
                "schemas": [CORE_USER, ENTERPRISE_USER],
                "externalId": "panel-7",
                "userName": "ouyang.nana@acme.example",
                "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" },
                "displayName": "欧阳娜娜",
                "title": "产品经理",
                "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                "addresses": [{ "type": "work", "locality": "杭州", "primary": true }],
                "active": true,
                ENTERPRISE_USER: {
                    "employeeNumber": "E1024",
                    "costCenter": "CC-410",
                    "department": "产品部",
                    "manager": { "value": "2819c223-7f76", "$ref": "https://dir.example/scim/v2/Users/2819c223-7f76" }
                }
            })
        );
    }

    #[test]
    fn the_manager_is_linked_by_id_and_by_uri_where_the_directory_gave_one() {
        let event = event("candidate.hired", hire_payload());
        let payload = Payload::parse(&event.payload).expect("payload");
        let unlocated = Account { id: "mgr-1".into(), active: true, location: None };
        let linked = attributes(&event, &payload, UserNameRule::WorkEmail, Some(&unlocated)).expect("attributes");
        assert_eq!(linked[ENTERPRISE_USER]["manager"], json!({ "value": "mgr-1" }));
        let unlinked = attributes(&event, &payload, UserNameRule::WorkEmail, None).expect("attributes");
        assert!(unlinked[ENTERPRISE_USER].get("manager").is_none());
    }

    #[test]
    fn the_user_name_follows_the_configured_rule() {
        let by_number = attributes_of(hire_payload(), UserNameRule::EmployeeNumber).expect("attributes");
        assert_eq!(by_number["userName"], "E1024");
        let by_id = attributes_of(hire_payload(), UserNameRule::ExternalId).expect("attributes");
        assert_eq!(by_id["userName"], "panel-7");

        let mut payload = hire_payload();
        payload["offer"]["work_email"] = Value::Null;
        let error = attributes_of(payload.clone(), UserNameRule::WorkEmail).expect_err("no work email");
        assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
        assert!(error.message.contains("HR must record it"), "{error:?}");
        let without = attributes_of(payload, UserNameRule::ExternalId).expect("attributes");
        assert!(without.get("emails").is_none(), "no email is made up: {without:?}");
    }

    #[test]
    fn the_enterprise_extension_is_left_out_when_empty() {
        let event = event(
            "candidate.hired",
            json!({ "candidate": { "name": "Anna Schmidt" }, "offer": { "work_email": "anna@acme.example" } }),
        );
        let payload = Payload::parse(&event.payload).expect("payload");
        let attributes = attributes(&event, &payload, UserNameRule::WorkEmail, None).expect("attributes");
        let user = new_user(&event, attributes, &[]);
        assert_eq!(user["schemas"], json!([CORE_USER]));
        assert!(user.get(ENTERPRISE_USER).is_none() && user.get("title").is_none());
        assert_eq!(user["name"], json!({ "formatted": "Anna Schmidt", "familyName": "Schmidt", "givenName": "Anna" }));
    }

    #[test]
    fn patches_are_rfc_7644_patch_ops() {
        let mut attributes = Map::new();
        attributes.insert("active".into(), json!(true));
        assert_eq!(
            update_patch(attributes, &[]),
            json!({ "schemas": [PATCH_OP], "Operations": [{ "op": "replace", "value": { "active": true } }] })
        );
        assert_eq!(deactivate_patch()["Operations"][0], json!({ "op": "replace", "path": "active", "value": false }));
    }

    const ACME: &str = "urn:acme:scim:schemas:extension:workplace:1.0:User";

    /// An account as a directory holds it: its own attributes and an extension Panel does not know.
    fn held() -> Map<String, Value> {
        let held = json!({
            "schemas": [CORE_USER, ENTERPRISE_USER, "urn:example:directory:1.0:User"],
            "id": "u-42",
            "externalId": "panel-7",
            "UserName": "old.name@acme.example",
            "name": { "formatted": "欧阳娜", "familyName": "欧阳", "givenName": "娜", "middleName": "M" },
            "nickName": "Nana",
            "emails": [{ "value": "old.name@acme.example", "type": "work" }, { "value": "x@home.example", "type": "home" }],
            "active": false,
            "groups": [{ "value": "g-1", "display": "Sales" }],
            ENTERPRISE_USER: { "division": "Retail", "costCenter": "OLD" },
            "urn:example:directory:1.0:User": { "mailboxQuota": "50GB" },
            "meta": { "resourceType": "User", "version": "W/\"3\"", "location": "https://dir.example/Users/u-42" }
        });
        held.as_object().cloned().expect("an object")
    }

    #[test]
    fn a_replacement_changes_what_a_patch_would_and_keeps_the_rest() {
        let mut attributes = Map::new();
        attributes.insert("userName".into(), json!("ouyang.nana@acme.example"));
        attributes.insert("name".into(), json!({ "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜" }));
        attributes
            .insert("emails".into(), json!([{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }]));
        attributes.insert("active".into(), json!(true));
        attributes.insert(ENTERPRISE_USER.into(), json!({ "costCenter": "CC-410", "manager": { "value": "mgr-1" } }));
        let extensions = [ExtensionValue { schema: ACME.into(), name: "badgeSite".into(), value: json!("杭州") }];
        assert_eq!(
            replaced(held(), attributes, &extensions),
            json!({
                "schemas": [CORE_USER, ENTERPRISE_USER, "urn:example:directory:1.0:User", ACME],
                "id": "u-42",
                "externalId": "panel-7",
                "UserName": "ouyang.nana@acme.example",
                "name": { "formatted": "欧阳娜娜", "familyName": "欧阳", "givenName": "娜娜", "middleName": "M" },
                "nickName": "Nana",
                "emails": [{ "value": "ouyang.nana@acme.example", "type": "work", "primary": true }],
                "active": true,
                "groups": [{ "value": "g-1", "display": "Sales" }],
                ENTERPRISE_USER: { "division": "Retail", "costCenter": "CC-410", "manager": { "value": "mgr-1" } },
                "urn:example:directory:1.0:User": { "mailboxQuota": "50GB" },
                ACME: { "badgeSite": "杭州" }
            })
        );
    }

    #[test]
    fn a_deactivation_changes_active_alone() {
        let mut expected = held();
        expected.remove("meta");
        expected.insert("active".into(), json!(false));
        let mut active = held();
        active.insert("active".into(), json!(true));
        assert_eq!(deactivated(active), Value::Object(expected.clone()));
        let mut shouting = held();
        shouting.remove("active");
        shouting.insert("Active".into(), json!(true));
        let deactivated = deactivated(shouting);
        assert_eq!((deactivated["Active"].clone(), deactivated.get("active")), (json!(false), None));
    }
}
