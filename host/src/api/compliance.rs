//! Compliance for administrators: the region policy packs there are, with
//! their rules and the articles they come from, a region adopting one, and
//! the adverse-impact report.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{Action, organisation_target, require};
use super::analytics::{AnalyticsScope, csv_response, field, resolve};
use super::auth::Staff;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Params, Path};
use super::plugins::bind_error;
use super::{AppState, TAG_ORG};
use crate::compliance::adverse_impact::{Assessed, ImpactTable, impact_table};
use crate::compliance::{PackId, SensitiveCapability, demographics};
use crate::store::{AuditBy, OrgUnit, PersonalDataRequests, RegionPolicy};

/// A policy pack and its rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyPackView {
    pub id: PackId,
    pub version: String,
    pub name: String,
    pub always_human_review: bool,
    pub human_review_citation: Option<String>,
    pub forbid_automated_rejection: bool,
    pub forbidden: Vec<ForbiddenView>,
}

/// A capability a pack forbids, with the article.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForbiddenView {
    pub capability: SensitiveCapability,
    pub citation: String,
}

/// The region policy packs Panel knows, with their rules.
#[utoipa::path(get, path = "/api/v1/policy-packs", tag = TAG_ORG,
    responses((status = 200, body = Vec<PolicyPackView>), (status = 401, body = ErrorBody)), security(("staff" = [])))]
pub async fn policy_packs(staff: Staff) -> ApiResult<Json<Vec<PolicyPackView>>> {
    require(&staff, Action::ReadOrg, &organisation_target(&staff), "the organisation")?;
    Ok(Json(
        PackId::ALL
            .iter()
            .map(|id| {
                let pack = id.pack();
                PolicyPackView {
                    id: pack.id,
                    version: pack.version.to_owned(),
                    name: pack.name.to_owned(),
                    always_human_review: pack.always_human_review,
                    human_review_citation: pack.human_review_citation.map(str::to_owned),
                    forbid_automated_rejection: pack.forbid_automated_rejection,
                    forbidden: pack
                        .forbidden
                        .iter()
                        .map(|f| ForbiddenView { capability: f.capability, citation: f.citation.to_owned() })
                        .collect(),
                }
            })
            .collect(),
    ))
}

/// A region adopts a policy (administrators): its own settings and a pack.
/// Refused while a binding switches on a plugin there that the pack forbids.
#[utoipa::path(put, path = "/api/v1/org/units/{unit_id}/policy", tag = TAG_ORG, request_body = RegionPolicy,
    params(("unit_id" = i64, Path, description = "A region")),
    responses((status = 200, body = OrgUnit), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn set_region_policy(
    State(state): State<AppState>,
    staff: Staff,
    Path(unit_id): Path<i64>,
    Body(policy): Body<RegionPolicy>,
) -> ApiResult<Json<OrgUnit>> {
    require(&staff, Action::ManageOrg, &organisation_target(&staff), "the organisation")?;
    let actor = staff.actor();
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    state.plugins.set_region_policy(staff.user.organisation_id, unit_id, policy, by).await.map_err(bind_error)?;
    Ok(Json(state.engine.store().unit(unit_id).await?))
}

/// The self-identified category the report is about.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImpactCategory {
    /// `sex` or `race-ethnicity`.
    pub category: String,
}

