//! Running an interview: starting a session with a frozen plan, handing out
//! the current question, accepting answers in order with their timings and
//! asking at most one follow-up per planned question.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Engine, EngineError, build_plan, plan::sanitise};
use crate::domain::{Answer, PlannedQuestion, QuestionKind};
use crate::store::{
    AnswerEffects, AnswerInsert, AuditBy, Invitation, NewAnswer, SessionRow, SessionState, StoredAnswer,
};

/// A candidate's answer as submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AnswerSubmission {
    pub question_id: String,
    /// The answer's text, or the transcript of its recording.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub transcribed: bool,
    pub think_time_ms: u32,
    pub duration_ms: u32,
    /// Where the recording is stored, when there is one.
    #[serde(default)]
    pub media_ref: Option<String>,
}

/// What happened to a submitted answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SubmitOutcome {
    pub answer: StoredAnswer,
    /// The question to answer next, if any.
    pub next: Option<PlannedQuestion>,
    /// The interview is finished.
    pub completed: bool,
    /// This answer had already been accepted; nothing new was stored.
    pub replayed: bool,
}

/// The longest a think time or an answer can be said to have taken.
const MAX_TIMING_MS: u32 = 60 * 60 * 1000;

impl Engine {
    /// Starts (or resumes) the interview an invitation is for, enforcing its
    /// window. Resuming returns the session already started.
    pub async fn start_with_invitation(&self, invitation: &Invitation) -> Result<SessionRow, EngineError> {
        if invitation.revoked {
            return Err(EngineError::InvitationRevoked);
        }
        let now = self.now_ms();
        if let Some(session) = self.store.active_session(invitation.application_id).await? {
            return Ok(session);
        }
        if now < invitation.opens_at {
            return Err(EngineError::NotYetOpen { opens_at: invitation.opens_at });
        }
        if now >= invitation.closes_at {
            return Err(EngineError::InvitationClosed { closes_at: invitation.closes_at });
        }
        self.start_session(invitation.application_id, Some(invitation.id)).await
    }

    /// Starts an interview for an application: plans it from the job's
    /// question banks and freezes the plan. An application with a session
    /// that has not expired gets that session back.
    pub async fn start_session(
        &self,
        application_id: i64,
        invitation_id: Option<i64>,
    ) -> Result<SessionRow, EngineError> {
        if let Some(session) = self.store.active_session(application_id).await? {
            return Ok(session);
        }
        let application = self.store.application(application_id).await?;
        let job = self.store.job(application.job_id).await?;
        let banks = self.plugins.banks_for(&job).await;
        if banks.is_empty() {
            return Err(EngineError::NoQuestionBank { job_id: job.id });
        }
        let locale = job.profile.locale.clone();
        // One plan per job: a structured interview asks every candidate the same questions.
        let seed = u64::try_from(job.id).unwrap_or_default();
        let plan = build_plan(&job.profile, &banks, &self.config.plan, &locale, seed).await?;
        let started_at = self.now_ms();
        let budget_ms: i64 =
            plan.iter().map(|p| i64::from(p.question.think_time_secs + p.question.time_limit_secs) * 1000).sum::<i64>()
                * 2; // room for one follow-up per question
        let slack = i64::try_from(self.config.session_slack.as_millis()).unwrap_or(i64::MAX);
        let deadline = started_at.saturating_add(budget_ms).saturating_add(slack);
        let (session, _created) =
            self.store.start_session(application_id, invitation_id, &locale, &plan, started_at, deadline).await?;
        Ok(session)
    }

    /// The question the candidate should answer now; `None` when finished.
    pub fn current_question(session: &SessionRow, answers: &[StoredAnswer]) -> Option<PlannedQuestion> {
        if let Some(follow_up) = &session.pending_follow_up {
            return Some(follow_up.clone());
        }
        let answered: HashSet<&str> = answers.iter().map(|a| a.question.id.as_str()).collect();
        session.plan.iter().find(|p| !answered.contains(p.question.id.as_str())).cloned()
    }

    /// A session with its answers, expired first if its time has run out.
    async fn session_with_answers(&self, session_id: i64) -> Result<(SessionRow, Vec<StoredAnswer>), EngineError> {
        let (session, answers) = self.store.session_with_answers(session_id).await?;
        Ok((self.expired_if_overdue(session).await?, answers))
    }

