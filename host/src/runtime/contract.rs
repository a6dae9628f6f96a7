//! What a plugin may hand back, checked before it leaves the runtime: scores
//! in range, one per dimension, on the dimensions asked about, with evidence
//! that points into the answer; question ids the host can tell apart from its
//! own; and every text bounded. A result that breaks the contract fails the
//! call as a fault (the circuit breaker counts it), naming what was wrong.
//!
//! Text from a plugin travels on into logs, the database, reports and HTTP
//! responses, so control characters (new lines that would forge log lines,
//! ANSI escapes that would rewrite a terminal) are escaped, and lengths are
//! capped here, once, for everything downstream.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::Failure;
use super::config::CallLimits;
use crate::domain::{self, WireSize};

/// The longest explanation of one score.
pub const MAX_EXPLANATION_BYTES: usize = 4 << 10;
/// Evidence items per score.
pub const MAX_EVIDENCE: usize = 32;
/// The longest evidence label.
pub const MAX_LABEL_BYTES: usize = 512;
/// The longest id, code, name or list item (a dimension, a locale, an event kind).
pub const MAX_NAME_BYTES: usize = 200;
/// The longest description of a plugin.
pub const MAX_DESCRIPTION_BYTES: usize = 2 << 10;
/// Items in one of a plugin's lists (locales, industries, dimensions, event kinds, channels).
pub const MAX_LIST_ITEMS: usize = 64;
/// The longest question text.
pub const MAX_QUESTION_BYTES: usize = 4 << 10;
/// Questions one plan may offer.
pub const MAX_QUESTIONS: usize = 200;
/// The longest reference or reason a connector or notifier returns.
pub const MAX_OUTCOME_BYTES: usize = 1 << 10;
/// Items in each list of an answer guide.
pub const MAX_GUIDE_ITEMS: usize = 8;
/// The longest item of an answer guide.
pub const MAX_GUIDE_ITEM_BYTES: usize = 512;
/// The longest cursor a connector may hand back from `pull`.
pub const MAX_CURSOR_BYTES: usize = 1 << 10;
/// Bytes of an over-long error message kept to show what it was.
const EXCERPT_BYTES: usize = 120;
/// Question ids with this character are the host's (a follow-up is
/// `<question id>~follow-up`); a bank's own may not use it.
pub const RESERVED_ID_CHAR: char = '~';

