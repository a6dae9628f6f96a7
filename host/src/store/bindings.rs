//! Plugin bindings per scope, and the chain of scopes a job sits in. Checking
//! a binding's configuration against the plugin's schema needs the loaded
//! plugin, so it happens in `packages::bindings` before a binding gets here.

use semver::VersionReq;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{AuditBy, insert_audit};
use super::{Store, StoreError, StoreResult, now_ms};
use crate::packages::scope::{Binding, Scope, ScopeKind};
use crate::store::UnitKind;

/// A binding to create or change (the scope and plugin id identify it).
#[derive(Debug, Clone)]
pub struct NewBinding {
    pub scope: Scope,
    pub plugin_id: String,
    pub requirement: VersionReq,
    pub enabled: bool,
    pub config: serde_json::Value,
}

const COLUMNS: &str = "id, organisation_id, scope_kind, scope_id, plugin_id, requirement, enabled, config, updated_at";

impl Store {
    /// Creates or replaces the binding of `plugin_id` at `scope`, which must
    /// belong to `organisation_id`; audited.
    pub async fn put_binding(&self, organisation_id: i64, new: &NewBinding, by: AuditBy<'_>) -> StoreResult<Binding> {
        self.check_scope(organisation_id, new.scope).await?;
        let config = serde_json::to_string(&new.config)
            .map_err(|e| StoreError::invalid("config", format!("cannot be stored: {e}")))?;
        let mut w = self.write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO plugin_bindings \
             (organisation_id, scope_kind, scope_id, plugin_id, requirement, enabled, config, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (scope_kind, scope_id, plugin_id) DO UPDATE SET \
             requirement = excluded.requirement, enabled = excluded.enabled, config = excluded.config, \
             updated_at = excluded.updated_at \
             RETURNING {COLUMNS}"
        ))
        .bind(organisation_id)
        .bind(new.scope.kind.as_str())
        .bind(new.scope.id)
        .bind(&new.plugin_id)
        .bind(new.requirement.to_string())
        .bind(i64::from(new.enabled))
        .bind(config)
        .bind(now_ms())
        .fetch_one(&mut *w.tx)
        .await?;
        let binding = binding_from_row(&row)?;
        let detail = format!("{} enabled={}", binding.requirement, binding.enabled);
        insert_audit(&mut w, by, "plugin.bind", &binding.describe(), &detail).await?;
        w.commit().await?;
        Ok(binding)
    }

    /// Removes a binding of the organisation; audited.
    pub async fn delete_binding(&self, organisation_id: i64, id: i64, by: AuditBy<'_>) -> StoreResult<Binding> {
        let binding = self.binding(id).await?;
        if binding.organisation_id != organisation_id {
            return Err(StoreError::not_found("binding", id));
        }
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM plugin_bindings WHERE id = $1").bind(id).execute(&mut *w.tx).await?;
        insert_audit(&mut w, by, "plugin.unbind", &binding.describe(), "").await?;
        w.commit().await?;
        Ok(binding)
    }

    pub async fn binding(&self, id: i64) -> StoreResult<Binding> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM plugin_bindings WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("binding", id))?;
        binding_from_row(&row)
    }

    /// Every binding of an organisation, by scope then plugin.
    pub async fn bindings(&self, organisation_id: i64) -> StoreResult<Vec<Binding>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM plugin_bindings WHERE organisation_id = $1 ORDER BY scope_kind, scope_id, plugin_id"
        ))
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(binding_from_row).collect()
    }

    /// Every binding of every organisation (what uninstalling must respect).
    pub async fn all_bindings(&self) -> StoreResult<Vec<Binding>> {
        let rows =
            sqlx::query(&format!("SELECT {COLUMNS} FROM plugin_bindings ORDER BY id")).fetch_all(&self.pool).await?;
        rows.iter().map(binding_from_row).collect()
    }

    /// The scopes a job sits in, most specific first: the job, its
    /// department, branch and region, and the organisation.
    pub async fn scope_chain(&self, job_id: i64) -> StoreResult<Vec<Scope>> {
        let job = self.job(job_id).await?;
        let mut chain = vec![Scope::new(ScopeKind::Job, job.id)];
        for unit in self.unit_path(job.department_id).await? {
            chain.push(Scope::new(scope_kind_of(unit.kind), unit.id));
        }
        chain.push(Scope::new(ScopeKind::Organisation, job.organisation_id));
        Ok(chain)
    }

    /// The scope must exist and belong to the organisation.
    async fn check_scope(&self, organisation_id: i64, scope: Scope) -> StoreResult<()> {
        let owner = match scope.kind {
            ScopeKind::Organisation => {
                self.organisation_name(scope.id).await.map_err(|_| no_scope(scope))?;
                scope.id
            }
            ScopeKind::Job => self.job(scope.id).await.map_err(|_| no_scope(scope))?.organisation_id,
            kind => {
                let unit = self.unit(scope.id).await.map_err(|_| no_scope(scope))?;
                if scope_kind_of(unit.kind) != kind {
                    return Err(StoreError::invalid(
                        "scope",
                        format!("unit {} is a {}, not a {}", scope.id, unit.kind.as_str(), kind.as_str()),
                    ));
                }
                unit.organisation_id
            }
        };
        if owner != organisation_id {
            return Err(no_scope(scope));
        }
        Ok(())
    }
}

fn no_scope(scope: Scope) -> StoreError {
    StoreError::invalid("scope", format!("there is no {scope} in this organisation"))
}

fn scope_kind_of(kind: UnitKind) -> ScopeKind {
    match kind {
        UnitKind::Region => ScopeKind::Region,
        UnitKind::Branch => ScopeKind::Branch,
        UnitKind::Department => ScopeKind::Department,
    }
}

fn binding_from_row(row: &AnyRow) -> StoreResult<Binding> {
    let corrupt = |reason: String| StoreError::Corrupt { what: "plugin binding", reason };
    let kind: String = row.try_get("scope_kind")?;
    let requirement: String = row.try_get("requirement")?;
    let config: String = row.try_get("config")?;
    Ok(Binding {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        scope: Scope::new(
            ScopeKind::parse(&kind).ok_or_else(|| corrupt(format!("unknown scope {kind:?}")))?,
            row.try_get("scope_id")?,
        ),
        plugin_id: row.try_get("plugin_id")?,
        requirement: VersionReq::parse(&requirement).map_err(|e| corrupt(e.to_string()))?,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        config: serde_json::from_str(&config).map_err(|e| corrupt(e.to_string()))?,
        updated_at: row.try_get("updated_at")?,
    })
}
