//! The report of one interview: every question as asked, the answer with its
//! timings, every score with its evidence and the plugin version behind it,
//! and the recommendation with its reasons. Readable by HR, and explainable
//! to a candidate who appeals.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::relevance::{self, Relevance};
use super::transcripts::awaiting_transcripts;
use super::{Engine, EngineError};
use crate::domain::{Answer, DimensionScore, Question};
use crate::runtime::PluginRef;
use crate::store::{ScoredSession, SessionState, StoredRecommendation, TranscriptionRow};

/// One question of the interview and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportItem {
    pub question: Question,
    /// The stored answer's id; `None`: not answered.
    pub answer_id: Option<i64>,
    /// The question bank plugin (id@version) that proposed the question.
    pub bank: String,
    /// `None`: not answered.
    pub answer: Option<Answer>,
    pub time_limit_ms: i64,
    /// How far the answer ran past the time limit.
    pub overtime_ms: i64,
    pub scores: Vec<AttributedScore>,
    /// How far the answer addresses the question, and the share of its
    /// scores' credit that counted (`engine::relevance`); `None`: not answered.
    pub relevance: Option<Relevance>,
    /// The id of an earlier question whose answer this one retells.
    pub retells: Option<String>,
    /// The answer's recording, when it was recorded and kept:
    /// `GET /api/v1/sessions/{session_id}/recordings/{recording}`.
    pub recording: Option<String>,
    /// Recorded and not transcribed yet: the answer's text is at most the
    /// candidate's notes, and the interview is not scored until a transcript
    /// is written (`PUT /api/v1/sessions/{session_id}/answers/{answer_id}/transcript`).
    pub awaiting_transcript: bool,
    /// What the candidate typed beside the recording, once a transcript
    /// became the answer's text.
    pub notes: Option<String>,
    /// Speech recognition of the recording: its state, and for a machine
    /// transcript the model (name, version, checksum), language, confidence
    /// and timed segments. `source` says who wrote the answer's transcript:
    /// `machine`, or `person` (HR's, which wins over the machine's).
    pub transcription: Option<TranscriptionRow>,
}

/// A dimension score with the rubric plugin that gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttributedScore {
    pub plugin: PluginRef,
    #[serde(flatten)]
    pub score: DimensionScore,
}

/// A session's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Report {
    pub session_id: i64,
    pub state: SessionState,
    pub application_id: i64,
    /// Where the application is in the pipeline now.
    pub stage: String,
    pub candidate_id: i64,
    pub candidate_name: String,
    pub job_id: i64,
    pub job_title: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub items: Vec<ReportItem>,
    /// Recorded answers without a transcript; scoring waits for them.
    pub awaiting_transcripts: usize,
    pub recommendation: Option<StoredRecommendation>,
    /// Every plugin (id@version) that planned or scored this interview.
    pub plugins: Vec<String>,
}

impl Engine {
    pub async fn report(&self, session_id: i64) -> Result<Report, EngineError> {
        // Expires an overdue session first, so the snapshot shows it so.
        self.session(session_id).await?;
        let ScoredSession { session, answers, scores, recommendation } = self.store.scored_session(session_id).await?;
        let application = self.store.application(session.application_id).await?;
        let candidate = self.store.candidate(application.candidate_id).await?;
        let job = self.store.job(application.job_id).await?;
        let mut transcriptions = self.store.session_transcriptions(session_id).await?;

        let mut plugins = BTreeSet::new();
        let mut items = Vec::new();
        let texts: Vec<&str> = answers.iter().map(|a| a.answer.text.as_str()).collect();
        let recycled = relevance::recycled(&texts);
        // Answers in the order given (follow-ups right after their question),
        // then the planned questions that were never answered.
        for (index, a) in answers.iter().enumerate() {
            let bank = session
                .plan
                .iter()
                .find(|p| p.question.id == a.question.id || a.question.id.starts_with(&format!("{}~", p.question.id)))
                .map(|p| p.bank.clone())
                .unwrap_or_default();
            let scores: Vec<_> = scores
                .iter()
                .filter(|s| s.answer_id == a.id)
                .map(|s| AttributedScore { plugin: s.plugin.clone(), score: s.score.clone() })
                .collect();
            plugins.extend(scores.iter().map(|s| s.plugin.to_string()));
            let judged = relevance::judge(scores.iter().map(|s| &s.score));
            let retells = recycled
                .iter()
                .find(|&&(_, later)| later == index)
                .map(|&(first, _)| answers[first].question.id.clone());
            items.push(ReportItem {
                relevance: Some(judged),
                retells,
                question: a.question.clone(),
                answer_id: Some(a.id),
                bank,
                answer: Some(a.answer.clone()),
                time_limit_ms: i64::from(a.question.time_limit_secs) * 1000,
                overtime_ms: a.overtime_ms,
                scores,
                recording: a.recording_id().map(str::to_owned),
                awaiting_transcript: a.awaits_transcript(),
                notes: a.notes.clone(),
                transcription: transcriptions
                    .iter()
                    .position(|t| t.answer_id == a.id)
                    .map(|i| transcriptions.swap_remove(i)),
            });
        }
        for p in &session.plan {
            plugins.insert(p.bank.clone());
            if !answers.iter().any(|a| a.question.id == p.question.id) {
                items.push(ReportItem {
                    question: p.question.clone(),
                    answer_id: None,
                    bank: p.bank.clone(),
                    answer: None,
                    time_limit_ms: i64::from(p.question.time_limit_secs) * 1000,
                    overtime_ms: 0,
                    scores: Vec::new(),
                    relevance: None,
                    retells: None,
                    recording: None,
                    awaiting_transcript: false,
                    notes: None,
                    transcription: None,
                });
            }
        }
        Ok(Report {
            session_id,
            state: session.state,
            application_id: application.id,
            stage: application.stage,
            candidate_id: candidate.id,
            candidate_name: candidate.name,
            job_id: job.id,
            job_title: job.profile.title,
            started_at: session.started_at,
            finished_at: session.finished_at,
            awaiting_transcripts: awaiting_transcripts(&answers),
            items,
            recommendation,
            plugins: plugins.into_iter().collect(),
        })
    }
}
