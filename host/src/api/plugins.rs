//! The loaded plugins and their bindings per scope: which plugin is on or off
//! for the organisation, a region, branch, department or job, with what
//! version requirement and configuration.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use semver::VersionReq;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{Action, jobs_allowed, organisation_target, require};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path};
use super::{AppState, TAG_PLUGINS};
use crate::engine::BindError;
use crate::packages::redact;
use crate::packages::{Binding, Scope, ScopeKind};
use crate::store::{AuditBy, NewBinding, Role};

/// A loaded plugin version, as listed by the API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PluginListing {
    pub id: String,
    pub version: String,
    /// `question-bank`, `rubric`, `connector` or `notifier`.
    pub kind: String,
    /// The WIT contract version it was built against.
    pub api_version: String,
    pub name: String,
    pub vendor: String,
    /// Who signed the package: the trusted key's name, or `unsigned`.
    pub signer: String,
    /// Outbound hosts and other capabilities it runs with.
    pub capabilities: Vec<String>,
    /// The JSON Schema a binding's configuration must satisfy.
    #[schema(value_type = Object)]
    pub config_schema: serde_json::Value,
}

/// The plugins this server has loaded (every installed version).
#[utoipa::path(get, path = "/api/v1/plugins", tag = TAG_PLUGINS,
    responses((status = 200, body = Vec<PluginListing>), (status = 401, body = ErrorBody)), security(("staff" = [])))]
