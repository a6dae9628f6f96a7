//! Scoped enablement: a binding switches a plugin on (or off) for an
//! organisation, region, branch, department or job, with a semver
//! requirement and a configuration.
//!
//! Resolution for a job walks its scopes from the most specific (the job)
//! to the organisation; for each plugin the first binding met wins. A
//! disabled binding therefore hides the plugin from everything below it,
//! and a department's binding overrides its region's.

use std::collections::BTreeMap;

use semver::VersionReq;
use serde::{Deserialize, Serialize};

/// The levels a binding can be attached to, least specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeKind {
    Organisation,
    Region,
    Branch,
    Department,
    Job,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 5] =
        [ScopeKind::Organisation, ScopeKind::Region, ScopeKind::Branch, ScopeKind::Department, ScopeKind::Job];

    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Organisation => "organisation",
            ScopeKind::Region => "region",
            ScopeKind::Branch => "branch",
            ScopeKind::Department => "department",
            ScopeKind::Job => "job",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One node of the org tree (or a job) a binding is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scope {
    pub kind: ScopeKind,
    pub id: i64,
}

impl Scope {
    pub fn new(kind: ScopeKind, id: i64) -> Self {
        Self { kind, id }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.as_str(), self.id)
    }
}

/// A plugin switched on or off for a scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Binding {
    pub id: i64,
    pub organisation_id: i64,
    pub scope: Scope,
    pub plugin_id: String,
    /// Which versions may serve, e.g. `^1.2`; the highest installed match does.
    #[schema(value_type = String, example = "^0.1")]
    pub requirement: VersionReq,
    pub enabled: bool,
    /// The plugin's configuration, checked against its schema when saved.
    #[schema(value_type = Object)]
    pub config: serde_json::Value,
    pub updated_at: i64,
}

impl Binding {
    /// How a person would name it: `bank-core ^0.1 on department 4`.
    pub fn describe(&self) -> String {
        format!("{} {} on {}", self.plugin_id, self.requirement, self.scope)
    }
}

/// The binding that decides a plugin for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedBinding {
    pub plugin_id: String,
    pub requirement: VersionReq,
    pub config: serde_json::Value,
    /// Where the winning binding is attached.
    pub scope: Scope,
}

