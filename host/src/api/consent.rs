//! The candidate's privacy through their link: the notice of their region
//! (versioned, in their language) with the purposes asked, withdrawing a
//! consent, and asking for everything of theirs to be erased.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::CandidateLink;
use super::error::{ApiError, ApiResult, ErrorBody, Params, Path};
use super::{AppState, TAG_INTERVIEW};
use crate::compliance::consent::{NoticeSection, notice_text};
use crate::compliance::erasure::{ErasureError, ErasureReceipt};
use crate::compliance::{PackId, PolicyPack, Purpose, PurposeRule, Retention};
use crate::store::{AuditBy, Consent, Store};

/// The pack of the region an application's job is in.
pub(super) async fn pack_of_application(store: &Store, application_id: i64) -> ApiResult<(PackId, i64)> {
    let application = store.application(application_id).await?;
    let job = store.job(application.job_id).await?;
    Ok((store.region_policy(job.department_id).await?.pack, job.id))
}

/// The notice a candidate reads before consenting.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notice {
    /// The region's policy pack.
    pub pack: PackId,
    /// The notice's version: send it back with the consents.
    pub version: String,
    pub locale: String,
    pub sections: Vec<NoticeSection>,
    /// The purposes asked, and which the interview cannot start without.
    pub purposes: Vec<PurposeRule>,
    pub retention: Retention,
    /// What this application has consented to so far.
    pub consents: Vec<Consent>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// `en` or `zh-CN`; the job's language when not given.
    pub locale: Option<String>,
}

/// The notice of my region, and what I have consented to.
#[utoipa::path(get, path = "/api/v1/interview/notice", tag = TAG_INTERVIEW, params(NoticeQuery),
    responses((status = 200, body = Notice), (status = 401, body = ErrorBody)), security(("candidate" = [])))]
pub async fn notice(
    State(state): State<AppState>,
    link: CandidateLink,
    Params(query): Params<NoticeQuery>,
) -> ApiResult<Json<Notice>> {
    let store = state.engine.store();
    let application_id = link.invitation.application_id;
    let (pack_id, job_id) = pack_of_application(store, application_id).await?;
    let job = store.job(job_id).await?;
    let organisation = store.organisation_name(job.organisation_id).await?;
    let pack: &PolicyPack = pack_id.pack();
    let locale = query.locale.unwrap_or_else(|| job.profile.locale.clone());
    let locale = if locale.starts_with("zh") { "zh-CN".to_owned() } else { "en".to_owned() };
    let characteristics: Vec<String> = job.profile.dimensions.iter().map(|d| d.name.clone()).collect();
    Ok(Json(Notice {
        pack: pack_id,
        version: pack.notice.version.to_owned(),
        sections: notice_text(&organisation, &characteristics, &pack.retention, &pack.notice, &locale),
        locale,
        purposes: pack.purposes.to_vec(),
        retention: pack.retention,
        consents: store.consents(application_id).await?,
    }))
}

/// Withdraw a consent. `recording`: no more media is accepted (answer in
/// writing); `ai-evaluation`: the answers are not scored by AI (any AI
/// scores are removed) and a person reviews them. Withdrawing a consent
/// the region requires does not stop an interview in progress; starting it
/// again asks for the consent again.
#[utoipa::path(delete, path = "/api/v1/interview/consents/{purpose}", tag = TAG_INTERVIEW,
    params(("purpose" = Purpose, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn withdraw_consent(
    State(state): State<AppState>,
    link: CandidateLink,
    Path(purpose): Path<String>,
) -> ApiResult<StatusCode> {
    let Some(purpose) = Purpose::parse(&purpose) else {
        return Err(ApiError::not_found(&format!("consent purpose {purpose:?}")));
    };
    let actor = link.actor();
    let by = AuditBy { actor: &actor, origin: &link.origin };
    let store = state.engine.store();
    store.withdraw_consent(link.invitation.application_id, purpose, state.engine.now_ms(), by).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What became of an erasure request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureRequested {
    pub request_id: i64,
    /// By when it is completed at the latest (Unix ms), from the region's pack.
    pub due_at: i64,
    /// Done now; the link stops working.
    pub completed: bool,
    /// What was erased (counts only), when completed.
    pub receipt: Option<ErasureReceipt>,
}

/// Erase everything held about me. Done at once, unless the company must
/// keep it for a legal case (a legal hold): then the request waits (202)
/// and is completed when the hold is lifted.
#[utoipa::path(post, path = "/api/v1/interview/erasure", tag = TAG_INTERVIEW,
    responses((status = 200, body = ErasureRequested), (status = 202, body = ErasureRequested),
        (status = 401, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn request_erasure(
    State(state): State<AppState>,
    link: CandidateLink,
) -> ApiResult<(StatusCode, Json<ErasureRequested>)> {
    let store = state.engine.store();
    let application = store.application(link.invitation.application_id).await?;
    let candidate = store.candidate(application.candidate_id).await?;
    let (pack, _) = pack_of_application(store, application.id).await?;
    let now = state.engine.now_ms();
    let due_at = pack.pack().retention.erasure_due(now);
    let actor = link.actor();
    let by = AuditBy { actor: &actor, origin: &link.origin };
    let request_id = store.request_erasure(candidate.organisation_id, candidate.id, now, due_at, by).await?;
    match state.eraser().erase(candidate.id, "candidate.erase", now, by).await {
        Ok(receipt) => {
            Ok((StatusCode::OK, Json(ErasureRequested { request_id, due_at, completed: true, receipt: Some(receipt) })))
        }
        Err(ErasureError::Held(_)) => {
            Ok((StatusCode::ACCEPTED, Json(ErasureRequested { request_id, due_at, completed: false, receipt: None })))
        }
        Err(e) => Err(erasure_error(e)),
    }
}

pub(super) fn erasure_error(e: ErasureError) -> ApiError {
    match e {
        ErasureError::Held(_) => ApiError::conflict("legal-hold", e.to_string()),
        ErasureError::Store(e) => e.into(),
        ErasureError::Files(_) => ApiError::internal(&e),
    }
}
