//! STAR analysis of one answer: which parts it gives, where, and the score.
//!
//! A part counts only with substance behind it, so that naming the parts is
//! not telling a story: a situation or task cue needs a clause that says
//! something beyond the cue; an action is a clause in which 我 / I (or 我们 /
//! we) did something to something in the past; a result needs an outcome (a
//! figure, or words saying what changed). Each part counts once however often
//! its cues repeat, negated cues (我没有负责) count for nothing, and an answer
//! that is mostly a list of short keyword fragments is marked as such and
//! scores low.

use panel_plugin_sdk::text::{Actor, Document, Match, PatternSet};

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
    /// Clauses telling an action, and how many of them are the candidate's own (我 / I).
    pub actions: usize,
    pub own_actions: usize,
    /// Cues that were negated (我没有负责), so not counted.
    pub negated: Vec<(usize, usize)>,
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

/// Answer length in comparable units: about 1.6 Chinese characters carry what
/// one English word does.
pub fn content_units(document: &Document) -> usize {
    (document.han_chars() as f32 / 1.6) as usize + document.latin_words()
}

fn words_in(document: &Document, range: std::ops::Range<usize>) -> usize {
    range.filter(|&i| document.tokens()[i].is_word() && !document.is_word_suffix(i)).count()
}

/// Whether a cue found in its clause has substance behind it; for a result,
/// also the figure that measures it.
fn substance(document: &Document, part: Part, cue: &Match) -> (bool, Option<usize>) {
    let clause = &document.clauses()[document.clause_of(cue.first_token)];
    let after = words_in(document, cue.last_token + 1..clause.tokens.end);
    let around = after + words_in(document, clause.tokens.start..cue.first_token);
    match part {
        Part::Situation => (around >= 3, None),
        Part::Task => (after >= 2, None),
        Part::Result => {
            // The figure may follow in the next clause of the sentence: 最终，产量提升了18%.
            let sentence = &document.sentences()[clause.sentence];
            let quantity = document.quantity_in(clause.tokens.start..sentence.tokens.end);
            (quantity.is_some() || around >= 2, quantity)
        }
        Part::Action => (false, None),
    }
}

/// Whether clause `index` tells something 我 / I or 我们 / we did to
/// something in the past: "I decided" alone tells nothing.
fn is_action(document: &Document, index: usize) -> bool {
    let narration = &document.narration()[index];
    narration.is_behaviour()
        && narration.action.is_some_and(|verb| words_in(document, verb + 1..document.clauses()[index].tokens.end) > 0)
}

/// Analyses an answer's text.
pub fn analyse(text: &str) -> Analysis {
    let document = Document::new(text);
    let parts: Vec<Part> = Part::ALL.iter().flat_map(|&p| p.cues().iter().map(move |_| p)).collect();
    // The cues are constants, checked valid by a unit test: an empty set here
    // could only mean a cue broke, and would show as every part missing.
    let cues = PatternSet::new(Part::ALL.iter().flat_map(|p| p.cues()).copied()).unwrap_or_default();

    let mut first: [Option<Found>; 4] = Default::default();
    let mut quantified_result = None;
    let mut negated = Vec::new();
    // Clauses that set the scene, state the task or the result are not also actions.
    let mut cue_clauses = Vec::new();
    for cue in cues.find(&document) {
        if document.is_negated(&cue) {
            negated.push((cue.start, cue.end));
            continue;
        }
        let part = parts[cue.pattern];
        let (substantial, quantity) = substance(&document, part, &cue);
        if !substantial {
            continue;
        }
        let clause_index = document.clause_of(cue.first_token);
        let clause = &document.clauses()[clause_index];
        // 增加了缓冲区 is an action that happens to use a result verb; a
        // result clause that is also an action is a result only with a figure.
        let action_with_result_verb = part == Part::Result && quantity.is_none() && is_action(&document, clause_index);
        if !action_with_result_verb {
            cue_clauses.push(clause_index);
        }
        let found = Some(Found { part, start: clause.start, end: clause.end });
        let slot = &mut first[part as usize];
        if slot.is_none() {
            *slot = found;
        }
        if part == Part::Result && quantified_result.is_none() && quantity.is_some() {
            // The measured result is the one to quote.
            *slot = found;
            quantified_result = quantity.map(|i| (document.tokens()[i].start, document.tokens()[i].end));
        }
    }

    let mut action_clauses = Vec::new();
    let mut own_actions = 0;
    for (index, narration) in document.narration().iter().enumerate() {
        if cue_clauses.contains(&index) || !is_action(&document, index) {
            continue;
        }
        let clause = &document.clauses()[index];
        own_actions += usize::from(narration.actor == Actor::Me);
        action_clauses.push(Found { part: Part::Action, start: clause.start, end: clause.end });
    }

    let actions = action_clauses.len();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for part in Part::ALL {
        match (part, first[part as usize].take()) {
            (Part::Action, _) if actions > 0 => found.extend(action_clauses.iter().take(ACTIONS_QUOTED).copied()),
            (_, Some(f)) => found.push(f),
            _ => missing.push(part),
        }
    }

    let mut score: f32 = [Part::Situation, Part::Task, Part::Result]
        .into_iter()
        .filter(|p| !missing.contains(p))
        .map(Part::points)
        .sum();
    if actions > 0 {
        // The first action earns most; a second shows a course of action.
        let action_points = if actions >= 2 { Part::Action.points() } else { Part::Action.points() - 1.0 };
        // Told only as "we", the answer does not say what the candidate did.
        score += if own_actions > 0 { action_points } else { action_points * 0.6 };
    }
    if quantified_result.is_some() {
        score += 1.0;
    }
    // A story in one line says little: scale by how much was said.
    let substance = (content_units(&document) as f32 / 60.0).min(1.0);
    score = (score * (0.4 + 0.6 * substance)).clamp(0.0, 10.0);
    let mut confidence = (0.2 + 0.5 * substance).min(0.7);
    let keyword_list = document.short_clause_share() >= KEYWORD_LIST_SHARE;
    if keyword_list {
        score = score.min(2.0);
        confidence = confidence.min(0.2);
    }
    Analysis { found, missing, quantified_result, actions, own_actions, negated, keyword_list, score, confidence }
}