/// The plugins switched on for a job whose scopes are `chain`, most specific
/// first (job, department, branch, region, organisation), sorted by plugin id.
pub fn resolve<'a>(chain: &[Scope], bindings: impl IntoIterator<Item = &'a Binding>) -> Vec<ResolvedBinding> {
    let rank = |scope: &Scope| chain.iter().position(|s| s == scope);
    let mut winners: BTreeMap<&str, (usize, &Binding)> = BTreeMap::new();
    for binding in bindings {
        let Some(at) = rank(&binding.scope) else { continue };
        match winners.get(binding.plugin_id.as_str()) {
            Some((best, _)) if *best <= at => {}
            _ => {
                winners.insert(&binding.plugin_id, (at, binding));
            }
        }
    }
    winners
        .into_values()
        .filter(|(_, b)| b.enabled)
        .map(|(_, b)| ResolvedBinding {
            plugin_id: b.plugin_id.clone(),
            requirement: b.requirement.clone(),
            config: b.config.clone(),
            scope: b.scope,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::ScopeKind::*;
    use super::*;

    /// Organisation 1 ─ region 10 (east) ─ branch 20 ─ department 30 (sales) ─ job 100
    ///                                              └ department 31 (ops)   ─ job 101
    ///                 └ region 11 (west) ─ department 32 (no branch)       ─ job 102
    fn chain(job: i64) -> Vec<Scope> {
        let s = Scope::new;
        match job {
            100 => vec![s(Job, 100), s(Department, 30), s(Branch, 20), s(Region, 10), s(Organisation, 1)],
            101 => vec![s(Job, 101), s(Department, 31), s(Branch, 20), s(Region, 10), s(Organisation, 1)],
            102 => vec![s(Job, 102), s(Department, 32), s(Region, 11), s(Organisation, 1)],
            _ => unreachable!("no job {job}"),
        }
    }

    fn bind(kind: ScopeKind, id: i64, plugin: &str, req: &str, enabled: bool, tag: &str) -> Binding {
        Binding {
            id: 0,
            organisation_id: 1,
            scope: Scope::new(kind, id),
            plugin_id: plugin.to_owned(),
            requirement: VersionReq::parse(req).expect("requirement"),
            enabled,
            config: json!({ "tag": tag }),
            updated_at: 0,
        }
    }

    /// What serves `job`: `plugin=tag` pairs.
    fn active(job: i64, bindings: &[Binding]) -> Vec<String> {
        resolve(&chain(job), bindings)
            .into_iter()
            .map(|r| format!("{}={}", r.plugin_id, r.config["tag"].as_str().unwrap_or("?")))
            .collect()
    }

    #[test]
    fn resolution_table() {
        let org_wide = bind(Organisation, 1, "bank-core", "^0.1", true, "org");
        let cases: Vec<(&str, Vec<Binding>, i64, Vec<&str>)> = vec![
            ("nothing bound", vec![], 100, vec![]),
            ("organisation binding reaches every job", vec![org_wide.clone()], 102, vec!["bank-core=org"]),
            (
                "department overrides organisation",
                vec![org_wide.clone(), bind(Department, 30, "bank-core", "^0.1", true, "sales")],
                100,
                vec!["bank-core=sales"],
            ),
            (
                "a sibling department's binding does not apply",
                vec![org_wide.clone(), bind(Department, 30, "bank-core", "^0.1", true, "sales")],
                101,
                vec!["bank-core=org"],
            ),
            (
                "a disabled region hides the organisation's plugin",
                vec![org_wide.clone(), bind(Region, 10, "bank-core", "*", false, "off")],
                101,
                vec![],
            ),
            (
                "the other region still has it",
                vec![org_wide.clone(), bind(Region, 10, "bank-core", "*", false, "off")],
                102,
                vec!["bank-core=org"],
            ),
            (
                "department re-enables below a disabled region",
                vec![
                    org_wide.clone(),
                    bind(Region, 10, "bank-core", "*", false, "off"),
                    bind(Department, 30, "bank-core", "^0.1", true, "sales"),
                ],
                100,
                vec!["bank-core=sales"],
            ),
            (
                "region vs department: department wins whichever order they come in",
                vec![
                    bind(Department, 30, "rubric-star", "^0.1", true, "dept"),
                    bind(Region, 10, "rubric-star", "^0.1", true, "region"),
                ],
                100,
                vec!["rubric-star=dept"],
            ),
            (
                "a job can switch off what its department enabled",
                vec![
                    bind(Department, 30, "rubric-star", "^0.1", true, "dept"),
                    bind(Job, 100, "rubric-star", "*", false, "off"),
                ],
                100,
                vec![],
            ),
            (
                "branch binding reaches both departments of the branch",
                vec![bind(Branch, 20, "payroll", "^1", true, "branch")],
                101,
                vec!["payroll=branch"],
            ),
            (
                "plugins resolve independently, sorted by id",
                vec![
                    bind(Organisation, 1, "rubric-star", "^0.1", true, "org"),
                    org_wide.clone(),
                    bind(Job, 102, "rubric-star", "*", false, "off"),
                    bind(Region, 11, "notifier-mail", "^2", true, "west"),
                ],
                102,
                vec!["bank-core=org", "notifier-mail=west"],
            ),
            (
                "another organisation's scopes never match",
                vec![Binding { organisation_id: 2, ..bind(Organisation, 2, "bank-core", "*", true, "other") }],
                100,
                vec![],
            ),
        ];
        for (name, bindings, job, expected) in cases {
            assert_eq!(active(job, &bindings), expected, "{name}");
        }
    }

    #[test]
    fn the_winner_carries_its_requirement_and_scope() {
        let bindings = [
            bind(Organisation, 1, "bank-core", "^0.1", true, "org"),
            bind(Department, 30, "bank-core", ">=0.2, <0.4", true, "sales"),
        ];
        let resolved = resolve(&chain(100), &bindings);
        assert_eq!(resolved.len(), 1);
        assert_eq!(resolved[0].requirement.to_string(), ">=0.2, <0.4");
        assert_eq!(resolved[0].scope, Scope::new(Department, 30));
    }
}
