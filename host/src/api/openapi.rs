//! The OpenAPI document: its header, the security schemes, and the error
//! responses every operation can give whatever its handler returns, added
//! to each operation from what it takes (a token, a JSON body, path and
//! query parameters), so that no status a route can answer goes
//! undocumented.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::{TAG_AUTH, TAG_CANDIDATES, TAG_INTERVIEW, TAG_JOBS, TAG_ORG, TAG_PIPELINE, TAG_PLUGINS, TAG_RESULTS};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Panel API",
        description = "Structured AI interviews scored by sandboxed plugins: jobs, candidates, invitations, the \
                       candidate's interview, reports and rankings. Errors share one shape: \
                       `{\"error\": {\"code\", \"message\", \"field\"}}`. Every response carries \
                       `X-Content-Type-Options: nosniff`, and API responses `Cache-Control: no-store`."
    ),
    modifiers(&BearerAuth),
    tags(
        (name = TAG_AUTH, description = "Staff sign-in"),
        (name = TAG_ORG, description = "Organisation tree, staff and the audit log"),
        (name = TAG_PLUGINS, description = "Loaded plugins and their bindings per scope"),
        (name = TAG_PIPELINE, description = "Stage moves, scorecards and the outbox's deliveries"),
        (name = TAG_JOBS, description = "Jobs and their competency models, applications and rankings"),
        (name = TAG_CANDIDATES, description = "Candidates, bulk import, invitations and interviewer assignments"),
        (name = TAG_INTERVIEW, description = "The candidate's side, authorised by the invitation link's token"),
        (name = TAG_RESULTS, description = "Scoring and reports"),
    )
)]
pub(super) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some(description)).build(),
            )
        };
        components.add_security_scheme("staff", scheme("Token from POST /api/v1/auth/login"));
        components.add_security_scheme("candidate", scheme("Token of the candidate's invitation link"));
    }
}

/// Adds to every operation the errors it can answer from what it takes,
/// where its own documentation does not already say more.
pub(super) fn complete(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            add_standard_errors(operation);
        }
    }
}

fn add_standard_errors(operation: &mut Operation) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let in_path = parameters.iter().any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let in_query = parameters.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
    let json_body =
        operation.request_body.as_ref().is_some_and(|body| body.content.keys().any(|mime| mime.ends_with("json")));
    let has_body = operation.request_body.is_some();

    let mut add = |status: &str, description: &str| {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| error_response(description));
    };
    if in_path || in_query || json_body {
        add("400", "The request is malformed: a path or query parameter of the wrong type, or a body that is not JSON");
    }
    if secured {
        add("401", "No valid token: sign in (staff) or use the invitation link (candidates)");
    }
    if in_path {
        add("404", "Nothing with that id, or it belongs to another organisation");
    }
    if has_body {
        add("413", "The body is larger than this endpoint takes");
    }
    if json_body {
        add("415", "The body was not sent as `Content-Type: application/json`");
    }
    if json_body || in_query {
        add("422", "The body or a query parameter does not fit: the `field` names what is wrong");
    }
    add("500", "Something failed on the server's side; the detail is in its log, never in the answer");
}

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
    RefOr::T(ResponseBuilder::new().description(description).content("application/json", body).build())
}