/// `text` with every control character written as an escape (`\n`, `\u{1b}`),
/// so it stays on one line and cannot drive a terminal.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Like [`escape_controls`], but keeps new lines and tabs: for prose shown
/// as a paragraph (an explanation, a question).
pub fn escape_controls_in_prose(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` cut to at most `max` bytes at a character boundary, with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn invalid<T>(reason: String) -> Result<T, Failure> {
    Err(Failure::InvalidOutput { reason })
}

/// Checks one text's length; `what` names it in the failure.
fn bounded(text: &str, max: usize, what: &str) -> Result<(), Failure> {
    if text.len() > max {
        return invalid(format!("{what} is {} bytes long, over the limit of {max} bytes", text.len()));
    }
    Ok(())
}

/// Checks a short text (an id, a name, a list item) and escapes it.
fn name(text: String, what: &str) -> Result<String, Failure> {
    bounded(&text, MAX_NAME_BYTES, what)?;
    Ok(escape_controls(&text))
}

fn list(items: Vec<String>, what: &str) -> Result<Vec<String>, Failure> {
    if items.len() > MAX_LIST_ITEMS {
        return invalid(format!("{what} has {} items, over the limit of {MAX_LIST_ITEMS}", items.len()));
    }
    items.into_iter().map(|item| name(item, what)).collect()
}

fn description(text: String) -> Result<String, Failure> {
    bounded(&text, MAX_DESCRIPTION_BYTES, "the description")?;
    Ok(escape_controls_in_prose(&text))
}

/// An error the plugin reported, held to the contract: a message over the
/// kind's limit is a fault (the plugin is broken or hostile, and its text
/// would flood logs and the database); control characters are escaped.
pub(crate) fn reported(failure: Failure, limits: &CallLimits) -> Failure {
    match failure {
        Failure::Returned { code, message, retryable } => {
            if message.len() > limits.max_error_bytes || code.len() > MAX_NAME_BYTES {
                let size = message.len() + code.len();
                let excerpt = escape_controls(&cut(&message, EXCERPT_BYTES));
                return Failure::InvalidOutput {
                    reason: format!(
                        "reported an error of {size} bytes, over the limit of {} bytes (it began: {excerpt})",
                        limits.max_error_bytes
                    ),
                };
            }
            Failure::Returned { code: escape_controls(&code), message: escape_controls(&message), retryable }
        }
        other => other,
    }
}

/// `value`, unless it is bigger than `limit`: checked before anything else,
/// so a huge result is refused as such.
pub(crate) fn within<T: WireSize>(value: T, limit: usize) -> Result<T, Failure> {
    let size = value.wire_size();
    if size > limit {
        return Err(Failure::OutputTooLarge { size, limit });
    }
    Ok(value)
}

/// A rubric's scores: 0–10, confidence 0–1, only the dimensions the question
/// measures and each at most once, spans inside the answer, evidence and
/// explanation within bounds.
pub(crate) fn scores(
    mut scores: Vec<domain::DimensionScore>,
    dimensions: &[String],
    answer: &str,
) -> Result<Vec<domain::DimensionScore>, Failure> {
    let mut scored = HashSet::new();
    for s in &scores {
        if !(0.0..=10.0).contains(&s.score) {
            return invalid(format!("score {} for `{}` is outside 0–10", s.score, escape_controls(&s.dimension)));
        }
        if !(0.0..=1.0).contains(&s.confidence) {
            return invalid(format!(
                "confidence {} for `{}` is outside 0–1",
                s.confidence,
                escape_controls(&s.dimension)
            ));
        }
        // `relevance` is reserved: any rubric may judge it for any question,
        // and the engine uses it to govern the other scores of the answer.
        if !dimensions.contains(&s.dimension) && s.dimension != domain::RELEVANCE {
            let shown = escape_controls(&cut(&s.dimension, MAX_NAME_BYTES));
            return invalid(format!("scored `{shown}`, which the question does not measure"));
        }
        if !scored.insert(s.dimension.as_str()) {
            return invalid(format!(
                "scored `{}` more than once for one answer; a rubric gives one score per dimension",
                s.dimension
            ));
        }
        if s.evidence.len() > MAX_EVIDENCE {
            return invalid(format!(
                "gave {} evidence items for `{}`, over the limit of {MAX_EVIDENCE}",
                s.evidence.len(),
                s.dimension
            ));
        }
        bounded(&s.explanation, MAX_EXPLANATION_BYTES, "an explanation")?;
        for e in &s.evidence {
            bounded(&e.label, MAX_LABEL_BYTES, "an evidence label")?;
            if let Some(span) = e.span {
                let (start, end) = (span.start as usize, span.end as usize);
                if start > end || end > answer.len() || !answer.is_char_boundary(start) || !answer.is_char_boundary(end)
                {
                    return invalid(format!("evidence span {start}..{end} is not a range of the answer's text"));
                }
            }
        }
    }
    for score in &mut scores {
        score.explanation = escape_controls_in_prose(&score.explanation);
        for e in &mut score.evidence {
            e.label = escape_controls(&e.label);
        }
    }
    Ok(scores)
}

/// One question a bank offered: an id of its own (not the host's follow-up
/// ids), a bounded text, bounded lists.
fn question(mut q: domain::Question) -> Result<domain::Question, Failure> {
    if q.id.contains(RESERVED_ID_CHAR) {
        let shown = escape_controls(&cut(&q.id, MAX_NAME_BYTES));
        return invalid(format!(
            "offered a question with the id `{shown}`; ids with `{RESERVED_ID_CHAR}` are reserved for the host's follow-ups"
        ));
    }
    q.id = name(q.id, "a question id")?;
    bounded(&q.text, MAX_QUESTION_BYTES, "a question's text")?;
    q.text = escape_controls_in_prose(&q.text);
    q.locale = name(q.locale, "a question's locale")?;
    q.dimensions = list(q.dimensions, "a question's dimensions")?;
    q.guide = q.guide.map(guide).transpose()?;
    Ok(q)
}

/// A question's answer guide: a few short items per list, on one line each.
fn guide(g: domain::AnswerGuide) -> Result<domain::AnswerGuide, Failure> {
    let items = |items: Vec<String>, what: &str| -> Result<Vec<String>, Failure> {
        if items.len() > MAX_GUIDE_ITEMS {
            return invalid(format!("{what} has {} items, over the limit of {MAX_GUIDE_ITEMS}", items.len()));
        }
        items
            .into_iter()
            .map(|item| {
                bounded(&item, MAX_GUIDE_ITEM_BYTES, what)?;
                Ok(escape_controls(&item))
            })
            .collect()
    };
    Ok(domain::AnswerGuide {
        looks_for: items(g.looks_for, "an answer guide's looks-for")?,
        off_topic: items(g.off_topic, "an answer guide's off-topic")?,
    })
}

/// A bank's plan: bounded, every question valid, no id twice.
pub(crate) fn plan(questions: Vec<domain::Question>) -> Result<Vec<domain::Question>, Failure> {
    if questions.len() > MAX_QUESTIONS {
        return invalid(format!("offered {} questions, over the limit of {MAX_QUESTIONS}", questions.len()));
    }
    let mut seen = HashSet::new();
    let mut checked = Vec::with_capacity(questions.len());
    for q in questions {
        let q = question(q)?;
        if !seen.insert(q.id.clone()) {
            return invalid(format!("offered the question id `{}` twice", q.id));
        }
        checked.push(q);
    }
    Ok(checked)
}

/// A follow-up a bank proposed (the host gives it its id).
pub(crate) fn follow_up(q: Option<domain::Question>) -> Result<Option<domain::Question>, Failure> {
    q.map(|mut q| {
        // The host replaces the id; only the rest is the bank's.
        q.id = String::new();
        question(q)
    })
    .transpose()
}

/// What a connector or notifier answered (a reference, a reason, a message id).
pub(crate) fn outcome_text(text: String) -> Result<String, Failure> {
    bounded(&text, MAX_OUTCOME_BYTES, "the answer")?;
    Ok(escape_controls(&text))
}

pub(crate) fn outcome(outcome: domain::Outcome) -> Result<domain::Outcome, Failure> {
    Ok(match outcome {
        domain::Outcome::Applied(r) => domain::Outcome::Applied(outcome_text(r)?),
        domain::Outcome::Duplicate(r) => domain::Outcome::Duplicate(outcome_text(r)?),
        domain::Outcome::Skipped(r) => domain::Outcome::Skipped(outcome_text(r)?),
    })
}

pub(crate) fn bank_info(i: domain::BankInfo) -> Result<domain::BankInfo, Failure> {
    Ok(domain::BankInfo {
        name: name(i.name, "the name")?,
        description: description(i.description)?,
        locales: list(i.locales, "the locales")?,
        industries: list(i.industries, "the industries")?,
        dimensions: list(i.dimensions, "the dimensions")?,
    })
}

pub(crate) fn rubric_info(i: domain::RubricInfo) -> Result<domain::RubricInfo, Failure> {
    Ok(domain::RubricInfo {
        name: name(i.name, "the name")?,
        description: description(i.description)?,
        locales: list(i.locales, "the locales")?,
        dimensions: list(i.dimensions, "the dimensions")?,
    })
}

pub(crate) fn connector_info(i: domain::ConnectorInfo) -> Result<domain::ConnectorInfo, Failure> {
    Ok(domain::ConnectorInfo {
        name: name(i.name, "the name")?,
        description: description(i.description)?,
        event_kinds: list(i.event_kinds, "the event kinds")?,
        pulls_outcomes: i.pulls_outcomes,
    })
}

/// A page of outcomes a connector pulled: no more records than asked for,
/// bounded ids and cursor, dates written `YYYY-MM-DD`, finite ratings. The
/// host checks each record against its own data (the hire, the rating
/// scale) when it records it; this only holds the plugin to the contract.
pub(crate) fn outcome_page(
    page: domain::OutcomePage,
    limit: u32,
    max_bytes: usize,
) -> Result<domain::OutcomePage, Failure> {
    if page.records.len() > limit as usize {
        return invalid(format!("returned {} records, more than the {limit} asked for", page.records.len()));
    }
    bounded(&page.cursor, MAX_CURSOR_BYTES, "the cursor")?;
    let mut size = page.cursor.len();
    let mut records = Vec::with_capacity(page.records.len());
    for mut r in page.records {
        r.id = name(r.id, "a record id")?;
        r.hire = match r.hire {
            domain::Hire::Ids { candidate_id, job_id } => domain::Hire::Ids {
                candidate_id: name(candidate_id, "a candidate id")?,
                job_id: name(job_id, "a job id")?,
            },
            domain::Hire::Reference(reference) => domain::Hire::Reference(name(reference, "a reference")?),
        };
        if !crate::store::is_date(&r.on_date) {
            let shown = escape_controls(&cut(&r.on_date, 40));
            return invalid(format!("record {} has the date `{shown}`, not one written YYYY-MM-DD", r.id));
        }
        if let domain::EmploymentOutcome::Performance(rating) = r.outcome
            && !rating.is_finite()
        {
            return invalid(format!("record {} has a rating that is not a number", r.id));
        }
        size += r.id.len() + r.on_date.len() + 64;
        records.push(r);
    }
    if size > max_bytes {
        return invalid(format!("returned {size} bytes of records, over the limit of {max_bytes} bytes"));
    }
    Ok(domain::OutcomePage { records, cursor: escape_controls(&page.cursor), more: page.more })
}

pub(crate) fn notifier_info(i: domain::NotifierInfo) -> Result<domain::NotifierInfo, Failure> {
    Ok(domain::NotifierInfo {
        name: name(i.name, "the name")?,
        description: description(i.description)?,
        channels: list(i.channels, "the channels")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_text_is_cut_at_a_character() {
        assert_eq!(escape_controls("a\nb\r\x1b[2Jc\t"), "a\\nb\\r\\u{1b}[2Jc\\t");
        assert_eq!(escape_controls_in_prose("line\nnext\x1b[31m"), "line\nnext\\u{1b}[31m");
        assert_eq!(escape_controls("plain"), "plain");
        assert_eq!(cut("abc", 5), "abc");
        assert_eq!(cut("面试官", 4), "面…", "never inside a character");
    }

    fn score(dimension: &str, score: f32) -> domain::DimensionScore {
        domain::DimensionScore {
            dimension: dimension.into(),
            score,
            confidence: 1.0,
            evidence: Vec::new(),
            explanation: String::new(),
        }
    }

    #[test]
    fn one_score_per_dimension() {
        let dims = ["teamwork".to_owned()];
        assert!(scores(vec![score("teamwork", 6.0)], &dims, "x").is_ok());
        let stuffed = vec![score("teamwork", 10.0); 50];
        match scores(stuffed, &dims, "x") {
            Err(Failure::InvalidOutput { reason }) => assert!(reason.contains("more than once"), "{reason}"),
            other => panic!("stuffing must fail the call: {other:?}"),
        }
    }

    #[test]
    fn an_over_long_error_is_a_fault_and_a_short_one_is_escaped() {
        let limits = crate::runtime::KindLimits::default().rubric;
        let long = Failure::Returned { code: "internal".into(), message: "x\n".repeat(1 << 20), retryable: true };
        let failure = reported(long, &limits);
        assert!(failure.is_fault(), "{failure:?}");
        assert!(failure.to_string().len() < 400, "bounded: {}", failure.to_string().len());
        assert!(!failure.to_string().contains('\n'));
        let short = Failure::Returned { code: "internal".into(), message: "a\nFAKE log line".into(), retryable: false };
        assert_eq!(
            reported(short, &limits),
            Failure::Returned { code: "internal".into(), message: "a\\nFAKE log line".into(), retryable: false }
        );
    }

    #[test]
    fn a_bank_may_not_use_the_hosts_follow_up_ids() {
        let q = |id: &str| domain::Question {
            id: id.into(),
            kind: domain::QuestionKind::Behavioural,
            text: "Tell us".into(),
            locale: "en".into(),
            dimensions: vec![],
            think_time_secs: 0,
            time_limit_secs: 60,
            guide: None,
        };
        assert!(plan(vec![q("a"), q("b")]).is_ok());
        assert!(matches!(plan(vec![q("a"), q("a~follow-up")]), Err(Failure::InvalidOutput { .. })));
        assert!(matches!(plan(vec![q("a"), q("a")]), Err(Failure::InvalidOutput { .. })));
    }
}