pub async fn plugins(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<PluginListing>>> {
    require(&staff, Action::ReadOrg, &organisation_target(&staff), "the organisation")?;
    let listed = state
        .plugins
        .registry()
        .list()
        .iter()
        .map(|p| PluginListing {
            id: p.manifest.id.clone(),
            version: p.manifest.version.to_string(),
            kind: p.manifest.kind.world().to_owned(),
            api_version: p.manifest.api.to_string(),
            name: p.manifest.name.clone(),
            vendor: p.manifest.vendor.clone(),
            signer: p.signer.to_string(),
            capabilities: p.manifest.capabilities.names(),
            config_schema: p.manifest.config_schema.clone(),
        })
        .collect();
    Ok(Json(listed))
}

/// The organisation's plugin bindings, by scope then plugin, with every
/// secret in their configurations hidden (see [`redact::REDACTED`]): administrators
/// see them all, HR those of their own part of the organisation (the scopes
/// above their unit, their unit and everything in it); nobody else.
#[utoipa::path(get, path = "/api/v1/plugin-bindings", tag = TAG_PLUGINS,
    responses((status = 200, body = Vec<Binding>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn list_bindings(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Vec<Binding>>> {
    let user = &staff.user;
    if !matches!(user.role, Role::Admin | Role::Hr) {
        return Err(ApiError::forbidden(format!(
            "your role ({}) does not allow reading plugin bindings: administrators and HR only",
            user.role.as_str()
        )));
    }
    let store = state.engine.store();
    let mut bindings = store.bindings(user.organisation_id).await?;
    if let Some(unit) = user.unit_id.filter(|_| user.role != Role::Admin) {
        let own_path: Vec<i64> = store.unit_path(unit).await?.iter().map(|u| u.id).collect();
        let jobs: HashSet<i64> = jobs_allowed(store, user, Action::ReadJob).await?.iter().map(|j| j.id).collect();
        let mut visible = Vec::with_capacity(bindings.len());
        for binding in bindings {
            let shown = match binding.scope.kind {
                ScopeKind::Organisation => true,
                ScopeKind::Job => jobs.contains(&binding.scope.id),
                // Above the caller's unit (it applies to them) or within it.
                ScopeKind::Region | ScopeKind::Branch | ScopeKind::Department => {
                    own_path.contains(&binding.scope.id)
                        || store.unit_path(binding.scope.id).await?.iter().any(|u| u.id == unit)
                }
            };
            if shown {
                visible.push(binding);
            }
        }
        bindings = visible;
    }
    for binding in &mut bindings {
        hide_secrets(&state, binding);
    }
    Ok(Json(bindings))
}

/// Hides the secrets of a binding's configuration, as every installed
/// version of its plugin marks them (and by their names).
fn hide_secrets(state: &AppState, binding: &mut Binding) {
    let registry = state.plugins.registry();
    let schemas: Vec<serde_json::Value> = registry
        .versions(&binding.plugin_id)
        .iter()
        .filter_map(|v| registry.get(&binding.plugin_id, v))
        .map(|p| p.manifest.config_schema.clone())
        .collect();
    redact::redact(&mut binding.config, None);
    for schema in &schemas {
        redact::redact(&mut binding.config, Some(schema));
    }
}

/// A binding to create or replace: the scope and plugin identify it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BindingRequest {
    pub scope: Scope,
    pub plugin_id: String,
    /// Which versions may serve, e.g. `^0.1`; the highest installed match does.
    #[schema(value_type = String, example = "^0.1")]
    pub requirement: String,
    /// `false` switches the plugin off here, hiding bindings further up.
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// The plugin's configuration, checked against its schema. A secret
    /// read back as `"[secret]"` and sent unchanged keeps the value saved.
    #[serde(default = "empty_object")]
    #[schema(value_type = Object)]
    pub config: serde_json::Value,
}

fn enabled() -> bool {
    true
}

fn empty_object() -> serde_json::Value {
    serde_json::json!({})
}

/// Switches a plugin on or off for a scope (administrators). The requirement
/// must match an installed version and the configuration its schema.
#[utoipa::path(put, path = "/api/v1/plugin-bindings", tag = TAG_PLUGINS, request_body = BindingRequest,
    responses((status = 200, body = Binding), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "No installed version matches, or the configuration breaks the schema", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn put_binding(
    State(state): State<AppState>,
    staff: Staff,
    Body(request): Body<BindingRequest>,
) -> ApiResult<Json<Binding>> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    let requirement = VersionReq::parse(&request.requirement).map_err(|e| {
        ApiError::invalid("requirement", format!("{:?} is not a version requirement: {e}", request.requirement))
    })?;
    let organisation_id = staff.user.organisation_id;
    let saved = state
        .engine
        .store()
        .bindings(organisation_id)
        .await?
        .into_iter()
        .find(|b| b.scope == request.scope && b.plugin_id == request.plugin_id);
    let mut config = request.config;
    redact::restore(&mut config, saved.as_ref().map(|b| &b.config))
        .map_err(|e| ApiError::invalid(format!("config{}", e.field), e.to_string()))?;
    let new = NewBinding {
        scope: request.scope,
        plugin_id: request.plugin_id,
        requirement,
        enabled: request.enabled,
        config,
    };
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    let mut binding = state.plugins.bind(organisation_id, new, by).await.map_err(bind_error)?;
    hide_secrets(&state, &mut binding);
    Ok(Json(binding))
}

/// Removes a binding (administrators): the plugin falls back to what the
/// scopes above say.
#[utoipa::path(delete, path = "/api/v1/plugin-bindings/{binding_id}", tag = TAG_PLUGINS,
    params(("binding_id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn delete_binding(
    State(state): State<AppState>,
    staff: Staff,
    Path(binding_id): Path<i64>,
) -> ApiResult<StatusCode> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    state.plugins.unbind(staff.user.organisation_id, binding_id, by).await.map_err(bind_error)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) fn bind_error(e: BindError) -> ApiError {
    match e {
        BindError::NotInstalled { .. } => ApiError::invalid("requirement", e.to_string()),
        BindError::Config { plugin, error } => {
            let field = if error.field == "/" { "config".to_owned() } else { format!("config{}", error.field) };
            ApiError::invalid(field, format!("{plugin}: {}", error.message))
        }
        BindError::ForbiddenInRegion { .. } => ApiError::invalid("scope", e.to_string()),
        BindError::BoundInRegion { .. } => ApiError::invalid("pack", e.to_string()),
        BindError::Store(e) => e.into(),
    }
}