/// The adverse-impact report (compliance and administrators): for one self-identified
/// category, per group, how many the AI interview assessed, advanced, did not
/// reject and scored above the median, with impact ratios against the most
/// favoured group, the four-fifths flag and small-sample warnings. Over the
/// interviews scored in the period, for the organisation, one unit or one
/// job; as JSON, or with `format=csv` in the shape LL144 audits publish.
/// Only aggregates: no endpoint reads a candidate's answers.
#[utoipa::path(get, path = "/api/v1/compliance/adverse-impact", tag = TAG_ORG, params(ImpactCategory, AnalyticsScope),
    responses((status = 200, content((ImpactTable = "application/json"), (String = "text/csv"))),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn adverse_impact(
    State(state): State<AppState>,
    staff: Staff,
    Params(category): Params<ImpactCategory>,
    Params(scope): Params<AnalyticsScope>,
) -> ApiResult<Response> {
    require(&staff, Action::ReadCompliance, &organisation_target(&staff), "the adverse-impact report")?;
    if !demographics::is_category(&category.category) {
        let known: Vec<&str> = demographics::CATEGORIES.iter().map(|(c, _)| *c).collect();
        return Err(ApiError::invalid("category", format!("must be {}", known.join(" or "))));
    }
    let scope = resolve(&state, &staff, &scope, Action::ReadCompliance).await?;
    let store = state.engine.store();
    let organisation_id = staff.user.organisation_id;
    let groups: HashMap<i64, String> =
        store.demographics(organisation_id, &category.category).await?.into_iter().collect();
    let assessed: Vec<Assessed> = store
        .assessed_candidates(organisation_id, &scope.job_ids, scope.from, scope.to)
        .await?
        .into_iter()
        .map(|a| Assessed { group: groups.get(&a.candidate_id).cloned(), decision: a.decision, composite: a.composite })
        .collect();
    let table = impact_table(&category.category, &assessed);
    let detail = format!("{}; {} jobs", category.category, scope.job_ids.len());
    store.audit(&staff.actor(), "compliance.adverse-impact", "compliance", &detail, &staff.origin).await?;
    if scope.csv { Ok(csv_response("adverse-impact", impact_csv(&table))) } else { Ok(Json(table).into_response()) }
}

/// One row per group, then the undisclosed: the columns LL144 audit
/// summaries publish (selection and scoring rates and their impact ratios).
fn impact_csv(table: &ImpactTable) -> String {
    let mut out = String::from(
        "category,group,assessed,selected,selection_rate,selection_impact_ratio,not_rejected,not_rejected_rate,\
         not_rejected_impact_ratio,scored_above_median,scoring_rate,scoring_impact_ratio,below_four_fifths,\
         small_sample\n",
    );
    let ratio = |r: Option<f64>| r.map_or(String::new(), |r| format!("{r:.3}"));
    for g in &table.groups {
        let flagged =
            g.selected.below_four_fifths || g.not_rejected.below_four_fifths || g.scored_above_median.below_four_fifths;
        let _ = writeln!(
            out,
            "{},{},{},{},{:.3},{},{},{:.3},{},{},{:.3},{},{},{}",
            field(&table.category),
            field(&g.group),
            g.assessed,
            g.selected.count,
            g.selected.rate,
            ratio(g.selected.impact_ratio),
            g.not_rejected.count,
            g.not_rejected.rate,
            ratio(g.not_rejected.impact_ratio),
            g.scored_above_median.count,
            g.scored_above_median.rate,
            ratio(g.scored_above_median.impact_ratio),
            flagged,
            g.small_sample
        );
    }
    let _ = writeln!(out, "{},(not disclosed),{},,,,,,,,,,,", field(&table.category), table.unknown);
    out
}

/// The organisation's personal-data requests (administrators, compliance,
/// HR of the whole organisation): open erasure requests with their due
/// dates and whether a legal hold keeps them waiting, those completed
/// lately, the legal holds, and the latest erasures. Ids, times and case
/// references only.
#[utoipa::path(get, path = "/api/v1/compliance/requests", tag = TAG_ORG,
    responses((status = 200, body = PersonalDataRequests), (status = 403, body = ErrorBody)), security(("staff" = [])))]
pub async fn personal_data_requests(
    State(state): State<AppState>,
    staff: Staff,
) -> ApiResult<Json<PersonalDataRequests>> {
    require(&staff, Action::ManagePersonalData, &organisation_target(&staff), "personal-data requests")?;
    let store = state.engine.store();
    let requests = store.personal_data_requests(staff.user.organisation_id).await?;
    let subject = format!("organisation:{}", staff.user.organisation_id);
    store.audit(&staff.actor(), "compliance.requests", &subject, "", &staff.origin).await?;
    Ok(Json(requests))
}
