//! The figures as a plain-text report: one table of pair accuracy per
//! language (rows: the other answer's kind and the genuine answer's level;
//! columns: the combined score and each rubric alone), then the decisions.

use std::fmt::Write;

use super::figures::{Decisions, Figures, LanguageFigures, Tally};

/// Issue 25's bars, printed beside the figures.
const PAIR_BAR: &str = "95 %";
const NOT_REJECTED_BAR: &str = "90 %";

/// The report; with `verbose`, every pair the combined score ranks wrongly too.
pub fn render(figures: &Figures, verbose: bool) -> String {
    let mut out = String::new();
    let per_language: Vec<String> = figures.languages.iter().map(|l| format!("{} {}", l.locale, l.answers)).collect();
    let _ = writeln!(
        out,
        "Scoring quality: {} answers to {} questions ({})",
        figures.answers,
        figures.questions,
        per_language.join(", ")
    );
    let _ = writeln!(out, "Rubrics: {}", figures.rubrics.join(", "));
    let _ = writeln!(
        out,
        "\nPair accuracy: how often a genuine answer scores strictly above another kind of answer to the same \
         question\n(issue 25's bar: {PAIR_BAR} of pairs per language on the combined score)"
    );
    let rubric_names: Vec<&str> = figures.rubrics.iter().map(|r| r.split('@').next().unwrap_or(r)).collect();
    for language in &figures.languages {
        pair_table(&mut out, language, &rubric_names);
    }
    let _ = writeln!(
        out,
        "\nDecisions, each answer judged alone against its job's thresholds\n(issue 25's bar: {NOT_REJECTED_BAR} of \
         genuine answers advanced or sent to human review, never rejected)"
    );
    for language in &figures.languages {
        decisions(&mut out, language);
    }
    if !figures.failures.is_empty() {
        let _ = writeln!(out, "\n{} rubric call(s) failed:", figures.failures.len());
        for (answer, rubric, reason) in &figures.failures {
            let _ = writeln!(out, "  {answer}: {rubric}: {reason}");
        }
    }
    if verbose {
        for language in &figures.languages {
            let _ = writeln!(
                out,
                "\n{}: pairs the combined score ranks wrongly ({})",
                language.locale,
                language.misranked.len()
            );
            let relevance = |r: Option<f32>| r.map_or_else(|| "  –".to_owned(), |r| format!("{r:>4.1}"));
            for m in &language.misranked {
                let _ = writeln!(
                    out,
                    "  {:<36} {:>5.2} (relevance {})  <=  {:>5.2} (relevance {})  {} ({})",
                    m.genuine,
                    m.genuine_score,
                    relevance(m.genuine_relevance),
                    m.other_score,
                    relevance(m.other_relevance),
                    m.other,
                    m.other_kind
                );
            }
        }
    }
    out
}

fn percent(tally: &Tally) -> String {
    tally.share().map_or_else(|| "–".to_owned(), |s| format!("{:.1} %", s * 100.0))
}

fn pair_table(out: &mut String, language: &LanguageFigures, rubrics: &[&str]) {
    let width = rubrics.iter().map(|r| r.len()).max().unwrap_or(0).max(9);
    let _ = write!(out, "\n{:<30}{:>10}", language.locale, "combined");
    for rubric in rubrics {
        let _ = write!(out, "  {rubric:>width$}");
    }
    out.push('\n');
    let mut row = |label: String, combined: &Tally, by_rubric: Vec<Tally>| {
        let _ = write!(out, "  {label:<28}{:>10}", percent(combined));
        for tally in &by_rubric {
            let _ = write!(out, "  {:>width$}", percent(tally));
        }
        out.push('\n');
    };
    let all = &language.combined.all;
    row(format!("all ({}/{} pairs)", all.won, all.pairs), all, language.by_rubric.iter().map(|p| p.all).collect());
    for (kind, tally) in &language.combined.by_kind {
        let by_rubric = language.by_rubric.iter().map(|p| p.by_kind.get(kind).copied().unwrap_or_default());
        row(format!("vs {kind} ({})", tally.pairs), tally, by_rubric.collect());
    }
    for (level, tally) in &language.combined.by_level {
        let by_rubric = language.by_rubric.iter().map(|p| p.by_level.get(level).copied().unwrap_or_default());
        row(format!("genuine {} ({})", level.as_str(), tally.pairs), tally, by_rubric.collect());
    }
}

fn counts(d: &Decisions) -> String {
    format!("{} advance, {} review, {} reject", d.advance, d.human_review, d.reject)
}

fn decisions(out: &mut String, language: &LanguageFigures) {
    let genuine = &language.genuine;
    let not_rejected = genuine.not_rejected().map_or_else(|| "–".to_owned(), |s| format!("{:.1} %", s * 100.0));
    let _ = writeln!(out, "\n{}: genuine answers: {} ({not_rejected} not rejected)", language.locale, counts(genuine));
    for (level, d) in &language.genuine_by_level {
        let _ = writeln!(out, "  {:<28}{}", level.as_str(), counts(d));
    }
    if !language.rejected_genuine.is_empty() {
        let _ = writeln!(out, "  rejected: {}", language.rejected_genuine.join(", "));
    }
    let _ = writeln!(out, "  other kinds of answer:");
    for (kind, d) in &language.others_by_kind {
        let _ = writeln!(out, "  {:<28}{}", kind.as_str(), counts(d));
    }
}
