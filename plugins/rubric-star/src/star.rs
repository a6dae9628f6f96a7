//! STAR analysis of one answer: which parts it gives, where, and the score.
//!
//! Parts are read the way people tell a story, not from a checklist of cue
//! words:
//! - the **situation** is a time (去年冬天, last September), a frame (在门店做
//!   店长时, when I moved into analytics) or a scene told in the past before the
//!   candidate acts (our moulding line kept producing sink marks), with
//!   details in it, or a situation cue with something after it;
//! - the **task** is a cue (我负责, it was on me, I had two months to) with
//!   something after it;
//! - an **action** is a clause in which 我 / I (or 我们 / we) did something to
//!   something in the past, found by narration; it counts in full when it
//!   names something concrete (a detail), less when it is generic (我积极沟通
//!   协调, I communicated with everyone);
//! - the **result** is what the story says came of the actions: a change, a
//!   comparison, a problem that stopped, something completed (the SDK's
//!   `story_result`), measured when a figure tells it (下降了三成, a third).
//!
//! The score is the parts' points scaled by the answer's substance: how many
//! distinct details (figures, times, names, uncommon words; not the
//! question's own words) it gives. A memorised template, filler and the
//! question repeated back name the parts and say nothing particular; an
//! answer that is mostly short keyword fragments scores low and says why.

use panel_plugin_sdk::text::{Actor, Document, Echo, Match, OutcomeKind, PatternSet};

use crate::cues::Part;

/// Where a part of the answer was found: the clause that earned it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub part: Part,
    pub start: usize,
    pub end: usize,
}

/// The analysis of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The clause that earned each part present (up to three for actions).
    pub found: Vec<Found>,
    /// Parts not found.
    pub missing: Vec<Part>,
    /// The figure in the result (a measured result).
    pub quantified_result: Option<(usize, usize)>,
    /// Clauses telling an action, how many of them are the candidate's own
    /// (我 / I), and how many name something concrete.
    pub actions: usize,
    pub own_actions: usize,
    pub concrete_actions: usize,
    /// Cues that were negated (我没有负责), so not counted.
    pub negated: Vec<(usize, usize)>,
    /// Distinct details the answer gives, and where the first few are.
    pub details: usize,
    pub detail_spans: Vec<(usize, usize)>,
    /// Too few details for a real experience: the parts are named, not told.
    pub generic: bool,
    /// The answer is mostly a list of keyword fragments rather than a story.
    pub keyword_list: bool,
    /// Score 0–10.
    pub score: f32,
    /// How much there was to judge on, 0–1.
    pub confidence: f32,
}

/// Share of short clauses past which an answer reads as a list of keywords.
const KEYWORD_LIST_SHARE: f32 = 0.5;
/// Action clauses quoted as evidence, at most.
const ACTIONS_QUOTED: usize = 3;
/// Details quoted as evidence, at most.
const DETAILS_QUOTED: usize = 6;
/// Below this share of full substance the answer is called generic.
const GENERIC_SUBSTANCE: f32 = 0.35;
/// What a generic action (no detail in its clause) counts for, against a
/// concrete one's 1.
const GENERIC_ACTION: f32 = 0.4;
/// Share of its points an answer keeps when it sets no occasion at all.
const NO_OCCASION: f32 = 0.7;
/// Part points kept when the part's clause has no detail of its own.
const BARE_PART: f32 = 0.6;
/// Words that make a clause habitual rather than one occasion.
const HABITUAL: &[&str] = &[
    "一般",
    "always",
    "generally",
    "normally",
    "often",
    "typically",
    "usually",
    "平时",
    "往往",
    "总是",
    "经常",
    "通常",
];

fn words_in(document: &Document, range: std::ops::Range<usize>) -> usize {
    range.filter(|&i| document.tokens()[i].is_word() && !document.is_word_suffix(i)).count()
}

/// Whether a situation or task cue has substance behind it in its clause.
fn substance(document: &Document, part: Part, cue: &Match) -> bool {
    let clause = &document.clauses()[document.clause_of(cue.first_token)];
    let after = words_in(document, cue.last_token + 1..clause.tokens.end);
    let around = after + words_in(document, clause.tokens.start..cue.first_token);
    match part {
        Part::Situation => around >= 3,
        Part::Task => after >= 2,
        Part::Action | Part::Result => false,
    }
}

fn details_in(document: &Document, clause: usize, echo: &Echo) -> usize {
    document.details(document.clauses()[clause].tokens.clone(), echo).len()
}

fn is_habitual(document: &Document, index: usize) -> bool {
    document.clauses()[index].tokens.clone().any(|i| HABITUAL.contains(&document.word(i)))
}

/// The clause that sets the scene, before or where the candidate first acts.
fn situation(document: &Document, cue_clauses: &[usize], first_action: Option<usize>, echo: &Echo) -> Option<usize> {
    let last = first_action.unwrap_or(document.clauses().len().saturating_sub(1));
    (0..=last.min(document.clauses().len().saturating_sub(1))).find(|&index| {
        let narration = &document.narration()[index];
        if narration.hypothetical || is_habitual(document, index) {
            return false;
        }
        let clause = &document.clauses()[index];
        let sentence = &document.sentences()[clause.sentence];
        let sentence_details = document.details(sentence.tokens.clone(), echo).len();
        let anchored = clause.tokens.clone().any(|i| document.is_time_anchor(i)) || document.is_time_frame(index);
        let scene = narration.past && !(narration.actor == Actor::Me && document.tells_action(index));
        ((anchored || cue_clauses.contains(&index)) && sentence_details >= 1)
            || (scene && details_in(document, index, echo) >= 2)
    })
}

