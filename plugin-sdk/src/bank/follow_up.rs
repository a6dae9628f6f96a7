//! Follow-up rules: a question to ask next when an answer says something (or
//! leaves something out) that an interviewer would probe.

use crate::text::{Document, OutcomeKind};
use crate::{Answer, Question, QuestionKind};

/// Seconds to think before answering a follow-up: the story is fresh.
const THINK_SECS: u32 = 15;

/// What an answer must not already tell, read from its story rather than
/// from words: a result told as people tell it (投诉量下降了三成, shipped two
/// days early, the shortages stopped) has none of the words an `unless` list
/// could hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// No condition on the story.
    Nothing,
    /// What came of the candidate's actions (the text module's `story_result`).
    Result,
    /// A result with a figure: a change or comparison measured.
    MeasuredResult,
}

/// When an answer to a question of one of `kinds` contains any of `cues` (any
/// answer at all when `cues` is empty), none of `unless` and does not
/// already tell what `unless_told` names, propose the follow-up
/// `<question id>.follow-up-<suffix>` in the answer's locale.
///
/// Cues are matched case-insensitively as substrings, so list both Chinese and
/// English ones, and stems rather than whole words ("fail" finds "failed").
///
/// ```
/// use panel_plugin_sdk::bank::FollowUpRule;
/// use panel_plugin_sdk::QuestionKind::Behavioural;
///
/// // A story without a measurable result: ask how it was measured.
/// const NO_RESULT: FollowUpRule = FollowUpRule::new(
///     "measured",
///     &[Behavioural],
///     &[],
///     "这个改进的效果是怎么衡量的？前后数据分别是多少？",
///     "How did you measure the improvement, and what were the figures before and after?",
/// )
/// .unless(&["%", "提升", "降低", "increased", "reduced"])
/// .unless_result_measured()
/// .dimensions(&["continuous-improvement"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowUpRule {
    /// Ends the follow-up's id; lower-kebab-case, unique in the bank.
    pub suffix: &'static str,
    /// The sections whose answers it follows up.
    pub kinds: &'static [QuestionKind],
    /// The answer must contain one of these; empty matches any answer.
    pub cues: &'static [&'static str],
    /// The answer must contain none of these.
    pub unless: &'static [&'static str],
    /// The answer must not already tell this.
    pub unless_told: Told,
    /// The dimensions the follow-up measures; empty: the question's.
    pub dimensions: &'static [&'static str],
    /// The follow-up in Chinese.
    pub zh: &'static str,
    /// The follow-up in English.
    pub en: &'static str,
    /// How long the candidate has to answer.
    pub time_limit_secs: u32,
}

impl FollowUpRule {
    /// A rule with no `unless` cues, measuring the question's own dimensions,
    /// with two minutes to answer.
    pub const fn new(
        suffix: &'static str,
        kinds: &'static [QuestionKind],
        cues: &'static [&'static str],
        zh: &'static str,
        en: &'static str,
    ) -> Self {
        Self {
            suffix,
            kinds,
            cues,
            unless: &[],
            unless_told: Told::Nothing,
            dimensions: &[],
            zh,
            en,
            time_limit_secs: 120,
        }
    }

    /// The rule, not firing when the answer contains any of `cues`.
    pub const fn unless(mut self, cues: &'static [&'static str]) -> Self {
        self.unless = cues;
        self
    }

    /// The rule, not firing when the answer already tells what came of the
    /// candidate's actions, however it is worded.
    pub const fn unless_result_told(mut self) -> Self {
        self.unless_told = Told::Result;
        self
    }

    /// The rule, not firing when the answer already gives its result with a
    /// figure (降到了千分之三, cut by a third).
    pub const fn unless_result_measured(mut self) -> Self {
        self.unless_told = Told::MeasuredResult;
        self
    }

    /// The rule, its follow-up measuring `dimensions` rather than the question's.
    pub const fn dimensions(mut self, dimensions: &'static [&'static str]) -> Self {
        self.dimensions = dimensions;
        self
    }

    /// Whether the rule fits an answer (`lower` its text lower-cased) to a
    /// question of `kind`.
    fn fits(&self, kind: QuestionKind, answer: &Answer, lower: &str) -> bool {
        let found = |cues: &[&str]| cues.iter().any(|c| lower.contains(c.to_lowercase().as_str()));
        self.kinds.contains(&kind)
            && (self.cues.is_empty() || found(self.cues))
            && !found(self.unless)
            && !self.already_told(&answer.text)
    }

    /// Whether the answer's story already tells what `unless_told` names.
    fn already_told(&self, text: &str) -> bool {
        let result = || Document::new(text).story_result();
        match self.unless_told {
            Told::Nothing => false,
            Told::Result => result().is_some(),
            Told::MeasuredResult => result()
                .is_some_and(|r| r.measure.is_some() && matches!(r.kind, OutcomeKind::Changed | OutcomeKind::Compared)),
        }
    }

    fn follow_up(&self, question: &Question, answer: &Answer) -> Question {
        let dimensions: Vec<&str> = if self.dimensions.is_empty() {
            question.dimensions.iter().map(String::as_str).collect()
        } else {
            self.dimensions.to_vec()
        };
        let text = if answer.locale.starts_with("zh") { self.zh } else { self.en };
        let mut q = Question::new(
            format!("{}.follow-up-{}", question.id, self.suffix),
            QuestionKind::FollowUp,
            &answer.locale,
            text,
            &dimensions,
            self.time_limit_secs,
        );
        q.think_time_secs = THINK_SECS;
        q
    }
}

/// The follow-up of the first rule that fits, if any; never one to a follow-up.
pub(crate) fn first_fitting(rules: &[FollowUpRule], question: &Question, answer: &Answer) -> Option<Question> {
    if question.kind == QuestionKind::FollowUp || question.id.contains(".follow-up-") {
        return None;
    }
    let lower = answer.text.to_lowercase();
    rules.iter().find(|r| r.fits(question.kind, answer, &lower)).map(|r| r.follow_up(question, answer))
}
