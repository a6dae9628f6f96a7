//! The candidate's side of an interview, authorised by the invitation link's
//! token: read where they are, consent and start, answer one question at a
//! time (a retried submission is accepted once), finish.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{CandidateLink, CandidateToken};
use super::error::{ApiError, ApiResult, Body, ErrorBody};
use super::{AppState, TAG_INTERVIEW};
use crate::compliance::Purpose;
use crate::domain::{PlannedQuestion, QuestionKind};
use crate::engine::{AnswerSubmission, Engine};
use crate::store::{AuditBy, SessionState};

/// A candidate's answer to the question on screen: typed, or recorded (then
/// `text` holds whatever notes they typed beside it, and the answer is
/// scored on its transcript, which only HR or the server's speech
/// recognition writes: a candidate cannot say what they said).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateAnswer {
    pub question_id: String,
    /// The typed answer, or notes beside a recording.
    #[serde(default)]
    pub text: String,
    /// Milliseconds from the question being shown to the answer starting.
    pub think_time_ms: u32,
    /// Milliseconds the answer took.
    pub duration_ms: u32,
    /// The completed recording (`media_ref` of its upload), when there is one.
    #[serde(default)]
    pub media_ref: Option<String>,
}

impl From<CandidateAnswer> for AnswerSubmission {
    fn from(a: CandidateAnswer) -> Self {
        Self {
            question_id: a.question_id,
            text: a.text,
            // Never the candidate's to say: a recorded answer waits for its transcript.
            transcribed: false,
            think_time_ms: a.think_time_ms,
            duration_ms: a.duration_ms,
            media_ref: a.media_ref,
        }
    }
}

/// A question as the candidate sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    /// Time to think before answering, in seconds.
    pub think_time_secs: u32,
    /// Time to answer, in seconds; an answer may run over, and the report shows by how much.
    pub time_limit_secs: u32,
}

impl From<PlannedQuestion> for CandidateQuestion {
    fn from(p: PlannedQuestion) -> Self {
        let q = p.question;
        Self {
            id: q.id,
            kind: q.kind,
            text: q.text,
            think_time_secs: q.think_time_secs,
            time_limit_secs: q.time_limit_secs,
        }
    }
}

/// Where the candidate's interview is.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewStatus {
    pub organisation: String,
    pub job_title: String,
    pub locale: String,
    /// The interview may start from here (Unix ms)…
    pub opens_at: i64,
    /// …until here.
    pub closes_at: i64,
    /// `not-started`, `in-progress`, `completed`, `expired` or `scored`.
    pub state: String,
    /// The whole interview must be finished by then (Unix ms), once started.
    pub deadline: Option<i64>,
    pub planned_questions: usize,
    pub answered: usize,
    /// The question to answer now.
    pub current: Option<CandidateQuestion>,
    pub consent_recording: bool,
    /// The job's promise: the candidate hears back within this many days
    /// of their interview. `None`: no promise is made.
    pub feedback_within_days: Option<u32>,
}

/// The candidate's status, with `session_id` their newest session (which may
/// be newer than the one the link was looked up with).
async fn status_of(state: &AppState, link: &CandidateLink, session_id: Option<i64>) -> ApiResult<InterviewStatus> {
    let store = state.engine.store();
    let application = store.application(link.invitation.application_id).await?;
    let job = store.job(application.job_id).await?;
    let organisation = store.organisation_name(job.organisation_id).await?;
    let session = match session_id {
        Some(id) => Some(state.engine.session(id).await?),
        None => None,
    };
    let mut status = InterviewStatus {
        organisation,
        job_title: job.profile.title,
        locale: job.profile.locale,
        opens_at: link.invitation.opens_at,
        closes_at: link.invitation.closes_at,
        state: "not-started".into(),
        deadline: None,
        planned_questions: 0,
        answered: 0,
        current: None,
        consent_recording: false,
        feedback_within_days: (job.pipeline.feedback_days > 0).then_some(job.pipeline.feedback_days),
    };
    if let Some(session) = session {
        let answers = store.answers(session.id).await?;
        status.state = session.state.as_str().into();
        status.deadline = Some(session.deadline);
        status.planned_questions = session.plan.len();
        status.answered = answers.len();
        status.consent_recording = session.consent_recording;
        if session.state == SessionState::InProgress {
            status.current = Engine::current_question(&session, &answers).map(Into::into);
        }
    }
    Ok(status)
}