/// Analyses an answer's text, given to `question`.
pub fn analyse(text: &str, question: &str) -> Analysis {
    let document = Document::new(text);
    let echo = Echo::of(question);
    let parts: Vec<Part> = Part::ALL.iter().flat_map(|&p| p.cues().iter().map(move |_| p)).collect();
    // The cues are constants, checked valid by a unit test: an empty set here
    // could only mean a cue broke, and would show as every part missing.
    let cues = PatternSet::new(Part::ALL.iter().flat_map(|p| p.cues()).copied()).unwrap_or_default();

    let mut task = None;
    let mut situation_cues = Vec::new();
    let mut negated = Vec::new();
    let mut cue_clauses = Vec::new();
    for cue in cues.find(&document) {
        if document.is_negated(&cue) {
            negated.push((cue.start, cue.end));
            continue;
        }
        let part = parts[cue.pattern];
        let clause = document.clause_of(cue.first_token);
        // Saying what one was responsible for is not doing it, told with
        // substance or not (我负责节拍。我负责产量。); a time (当时我…) may
        // open an action.
        if part == Part::Task {
            cue_clauses.push(clause);
        }
        if !substance(&document, part, &cue) {
            continue;
        }
        match part {
            Part::Task if task.is_none() => task = Some(clause),
            Part::Situation => situation_cues.push(clause),
            _ => {}
        }
    }

    let result = document.story_result();
    let mut action_clauses = Vec::new();
    let (mut own_actions, mut concrete_actions, mut action_weight) = (0, 0, 0.0);
    for (index, narration) in document.narration().iter().enumerate() {
        let is_result = result.is_some_and(|r| r.clause == index);
        if cue_clauses.contains(&index) || is_result || !document.tells_action(index) {
            continue;
        }
        let concrete = details_in(&document, index, &echo) > 0;
        own_actions += usize::from(narration.actor == Actor::Me);
        concrete_actions += usize::from(concrete);
        action_weight += if concrete { 1.0 } else { GENERIC_ACTION };
        action_clauses.push(index);
    }
    let first_action = action_clauses.first().copied();
    let situation = situation(&document, &situation_cues, first_action, &echo);
    // The clause that sets the scene is not also an action (当时我们产线每天都完不成目标).
    if let Some(scene) = situation
        && let Some(at) = action_clauses.iter().position(|&i| i == scene)
    {
        action_clauses.remove(at);
        let narration = &document.narration()[scene];
        own_actions -= usize::from(narration.actor == Actor::Me);
        let concrete = details_in(&document, scene, &echo) > 0;
        concrete_actions -= usize::from(concrete);
        action_weight -= if concrete { 1.0 } else { GENERIC_ACTION };
    }

    let span = |index: usize, part: Part| {
        let clause = &document.clauses()[index];
        Found { part, start: clause.start, end: clause.end }
    };
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut score = 0.0f32;
    let bare = |index: usize| if details_in(&document, index, &echo) > 0 { 1.0 } else { BARE_PART };
    for (part, clause) in [(Part::Situation, situation), (Part::Task, task)] {
        match clause {
            Some(index) => {
                found.push(span(index, part));
                score += part.points() * bare(index);
            }
            None => missing.push(part),
        }
    }
    if action_clauses.is_empty() {
        missing.push(Part::Action);
    } else {
        found.extend(action_clauses.iter().take(ACTIONS_QUOTED).map(|&i| span(i, Part::Action)));
        // The first action earns most; more show a course of action.
        let action_points = (2.5 + 0.75 * (action_weight - 1.0)).clamp(1.0, Part::Action.points());
        // Told only as "we", the answer does not say what the candidate did.
        score += if own_actions > 0 { action_points } else { action_points * 0.6 };
    }
    let mut quantified_result = None;
    match result {
        Some(outcome) => {
            found.push(span(outcome.clause, Part::Result));
            let told = outcome.measure.is_some() || outcome.kind == OutcomeKind::Stopped;
            score += Part::Result.points() * if told { 1.0 } else { bare(outcome.clause) };
            if let Some(measure) = outcome.measure {
                let figure = document.figure(measure);
                let tokens = document.tokens();
                quantified_result = Some((tokens[figure.start].start, tokens[figure.end - 1].end));
                score += 1.0;
            }
        }
        None => missing.push(Part::Result),
    }

    let detail_tokens = document.details(0..document.tokens().len(), &echo);
    let details = detail_tokens.len();
    let detail_spans = detail_tokens
        .iter()
        .take(DETAILS_QUOTED)
        .map(|&i| {
            let end = document.unknown_term_at(i).map_or(i, |term| term.end - 1);
            (document.tokens()[i].start, document.tokens()[end].end)
        })
        .collect();
    let substance = document.specificity(&echo);
    // Deeds and a result with no occasion set (no situation, no task) are a
    // list of accomplishments, not one experience.
    let occasion = situation.is_some() || task.is_some();
    if !occasion {
        score *= NO_OCCASION;
    }
    score = (score * (0.35 + 0.65 * substance)).clamp(0.0, 10.0);
    let mut confidence = (0.2 + 0.5 * substance).min(0.7);
    let generic = substance < GENERIC_SUBSTANCE && !found.is_empty();
    let keyword_list = document.short_clause_share() >= KEYWORD_LIST_SHARE;
    if keyword_list {
        score = score.min(2.0);
        confidence = confidence.min(0.2);
    }
    Analysis {
        found,
        missing,
        quantified_result,
        actions: action_clauses.len(),
        own_actions,
        concrete_actions,
        negated,
        details,
        detail_spans,
        generic,
        keyword_list,
        score,
        confidence,
    }
}
