//! A candidate's optional self-identification, through their link: the
//! categories and values there are, giving answers under a consent of their
//! own, and withdrawing them. The answers feed only the adverse-impact
//! report's aggregates; nobody reads them one by one, and the interview,
//! its scores and its plugins never see them.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::CandidateLink;
use super::error::{ApiError, ApiResult, Body, ErrorBody};
use super::{AppState, TAG_INTERVIEW};
use crate::compliance::demographics::{CATEGORIES, check};
use crate::store::AuditBy;

/// One category and the values it takes.
#[derive(Debug, Serialize, ToSchema)]
pub struct SelfIdCategory {
    pub category: String,
    pub values: Vec<String>,
}

/// The categories a candidate may answer (every one optional).
#[utoipa::path(get, path = "/api/v1/interview/self-identification", tag = TAG_INTERVIEW,
    responses((status = 200, body = Vec<SelfIdCategory>), (status = 401, body = ErrorBody)), security(("candidate" = [])))]
pub async fn categories(_link: CandidateLink) -> Json<Vec<SelfIdCategory>> {
    Json(
        CATEGORIES
            .iter()
            .map(|(category, values)| SelfIdCategory {
                category: (*category).to_owned(),
                values: values.iter().map(|v| (*v).to_owned()).collect(),
            })
            .collect(),
    )
}

/// A candidate's answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfIdentification {
    /// The candidate agrees that these answers are kept, apart from their
    /// application, for the adverse-impact report only. Must be `true`.
    pub consent: bool,
    /// The version of the notice the candidate was shown.
    pub notice_version: String,
    /// Category to value; a category left out is not answered.
    pub groups: BTreeMap<String, String>,
}

/// Gives (or replaces) the candidate's answers.
#[utoipa::path(put, path = "/api/v1/interview/self-identification", tag = TAG_INTERVIEW, request_body = SelfIdentification,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn give(
    State(state): State<AppState>,
    link: CandidateLink,
    Body(answers): Body<SelfIdentification>,
) -> ApiResult<StatusCode> {
    if !answers.consent {
        return Err(ApiError::invalid("consent", "answers are kept only with the candidate's consent"));
    }
    let notice_version = answers.notice_version.trim();
    if notice_version.is_empty() || notice_version.len() > 64 {
        return Err(ApiError::invalid("notice_version", "must name the notice shown (at most 64 characters)"));
    }
    for (category, value) in &answers.groups {
        check(category, value).map_err(|message| ApiError::invalid(format!("groups.{category}"), message))?;
    }
    let store = state.engine.store();
    let candidate_id = store.application(link.invitation.application_id).await?.candidate_id;
    let actor = link.actor();
    let by = AuditBy { actor: &actor, origin: &link.origin };
    let groups: Vec<(String, String)> = answers.groups.into_iter().collect();
    store.put_demographics(candidate_id, &groups, notice_version, by).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws the candidate's answers: they are deleted.
#[utoipa::path(delete, path = "/api/v1/interview/self-identification", tag = TAG_INTERVIEW,
    responses((status = 204), (status = 401, body = ErrorBody)), security(("candidate" = [])))]
pub async fn withdraw(State(state): State<AppState>, link: CandidateLink) -> ApiResult<StatusCode> {
    let store = state.engine.store();
    let candidate_id = store.application(link.invitation.application_id).await?.candidate_id;
    let actor = link.actor();
    store.delete_demographics(candidate_id, AuditBy { actor: &actor, origin: &link.origin }).await?;
    Ok(StatusCode::NO_CONTENT)
}
