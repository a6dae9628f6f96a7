//! Scoring quality, measured: an evaluation set of answers labelled with what
//! they are (genuine, vague, keyword-stuffed, a story irrelevant to the
//! question…), scored by whichever rubrics are given and combined as the
//! engine combines them, then summed up as the figures issue 25 judges
//! scoring by.
//!
//! - `set`: the set on disk (`tests/eval/`), read and checked;
//! - `judge`: every answer through every rubric, combined per answer;
//! - `figures`: pair accuracy (genuine above every other kind of answer to
//!   the same question) per language, rubric and kind, and the decisions;
//! - `report`: the figures as text for `panel eval`;
//! - `guides`: the questions' answer guides, from the banks they come from.
//!
//! Rubrics are plain [`Rubric`](crate::kinds::Rubric)s: a new one (a semantic
//! rubric on the host's embeddings) is measured by passing it in, nothing here
//! changes.

mod figures;
mod guides;
mod judge;
mod report;
mod set;

pub use self::figures::{Decisions, Figures, LanguageFigures, Misranked, Pairs, Tally, figures};
pub use self::judge::{JudgedAnswer, ScoredSet, score_set};
pub use self::report::render;
pub use self::set::{AnswerKind, EvaluationSet, Level, SetAnswer, SetDimension, SetError, SetJob, SetQuestion};
