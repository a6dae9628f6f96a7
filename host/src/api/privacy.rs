//! Staff's side of a candidate's personal data: their consents, erasure on
//! request with a receipt, an access request's export, and legal holds.
//! Erasure, export and holds reach every application of the candidate, so
//! they are for administrators and HR of the whole organisation.

use axum::Json;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{Action, require_candidate};
use super::auth::Staff;
use super::consent::erasure_error;
use super::error::{ApiError, ApiResult, Body, ErrorBody, Path};
use super::uploads::Binary;
use super::{AppState, TAG_CANDIDATES};
use crate::compliance::erasure::ErasureReceipt;
use crate::store::{AuditBy, Consent, LegalHold};

/// An application's consents.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationConsents {
    pub application_id: i64,
    pub consents: Vec<Consent>,
}

/// A candidate's consents per application: purpose, notice version, when
/// given and withdrawn.
#[utoipa::path(get, path = "/api/v1/candidates/{candidate_id}/consents", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)),
    responses((status = 200, body = Vec<ApplicationConsents>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn consents(
    State(state): State<AppState>,
    staff: Staff,
    Path(candidate_id): Path<i64>,
) -> ApiResult<Json<Vec<ApplicationConsents>>> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ReadCandidate).await?;
    let mut all = Vec::new();
    for application in store.applications_of_candidate(candidate_id).await? {
        all.push(ApplicationConsents {
            application_id: application.id,
            consents: store.consents(application.id).await?,
        });
    }
    Ok(Json(all))
}

/// Erase everything of a candidate now (an erasure request received by
/// HR): rows, recordings, transcripts, scores, caches. Refused (409) under
/// legal hold. The receipt holds counts only and is audited.
#[utoipa::path(post, path = "/api/v1/candidates/{candidate_id}/erasure", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)),
    responses((status = 200, body = ErasureReceipt), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The candidate is under legal hold", body = ErrorBody)),
    security(("staff" = [])))]
pub async fn erase(
    State(state): State<AppState>,
    staff: Staff,
    Path(candidate_id): Path<i64>,
) -> ApiResult<Json<ErasureReceipt>> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ManagePersonalData).await?;
    let candidate = store.candidate(candidate_id).await?;
    let (actor, now) = (staff.actor(), state.engine.now_ms());
    let by = AuditBy { actor: &actor, origin: &staff.origin };
    if store.legal_hold(candidate_id).await?.is_some() {
        return Err(ApiError::conflict(
            "legal-hold",
            format!("candidate {candidate_id} is under legal hold: lift the hold before erasing"),
        ));
    }
    store.request_erasure(candidate.organisation_id, candidate_id, now, now, by).await?;
    let receipt = state.eraser().erase(candidate_id, "candidate.erase", now, by).await.map_err(erasure_error)?;
    Ok(Json(receipt))
}

/// Everything held about a candidate, for an access request: a gzipped
/// tar of `candidate.json` (every row, table by table) and their recordings
/// under `media/`. Audited.
#[utoipa::path(get, path = "/api/v1/candidates/{candidate_id}/export", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)),
    responses((status = 200, description = "A gzipped tar: candidate.json and media/<session>/<recording>",
            content((Binary = "application/gzip"))),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn export(State(state): State<AppState>, staff: Staff, Path(candidate_id): Path<i64>) -> ApiResult<Response> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ManagePersonalData).await?;
    let now = state.engine.now_ms();
    let (file, exported) =
        crate::compliance::export::export_candidate(store, state.config.media_dir.clone(), candidate_id, now)
            .await
            .map_err(|e| match e {
                crate::compliance::export::ExportError::Store(e) => ApiError::from(e),
                e @ crate::compliance::export::ExportError::Io(_) => ApiError::internal(&e),
            })?;
    let detail = format!("{} rows, {} files", exported.rows, exported.files);
    store
        .audit(&staff.actor(), "candidate.export", &format!("candidate:{candidate_id}"), &detail, &staff.origin)
        .await?;
    // The temporary file is unlinked when `file` drops; the open handle
    // keeps its bytes readable while they stream.
    let handle = file.reopen().map_err(|e| ApiError::internal(&e))?;
    drop(file);
    let stream = futures_util::stream::unfold(Some(tokio::fs::File::from_std(handle)), |file| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut chunk = vec![0u8; 64 * 1024];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok(bytes::Bytes::from(chunk)), Some(file)))
            }
            // The error ends the stream (and the response, cut short).
            Err(e) => Some((Err::<bytes::Bytes, _>(e), None)),
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/gzip".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"candidate-{candidate_id}.tar.gz\"")),
        ],
        HttpBody::from_stream(stream),
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldRequest {
    /// A case reference, not personal data (at most 200 characters).
    pub reason: String,
}

/// The candidate's legal hold: `null` when none is placed.
#[utoipa::path(get, path = "/api/v1/candidates/{candidate_id}/legal-hold", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)),
    responses((status = 200, body = Option<LegalHold>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn get_hold(
    State(state): State<AppState>,
    staff: Staff,
    Path(candidate_id): Path<i64>,
) -> ApiResult<Json<Option<LegalHold>>> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ManagePersonalData).await?;
    Ok(Json(store.legal_hold(candidate_id).await?))
}

/// Place a legal hold: nothing of the candidate is purged or erased until
/// it is lifted.
#[utoipa::path(put, path = "/api/v1/candidates/{candidate_id}/legal-hold", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)), request_body = HoldRequest,
    responses((status = 200, body = LegalHold), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn place_hold(
    State(state): State<AppState>,
    staff: Staff,
    Path(candidate_id): Path<i64>,
    Body(request): Body<HoldRequest>,
) -> ApiResult<Json<LegalHold>> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ManagePersonalData).await?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(ApiError::invalid("reason", "name the case (1 to 200 characters)"));
    }
    let actor = staff.actor();
    store
        .put_legal_hold(candidate_id, reason, state.engine.now_ms(), AuditBy { actor: &actor, origin: &staff.origin })
        .await?;
    let hold = store.legal_hold(candidate_id).await?.ok_or_else(|| ApiError::not_found("legal hold"))?;
    Ok(Json(hold))
}

/// Lift a legal hold; an erasure request that waited for it is completed
/// by the next retention run.
#[utoipa::path(delete, path = "/api/v1/candidates/{candidate_id}/legal-hold", tag = TAG_CANDIDATES,
    params(("candidate_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("staff" = [])))]
pub async fn lift_hold(
    State(state): State<AppState>,
    staff: Staff,
    Path(candidate_id): Path<i64>,
) -> ApiResult<StatusCode> {
    let store = state.engine.store();
    require_candidate(store, candidate_id, &staff, Action::ManagePersonalData).await?;
    let actor = staff.actor();
    if !store.lift_legal_hold(candidate_id, AuditBy { actor: &actor, origin: &staff.origin }).await? {
        return Err(ApiError::not_found(&format!("legal hold on candidate {candidate_id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
