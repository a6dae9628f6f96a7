//! Checks of a bank's own catalogue, for its unit tests: the mistakes a table
//! of questions invites (a swapped text, a misspelt dimension, a repeated id).

use std::collections::HashSet;

use super::{Catalogue, config};
use crate::QuestionKind;

impl Catalogue {
    /// What is wrong with the catalogue, for the bank's unit tests: ids that are
    /// empty, repeated or not lower-kebab-case, missing or swapped texts,
    /// dimensions outside `known_dimensions`, time limits outside the sensible
    /// range of their section, a section with no question, bad follow-up rules.
    pub fn problems(&self, known_dimensions: &[&str]) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for e in self.entries {
            let at = format!("question {:?}", e.id);
            if !is_kebab(e.id) {
                problems.push(format!("{at}: the id is not lower-kebab-case"));
            }
            if !ids.insert(e.id) {
                problems.push(format!("{at}: the id is used twice"));
            }
            check_texts(&at, e.zh, e.en, &mut problems);
            check_dimensions(&at, e.dimensions, known_dimensions, &mut problems);
            let (min, max) = match e.kind {
                QuestionKind::SelfIntro => (60, 180),
                QuestionKind::Behavioural => (120, 300),
                QuestionKind::CultureFit => (90, 240),
                QuestionKind::Open => (60, 240),
                QuestionKind::FollowUp => {
                    problems.push(format!("{at}: follow-ups come from rules, not entries"));
                    (0, u32::MAX)
                }
            };
            if !(min..=max).contains(&e.time_limit_secs) {
                problems.push(format!("{at}: time limit {} s is outside {min}–{max} s", e.time_limit_secs));
            }
        }
        for kind in [QuestionKind::SelfIntro, QuestionKind::Behavioural, QuestionKind::CultureFit, QuestionKind::Open] {
            if !self.entries.iter().any(|e| e.kind == kind) {
                problems.push(format!("no {} question", config::kind_name(kind)));
            }
        }
        let mut suffixes = HashSet::new();
        for rule in self.follow_ups {
            let at = format!("follow-up rule {:?}", rule.suffix);
            if !is_kebab(rule.suffix) || !suffixes.insert(rule.suffix) {
                problems.push(format!("{at}: the suffix is not lower-kebab-case or is used twice"));
            }
            if rule.kinds.is_empty() || rule.kinds.contains(&QuestionKind::FollowUp) {
                problems.push(format!("{at}: kinds must name the sections it follows up"));
            }
            if rule.cues.iter().chain(rule.unless).any(|c| c.trim().is_empty()) {
                problems.push(format!("{at}: an empty cue matches every answer"));
            }
            check_texts(&at, rule.zh, rule.en, &mut problems);
            if !rule.dimensions.is_empty() {
                check_dimensions(&at, rule.dimensions, known_dimensions, &mut problems);
            }
            if !(60..=240).contains(&rule.time_limit_secs) {
                problems.push(format!("{at}: time limit {} s is outside 60–240 s", rule.time_limit_secs));
            }
        }
        self.guide_problems(&mut problems);
        problems
    }

    /// Every behavioural question has an answer guide in both languages, each
    /// guide is for a question of the catalogue, once, and within the
    /// contract's bounds (1–8 items of at most 512 bytes to look for, 0–8
    /// off-topic stories), the Chinese one in Chinese.
    fn guide_problems(&self, problems: &mut Vec<String>) {
        let mut guided = HashSet::new();
        for g in self.guides {
            let at = format!("guide {:?}", g.id);
            if !self.entries.iter().any(|e| e.id == g.id) {
                problems.push(format!("{at}: no question has this id"));
            }
            if !guided.insert(g.id) {
                problems.push(format!("{at}: given twice"));
            }
            for (language, guide) in [("zh", &g.zh), ("en", &g.en)] {
                if guide.looks_for.is_empty() || guide.looks_for.len() > 8 || guide.off_topic.len() > 8 {
                    problems.push(format!("{at}: {language} needs 1–8 items to look for and at most 8 off-topic"));
                }
                for item in guide.looks_for.iter().chain(guide.off_topic) {
                    let chinese = item.chars().any(is_chinese);
                    if item.trim().is_empty() || item.len() > 512 || chinese != (language == "zh") {
                        problems.push(format!(
                            "{at}: {language} item {item:?} is empty, too long or in the wrong language"
                        ));
                    }
                }
            }
        }
        for e in self.entries.iter().filter(|e| e.kind == QuestionKind::Behavioural && !guided.contains(e.id)) {
            problems.push(format!("question {:?}: a behavioural question without an answer guide", e.id));
        }
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn check_texts(at: &str, zh: &str, en: &str, problems: &mut Vec<String>) {
    if !zh.chars().any(is_chinese) {
        problems.push(format!("{at}: the zh text is not Chinese"));
    }
    if en.trim().is_empty() || en.chars().any(is_chinese) {
        problems.push(format!("{at}: the en text is missing or not English"));
    }
}

fn check_dimensions(at: &str, dimensions: &[&str], known: &[&str], problems: &mut Vec<String>) {
    if dimensions.is_empty() {
        problems.push(format!("{at}: measures no dimension"));
    }
    for d in dimensions.iter().filter(|d| !known.contains(d)) {
        problems.push(format!("{at}: unknown dimension {d:?}"));
    }
}
