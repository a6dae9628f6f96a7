//! Organisations and their tree of regions, branches and departments, and the
//! policy a region sets for every job under it.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{AuditBy, Store, StoreError, StoreResult, from_json, now_ms, to_json};
use crate::compliance::PackId;

/// The level of a unit in an organisation's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    Region,
    Branch,
    Department,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Region => "region",
            UnitKind::Branch => "branch",
            UnitKind::Department => "department",
        }
    }

    fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "region" => Ok(UnitKind::Region),
            "branch" => Ok(UnitKind::Branch),
            "department" => Ok(UnitKind::Department),
            other => Err(StoreError::Corrupt { what: "org unit", reason: format!("unknown kind {other:?}") }),
        }
    }

    /// The kind a unit's parent must have (`None`: directly under the organisation).
    pub fn parent(self) -> Option<UnitKind> {
        match self {
            UnitKind::Region => None,
            UnitKind::Branch => Some(UnitKind::Region),
            UnitKind::Department => Some(UnitKind::Branch),
        }
    }
}

/// What a region requires of automated recommendations, e.g. because of
/// GDPR Art. 22 or PIPL Art. 24.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RegionPolicy {
    /// Every recommendation goes to a person before it takes effect.
    pub always_human_review: bool,
    /// Automation may advance or refer a candidate, never reject one.
    pub forbid_automated_rejection: bool,
    /// The policy pack the region adopts (`default`, `eu`, `us-illinois`,
    /// `us-nyc`, `cn-pipl`): it adds its rules to the two settings above and
    /// forbids the plugin capabilities its law forbids.
    pub pack: PackId,
}

impl RegionPolicy {
    /// The settings with the pack's rules added (a pack never relaxes them).
    pub fn effective(self) -> Self {
        let pack = self.pack.pack();
        Self {
            always_human_review: self.always_human_review || pack.always_human_review,
            forbid_automated_rejection: self.forbid_automated_rejection || pack.forbid_automated_rejection,
            pack: self.pack,
        }
    }
}

/// A region, branch or department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrgUnit {
    pub id: i64,
    pub organisation_id: i64,
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub name: String,
    pub policy: RegionPolicy,
}

impl Store {
    pub async fn create_organisation(&self, name: &str) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id = sqlx::query("INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now_ms())
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        w.commit().await?;
        Ok(id)
    }

    /// Adds a unit under `parent` (a region's parent is the organisation).
    /// The parent must be of the level above, in the same organisation.
    pub async fn create_unit(
        &self,
        organisation_id: i64,
        parent_id: Option<i64>,
        kind: UnitKind,
        name: &str,
        policy: RegionPolicy,
    ) -> StoreResult<i64> {
        match (kind.parent(), parent_id) {
            (None, None) => {}
            (Some(want), Some(parent)) => {
                let p = self.unit(parent).await?;
                if p.kind != want || p.organisation_id != organisation_id {
                    return Err(StoreError::Conflict(format!(
                        "a {} must sit under a {} of the same organisation; unit {parent} is a {}",
                        kind.as_str(),
                        want.as_str(),
                        p.kind.as_str()
                    )));
                }
            }
            (None, Some(_)) => {
                return Err(StoreError::Conflict("a region sits directly under the organisation".into()));
            }
            (Some(want), None) => {
                return Err(StoreError::Conflict(format!("a {} needs a parent {}", kind.as_str(), want.as_str())));
            }
        }
        let mut w = self.write().await?;
        let id = sqlx::query(
            "INSERT INTO org_units (organisation_id, parent_id, kind, name, policy, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(organisation_id)
        .bind(parent_id)
        .bind(kind.as_str())
        .bind(name)
        .bind(to_json(&policy))
        .bind(now_ms())
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn unit(&self, id: i64) -> StoreResult<OrgUnit> {
        let row = sqlx::query("SELECT id, organisation_id, parent_id, kind, name, policy FROM org_units WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("org unit", id))?;
        unit_from_row(&row)
    }

    /// Every unit of an organisation, parents before children.
    pub async fn units(&self, organisation_id: i64) -> StoreResult<Vec<OrgUnit>> {
        let rows = sqlx::query(
            "SELECT id, organisation_id, parent_id, kind, name, policy FROM org_units WHERE organisation_id = $1 \
             ORDER BY CASE kind WHEN 'region' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END, id",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    pub async fn organisation_name(&self, id: i64) -> StoreResult<String> {
        sqlx::query("SELECT name FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("organisation", id))?
            .try_get(0)
            .map_err(Into::into)
    }

    /// The unit and its ancestors, most specific first (department, branch, region).
    pub async fn unit_path(&self, id: i64) -> StoreResult<Vec<OrgUnit>> {
        let mut path = vec![self.unit(id).await?];
        while let Some(parent) = path.last().and_then(|u| u.parent_id) {
            if path.len() > 8 {
                return Err(StoreError::Corrupt { what: "org tree", reason: format!("unit {id} is in a cycle") });
            }
            path.push(self.unit(parent).await?);
        }
        Ok(path)
    }

    /// The policy of the region a unit belongs to, its pack's rules added.
    pub async fn region_policy(&self, unit_id: i64) -> StoreResult<RegionPolicy> {
        Ok(self.region_of(unit_id).await?.map(|u| u.policy).unwrap_or_default().effective())
    }

    /// The region a unit belongs to (itself, for a region).
    pub async fn region_of(&self, unit_id: i64) -> StoreResult<Option<OrgUnit>> {
        let path = self.unit_path(unit_id).await?;
        Ok(path.into_iter().find(|u| u.kind == UnitKind::Region))
    }

    /// Changes a region's policy; audited (the detail names the pack).
    pub async fn set_region_policy(&self, unit_id: i64, policy: RegionPolicy, by: AuditBy<'_>) -> StoreResult<()> {
        let unit = self.unit(unit_id).await?;
        if unit.kind != UnitKind::Region {
            return Err(StoreError::invalid(
                "unit",
                format!("unit {unit_id} is a {}, not a region", unit.kind.as_str()),
            ));
        }
        let mut w = self.write().await?;
        sqlx::query("UPDATE org_units SET policy = $1 WHERE id = $2")
            .bind(to_json(&policy))
            .bind(unit_id)
            .execute(&mut *w.tx)
            .await?;
        let detail = format!(
            "pack {:?}, human review {}, no automated rejection {}",
            policy.pack, policy.always_human_review, policy.forbid_automated_rejection
        );
        super::audit::insert_audit(&mut w, by, "org.region.policy", &format!("unit:{unit_id}"), &detail).await?;
        w.commit().await
    }
}

fn unit_from_row(row: &sqlx::any::AnyRow) -> StoreResult<OrgUnit> {
    Ok(OrgUnit {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        parent_id: row.try_get("parent_id")?,
        kind: UnitKind::parse(&row.try_get::<String, _>("kind")?)?,
        name: row.try_get("name")?,
        policy: from_json("region policy", &row.try_get::<String, _>("policy")?)?,
    })
}