/// Where my interview is, and the question to answer now.
#[utoipa::path(get, path = "/api/v1/interview", tag = TAG_INTERVIEW,
    responses((status = 200, body = InterviewStatus), (status = 401, body = ErrorBody)), security(("candidate" = [])))]
pub async fn status(State(state): State<AppState>, link: CandidateLink) -> ApiResult<Json<InterviewStatus>> {
    let status = status_of(&state, &link, link.session_id).await?;
    state
        .engine
        .store()
        .audit(
            &link.actor(),
            "interview.read",
            &format!("application:{}", link.invitation.application_id),
            "",
            &link.origin,
        )
        .await?;
    Ok(Json(status))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    /// Consent per purpose (`ai-evaluation`, `recording`,
    /// `transfer-abroad`), as the region's notice asks
    /// (`GET /api/v1/interview/notice`).
    #[serde(default)]
    #[schema(value_type = Option<BTreeMap<String, bool>>)]
    pub consents: Option<BTreeMap<Purpose, bool>>,
    /// The version of the notice read; refused (409) when it is no longer
    /// the region's. Without it, the current version is recorded.
    #[serde(default)]
    pub notice_version: Option<String>,
    /// Shorthand for `consents["ai-evaluation"]`: I have read the notice on
    /// how my answers are processed and agree.
    #[serde(default)]
    pub consent: bool,
    /// Shorthand for `consents["recording"]`: I also agree to my video and
    /// audio being recorded.
    #[serde(default)]
    pub consent_recording: bool,
}

/// Records the consents a start request gives, under the region's notice,
/// and checks the region's required ones are all there; returns whether
/// recording is consented.
async fn check_consents(state: &AppState, link: &CandidateLink, request: &StartRequest) -> ApiResult<bool> {
    let store = state.engine.store();
    let application_id = link.invitation.application_id;
    let (pack_id, _) = super::consent::pack_of_application(store, application_id).await?;
    let pack = pack_id.pack();
    if let Some(read) = &request.notice_version
        && read != pack.notice.version
    {
        return Err(ApiError::conflict(
            "notice-changed",
            format!("the notice changed since it was read (now version {}): read it again", pack.notice.version),
        )
        .with_field("notice_version"));
    }
    let mut given = request.consents.clone().unwrap_or_default();
    if request.consent {
        given.entry(Purpose::AiEvaluation).or_insert(true);
    }
    given.entry(Purpose::Recording).or_insert(request.consent_recording);
    // Only what the region asks about is recorded.
    let granted: Vec<Purpose> =
        pack.purposes.iter().map(|r| r.purpose).filter(|p| given.get(p) == Some(&true)).collect();
    let actor = link.actor();
    let by = AuditBy { actor: &actor, origin: &link.origin };
    let now = state.engine.now_ms();
    store.give_consents(application_id, &granted, pack_id, pack.notice.version, now, by).await?;
    let active = store.active_consents(application_id).await?;
    if let Some(missing) = pack.purposes.iter().find(|r| r.required && !active.contains(&r.purpose)) {
        let field = if missing.purpose == Purpose::AiEvaluation && request.consents.is_none() {
            "consent".to_owned()
        } else {
            format!("consents.{}", missing.purpose.as_str())
        };
        let why = missing.citation.map(|c| format!(" ({c})")).unwrap_or_default();
        return Err(ApiError::invalid(
            field,
            format!(
                "the interview cannot start without your consent to {} ({}){why}; without it, please contact HR",
                missing.purpose.describe(),
                missing.purpose.as_str()
            ),
        ));
    }
    let recording = given.get(&Purpose::Recording) == Some(&true);
    if !recording && active.contains(&Purpose::Recording) {
        // Starting again without it takes it back.
        store.withdraw_consent(application_id, Purpose::Recording, now, by).await?;
    }
    Ok(recording)
}