    async fn expired_if_overdue(&self, session: SessionRow) -> Result<SessionRow, EngineError> {
        if session.state == SessionState::InProgress && self.now_ms() > session.deadline {
            return self.session(session.id).await;
        }
        Ok(session)
    }

    /// A session, expired first if its time has run out.
    pub async fn session(&self, session_id: i64) -> Result<SessionRow, EngineError> {
        let mut session = self.store.session(session_id).await?;
        if session.state == SessionState::InProgress && self.now_ms() > session.deadline {
            let now = self.now_ms();
            self.store
                .transition_session(session_id, &[SessionState::InProgress], SessionState::Expired, Some(now))
                .await?;
            session = self.store.session(session_id).await?;
        }
        Ok(session)
    }

    /// Marks every interview still in progress past its deadline as expired
    /// (the answers given are kept and scored); returns the sessions expired.
    /// The scheduler calls this, so an abandoned interview does not wait for
    /// someone to read it.
    pub async fn expire_overdue(&self) -> Result<Vec<i64>, EngineError> {
        let now = self.now_ms();
        let mut expired = Vec::new();
        for session_id in self.store.overdue_sessions(now, 500).await? {
            // `false`: finished or expired by another request or node meanwhile.
            if self
                .store
                .transition_session(session_id, &[SessionState::InProgress], SessionState::Expired, Some(now))
                .await?
            {
                expired.push(session_id);
            }
        }
        Ok(expired)
    }

    /// Accepts the answer to the current question. A retried submission of
    /// an answer already accepted returns it again and stores nothing.
    pub async fn submit_answer(
        &self,
        session_id: i64,
        submission: AnswerSubmission,
    ) -> Result<SubmitOutcome, EngineError> {
        self.submit_answer_by(session_id, submission, None).await
    }

    /// [`Engine::submit_answer`], writing the audit entry for a stored
    /// answer in the same transaction.
    pub async fn submit_answer_by(
        &self,
        session_id: i64,
        submission: AnswerSubmission,
        by: Option<AuditBy<'_>>,
    ) -> Result<SubmitOutcome, EngineError> {
        let (session, answers) = self.session_with_answers(session_id).await?;
        self.submit_to(session, answers, submission, by).await
    }

    /// [`Engine::submit_answer_by`] to the newest interview of an
    /// invitation's application, found in the same query as its answers.
    pub async fn submit_answer_for_invitation(
        &self,
        invitation_id: i64,
        submission: AnswerSubmission,
        by: Option<AuditBy<'_>>,
    ) -> Result<SubmitOutcome, EngineError> {
        let Some((session, answers)) = self.store.newest_session_of_invitation(invitation_id).await? else {
            return Err(EngineError::NotStarted);
        };
        let session = self.expired_if_overdue(session).await?;
        self.submit_to(session, answers, submission, by).await
    }

