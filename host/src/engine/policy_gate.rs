//! Region policy packs applied to plugins: a binding that would switch on a
//! plugin declaring a capability some region's pack forbids is refused, and
//! such a plugin never serves a job in that region (the region may adopt the
//! pack after the binding was made).

use crate::compliance::{Forbidden, PolicyPack, SensitiveCapability};
use crate::packages::scope::{Scope, ScopeKind};
use crate::store::{OrgUnit, Store, StoreResult, UnitKind};

/// A region whose pack forbids something a plugin declares.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub region_id: i64,
    pub region: String,
    pub pack: &'static PolicyPack,
    pub rule: &'static Forbidden,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "it declares {}, which region {:?} forbids under its policy pack {} ({}): {}",
            self.rule.capability.as_str(),
            self.region,
            self.pack.name,
            self.pack.version,
            self.rule.citation
        )
    }
}

/// The regions of `organisation_id` a binding at `scope` reaches: every
/// region for the organisation, the region above a unit or a job otherwise.
/// Units of other organisations reach nothing (the binding is refused for
/// its scope elsewhere).
pub(super) async fn regions_in_scope(store: &Store, organisation_id: i64, scope: Scope) -> StoreResult<Vec<OrgUnit>> {
    let regions = match scope.kind {
        ScopeKind::Organisation => {
            store.units(organisation_id).await?.into_iter().filter(|u| u.kind == UnitKind::Region).collect()
        }
        ScopeKind::Job => match store.job(scope.id).await {
            Ok(job) => store.region_of(job.department_id).await?.into_iter().collect(),
            Err(_) => Vec::new(),
        },
        _ => match store.region_of(scope.id).await {
            Ok(region) => region.into_iter().collect(),
            Err(_) => Vec::new(),
        },
    };
    Ok(regions.into_iter().filter(|r| r.organisation_id == organisation_id).collect())
}

/// The first of `regions` whose pack forbids one of `capabilities`.
pub(super) fn refusal(regions: &[OrgUnit], capabilities: &[SensitiveCapability]) -> Option<Refusal> {
    if capabilities.is_empty() {
        return None;
    }
    regions.iter().find_map(|region| {
        let pack = region.policy.pack.pack();
        pack.forbids(capabilities).map(|rule| Refusal { region_id: region.id, region: region.name.clone(), pack, rule })
    })
}