/// Consent and start the interview (again: resume it). The consents the
/// region's pack requires must be given (422 naming the purpose); the
/// invitation's window is enforced here.
#[utoipa::path(post, path = "/api/v1/interview/start", tag = TAG_INTERVIEW, request_body = StartRequest,
    responses((status = 200, body = InterviewStatus), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "The notice changed since it was read", body = ErrorBody),
        (status = 410, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn start(
    State(state): State<AppState>,
    link: CandidateLink,
    Body(request): Body<StartRequest>,
) -> ApiResult<Json<InterviewStatus>> {
    let recording = check_consents(&state, &link, &request).await?;
    let session = state.engine.start_with_invitation(&link.invitation).await?;
    let store = state.engine.store();
    if session.state == SessionState::InProgress && session.consent_recording != recording {
        store.set_recording_consent(session.id, recording).await?;
    }
    store
        .audit(
            &link.actor(),
            "session.start",
            &format!("session:{}", session.id),
            if recording { "recording consented" } else { "no recording" },
            &link.origin,
        )
        .await?;
    Ok(Json(status_of(&state, &link, Some(session.id)).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerAccepted {
    pub answer_id: i64,
    /// This answer had been accepted before; nothing new was stored.
    pub replayed: bool,
    /// How far the answer ran past its time limit, in ms.
    pub overtime_ms: i64,
    /// The interview is finished.
    pub completed: bool,
    pub next: Option<CandidateQuestion>,
}

/// Answer the current question. Submitting the same answer again (a retry
/// after a dropped connection) returns the stored answer and stores nothing.
#[utoipa::path(post, path = "/api/v1/interview/answers", tag = TAG_INTERVIEW, request_body = CandidateAnswer,
    responses((status = 200, body = AnswerAccepted), (status = 401, body = ErrorBody),
        (status = 403, description = "A recording sent without the recording consent", body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 410, description = "The invitation was withdrawn", body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn submit_answer(
    State(state): State<AppState>,
    link: CandidateToken,
    Body(answer): Body<CandidateAnswer>,
) -> ApiResult<Json<AnswerAccepted>> {
    let submission = AnswerSubmission::from(answer);
    super::uploads::check_media_ref(&state, &link, &submission).await?;
    // The engine reads (and, when its time is up, expires) the session itself.
    let actor = link.actor();
    let by = AuditBy { actor: &actor, origin: &link.origin };
    let outcome = state.engine.submit_answer_for_invitation(link.invitation_id, submission, Some(by)).await?;
    if !outcome.replayed && outcome.completed {
        state.score_in_background(outcome.answer.session_id);
    }
    if !outcome.replayed && state.media.is_some() {
        let (state, answer) = (state.clone(), outcome.answer.clone());
        tokio::spawn(async move {
            let kept = answer.media_ref.as_deref();
            super::uploads::discard_unused_takes(&state, answer.session_id, &answer.question.id, kept).await;
        });
    }
    Ok(Json(AnswerAccepted {
        answer_id: outcome.answer.id,
        replayed: outcome.replayed,
        overtime_ms: outcome.answer.overtime_ms,
        completed: outcome.completed,
        next: outcome.next.map(Into::into),
    }))
}

/// Finish the interview now; questions not answered stay unanswered.
#[utoipa::path(post, path = "/api/v1/interview/finish", tag = TAG_INTERVIEW,
    responses((status = 200, body = InterviewStatus), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("candidate" = [])))]
pub async fn finish(State(state): State<AppState>, link: CandidateLink) -> ApiResult<Json<InterviewStatus>> {
    let Some(session_id) = link.session_id else {
        return Err(ApiError::conflict("not-started", "the interview has not been started"));
    };
    let before = state.engine.session(session_id).await?.state;
    let session = state.engine.finish(session_id).await?;
    if before == SessionState::InProgress {
        state
            .engine
            .store()
            .audit(&link.actor(), "session.finish", &format!("session:{}", session.id), "", &link.origin)
            .await?;
        state.score_in_background(session.id);
    }
    Ok(Json(status_of(&state, &link, Some(session.id)).await?))
}