    async fn submit_to(
        &self,
        session: SessionRow,
        answers: Vec<StoredAnswer>,
        submission: AnswerSubmission,
        by: Option<AuditBy<'_>>,
    ) -> Result<SubmitOutcome, EngineError> {
        // Expired first if its time has run out; a replay is still answered.
        let session_id = session.id;
        if let Some(previous) = answers.iter().find(|a| a.question.id == submission.question_id) {
            return if previous.submitted_text() == submission.text.trim()
                && previous.answer.duration_ms == submission.duration_ms
            {
                let next = Self::current_question(&session, &answers);
                Ok(SubmitOutcome { answer: previous.clone(), completed: next.is_none(), next, replayed: true })
            } else {
                Err(EngineError::AnswerChanged { question_id: submission.question_id })
            };
        }
        match session.state {
            SessionState::InProgress => {}
            SessionState::Expired => return Err(EngineError::TimeUp { deadline: session.deadline }),
            state => return Err(EngineError::NotInProgress { state }),
        }
        let Some(current) = Self::current_question(&session, &answers) else {
            return Err(EngineError::NoMoreQuestions);
        };
        if current.question.id != submission.question_id {
            return Err(EngineError::OutOfOrder { expected: current.question.id, got: submission.question_id });
        }
        self.validate(&submission)?;

        let question = current.question.clone();
        let limit_ms = i64::from(question.time_limit_secs) * 1000;
        let overtime_ms = (i64::from(submission.duration_ms) - limit_ms).max(0);
        let answer = Answer {
            question_id: question.id.clone(),
            text: submission.text.trim().to_owned(),
            transcribed: submission.transcribed,
            locale: session.locale.clone(),
            think_time_ms: submission.think_time_ms,
            duration_ms: submission.duration_ms,
        };

        let follow_up = if question.kind == QuestionKind::FollowUp {
            None
        } else {
            self.follow_up(session.application_id, &current, &answer).await
        };
        let remaining_after = session
            .plan
            .iter()
            .filter(|p| p.question.id != question.id && !answers.iter().any(|a| a.question.id == p.question.id))
            .count();
        let completes = follow_up.is_none() && remaining_after == 0;
        let new = NewAnswer {
            question,
            answer,
            overtime_ms,
            media_ref: submission.media_ref.clone(),
            submitted_at: self.now_ms(),
        };
        let was_pending = session.pending_follow_up.is_some();
        let event = if completes { self.completion_event(session.application_id).await? } else { None };
        let effects = AnswerEffects {
            follow_up: follow_up.as_ref(),
            follow_up_was_pending: was_pending,
            completes,
            completion: event.as_ref(),
        };
        let stored = match self.store.insert_answer(session_id, &new, effects, by).await? {
            AnswerInsert::Stored(a) => a,
            // Lost a race with an identical retry: same outcome as a replay.
            AnswerInsert::AlreadyAnswered(a) => {
                let session = self.store.session(session_id).await?;
                let answers = self.store.answers(session_id).await?;
                let next = Self::current_question(&session, &answers);
                return Ok(SubmitOutcome { answer: a, completed: next.is_none(), next, replayed: true });
            }
        };
        let next = match follow_up {
            Some(f) => Some(f),
            None => session
                .plan
                .iter()
                .find(|p| {
                    p.question.id != stored.question.id && !answers.iter().any(|a| a.question.id == p.question.id)
                })
                .cloned(),
        };
        Ok(SubmitOutcome { answer: stored, completed: completes, next, replayed: false })
    }

    /// Ends an interview early; the questions not answered stay unanswered
    /// and the report says so.
    pub async fn finish(&self, session_id: i64) -> Result<SessionRow, EngineError> {
        let session = self.session(session_id).await?;
        match session.state {
            SessionState::InProgress => {
                let event = self.completion_event(session.application_id).await?;
                self.store.complete_session(session_id, self.now_ms(), event.as_ref()).await?;
                Ok(self.store.session(session_id).await?)
            }
            _ => Ok(session),
        }
    }

    fn validate(&self, s: &AnswerSubmission) -> Result<(), EngineError> {
        if s.text.trim().is_empty() && s.media_ref.is_none() {
            return Err(EngineError::invalid("text", "an answer needs a text or a recording"));
        }
        self.check_length(&s.text)?;
        if s.think_time_ms > MAX_TIMING_MS {
            return Err(EngineError::invalid("think_time_ms", "is longer than an hour"));
        }
        if s.duration_ms > MAX_TIMING_MS {
            return Err(EngineError::invalid("duration_ms", "is longer than an hour"));
        }
        Ok(())
    }

    /// Refuses an answer's text (typed or transcribed) over the length limit.
    pub(super) fn check_length(&self, text: &str) -> Result<(), EngineError> {
        let chars = text.chars().count();
        if chars > self.config.max_answer_chars {
            return Err(EngineError::invalid(
                "text",
                format!("is {chars} characters long; the limit is {}", self.config.max_answer_chars),
            ));
        }
        Ok(())
    }

    /// Asks the bank that planned `current` for a follow-up. A bank that is
    /// gone or fails means no follow-up, never a failed answer.
    async fn follow_up(
        &self,
        application_id: i64,
        current: &PlannedQuestion,
        answer: &Answer,
    ) -> Option<PlannedQuestion> {
        let job = self.job_of_application(application_id).await.ok()?;
        let bank = self.plugins.banks_for(&job).await.into_iter().find(|b| b.plugin().to_string() == current.bank)?;
        match bank.follow_up(&job.profile, &current.question, answer).await {
            Ok(Some(mut q)) => {
                q.id = format!("{}~follow-up", current.question.id);
                q.kind = QuestionKind::FollowUp;
                if q.dimensions.is_empty() {
                    q.dimensions.clone_from(&current.question.dimensions);
                }
                sanitise(&mut q);
                (!q.text.trim().is_empty()).then(|| PlannedQuestion { question: q, bank: current.bank.clone() })
            }
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(plugin = %bank.plugin(), error = %e, "question bank failed to propose a follow-up");
                None
            }
        }
    }
}
