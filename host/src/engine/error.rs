//! What the engine refuses, and why, in words a caller can pass on.

use crate::pipeline::MoveError;
use crate::store::{SessionState, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no question bank is enabled for job {job_id}; enable one before inviting candidates")]
    NoQuestionBank { job_id: i64 },
    #[error("no rubric is enabled for job {job_id}; enable one before scoring")]
    NoRubric { job_id: i64 },
    #[error("the question banks could not build an interview plan: {0}")]
    Plan(String),
    #[error("this invitation opens at {opens_at} (Unix ms); the interview cannot start before then")]
    NotYetOpen { opens_at: i64 },
    #[error("this invitation's window closed at {closes_at} (Unix ms); ask HR for a new invitation")]
    InvitationClosed { closes_at: i64 },
    #[error("this invitation has been withdrawn")]
    InvitationRevoked,
    #[error("the interview is {}, so it takes no more answers", state.as_str())]
    NotInProgress { state: SessionState },
    #[error("the interview's time ran out at {deadline} (Unix ms); the answers given before then are kept")]
    TimeUp { deadline: i64 },
    #[error("question {got:?} is not the current question; answer {expected:?} first")]
    OutOfOrder { expected: String, got: String },
    #[error("the interview has not been started; start it before answering")]
    NotStarted,
    #[error("every question has been answered")]
    NoMoreQuestions,
    #[error("question {question_id:?} was already answered differently; an answer cannot be changed")]
    AnswerChanged { question_id: String },
    #[error("{field}: {message}")]
    InvalidAnswer { field: &'static str, message: String },
    #[error("the interview is still in progress; it can be scored once it is finished or expired")]
    NotFinished,
    #[error(
        "{count} recorded answer(s) have no transcript yet; the interview is scored once every recording is transcribed"
    )]
    AwaitingTranscripts { count: usize },
    #[error("answer {answer_id} was typed, not recorded: its text is the candidate's own and has no transcript")]
    NotRecorded { answer_id: i64 },
    #[error(
        "the candidate withdrew their consent to AI evaluation: their answers are not scored by AI; a person reviews them"
    )]
    AiEvaluationWithdrawn,
    #[error("saving the scores failed: {0}")]
    SaveFailed(String),
    #[error(transparent)]
    Move(#[from] MoveError),
}

impl EngineError {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        EngineError::InvalidAnswer { field, message: message.into() }
    }
}
