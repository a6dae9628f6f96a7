//! Scoring quality on the evaluation sets (`tests/eval/`, issue 25): 216
//! answers in Chinese and English to twelve bank questions, and 56 held-out
//! answers to four others, genuine ones at three levels and eight kinds
//! written to look like answers (vague, keyword heaps, off-topic talk, a
//! fluent story irrelevant to the question, a memorised template, another
//! question's story, filler, the question repeated back). Every answer is
//! scored by the first-party rubrics, loaded from signed packages, and
//! combined as the engine combines them; the figures are checked against
//! what the rubrics achieve and printed (run with `--nocapture`, or `cargo
//! xtask eval`, to read them).

use std::path::Path;
use std::sync::Arc;

use panel::engine::quality::{AnswerKind, EvaluationSet, Figures, figures, render, score_set};
use panel::kinds::{QuestionBank, Rubric};
use panel_e2e::packages::signed_registry_on;
use panel_e2e::runtime_with_embeddings;
use semver::VersionReq;

const RUBRICS: [&str; 4] = ["rubric-star", "rubric-competency", "rubric-delivery", "rubric-semantic"];
/// The banks the sets' questions come from: their answer guides go with the
/// questions, as in an interview.
const BANKS: [&str; 5] =
    ["bank-core", "bank-engineering", "bank-internet", "bank-manufacturing", "bank-retail-service"];

/// Issue 25's bar: on the combined score, a genuine answer ranks strictly
/// above every other kind of answer to the same question in 95 % of pairs,
/// in each language.
const TARGET_PAIR_ACCURACY: f64 = 0.95;
/// Issue 25's bar: 90 % of genuine answers (all written to meet the job's
/// thresholds) are advanced or sent to human review, never rejected.
const TARGET_NOT_REJECTED: f64 = 0.90;

/// What the first-party rubrics achieve against the bars, per language,
/// with rubric-semantic judging relevance on the host's embeddings (lexical
/// rubrics alone: 88.0 % zh, 88.4 % en; with it: 90.3 % and 92.1 %,
/// docs/scoring-quality.md). Pairs against a well-told story about the wrong
/// thing and another question's story still hold the combined figure down.
/// A thin genuine answer, clearly on-topic and specific but short of the
/// threshold, goes to a person rather than to rejection (engine::relevance::
/// worth_a_person): 94.4 % zh, 97.2 % en not rejected, from 63.9 % and
/// 55.6 %. The test holds the rubrics to what they do achieve, so a change
/// that makes them worse fails here.
const LEXICAL_PAIR_ACCURACY: f64 = 0.90;
const LEXICAL_NOT_REJECTED: f64 = TARGET_NOT_REJECTED;
/// The same on the held-out set, which the rubrics were not adjusted on
/// (82.5 % zh, 85.0 % en, the same as the lexical rubrics alone); every
/// genuine held-out answer is advanced or sent to a person.
const HOLDOUT_PAIR_ACCURACY: f64 = 0.82;
const HOLDOUT_NOT_REJECTED: f64 = TARGET_NOT_REJECTED;

// Once the floors reach the bars, the bars are what the test holds.
const _: () = assert!(LEXICAL_PAIR_ACCURACY <= TARGET_PAIR_ACCURACY && LEXICAL_NOT_REJECTED <= TARGET_NOT_REJECTED);

/// Per kind of answer, the share of pairs the genuine answer must win on the
/// combined score in each language. The kinds words alone can judge (no
/// story, keyword heaps, filler, the question parroted, talk about something
/// else) are held to the issue's bar; a template nearly so; the two only
/// meaning can judge to what the rubrics with relevance achieve (irrelevant
/// story: 70.4 % zh, 81.5 % en, from 51.9 % and 55.6 % lexically; another
/// question's story: 66.7 % and 59.3 %, from 66.7 % and 55.6 %).
const KIND_FLOORS: [(AnswerKind, f64); 8] = [
    (AnswerKind::Vague, TARGET_PAIR_ACCURACY),
    (AnswerKind::KeywordStuffed, TARGET_PAIR_ACCURACY),
    (AnswerKind::OffTopic, TARGET_PAIR_ACCURACY),
    (AnswerKind::Padded, TARGET_PAIR_ACCURACY),
    (AnswerKind::Parroted, TARGET_PAIR_ACCURACY),
    (AnswerKind::Template, 0.88),
    (AnswerKind::IrrelevantStory, 0.7),
    (AnswerKind::Borrowed, 0.59),
];

/// Kinds of answer the engine never advances on the first-party rubrics:
/// there is nothing in them a person would advance a candidate on.
const NEVER_ADVANCED: [AnswerKind; 6] = [
    AnswerKind::Vague,
    AnswerKind::KeywordStuffed,
    AnswerKind::OffTopic,
    AnswerKind::Template,
    AnswerKind::Padded,
    AnswerKind::Parroted,
];

/// Kinds with nothing in them a person could weigh: not even sent to review
/// (sending a thin genuine answer to a person must not send these too).
const NEVER_REVIEWED: [AnswerKind; 3] = [AnswerKind::Vague, AnswerKind::Padded, AnswerKind::Parroted];

fn load_set(name: &str) -> EvaluationSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval").join(name);
    EvaluationSet::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_set_covers_what_issue_25_asks_for() {
    let set = load_set("set.toml");
    assert!(set.answers.len() >= 120, "{} answers", set.answers.len());
    assert!(set.questions.len() >= 12, "{} questions", set.questions.len());
    let mut dimensions: Vec<&str> =
        set.questions.iter().flat_map(|q| q.dimensions.iter().map(String::as_str)).collect();
    dimensions.sort_unstable();
    dimensions.dedup();
    assert!(dimensions.len() >= 4, "{dimensions:?}");
    assert_eq!(set.locales(), ["zh-CN", "en"]);
    for locale in set.locales() {
        for kind in AnswerKind::ALL {
            let count = set.answers.iter().filter(|a| a.locale == locale && a.kind == kind).count();
            assert!(count >= 5, "{locale}: only {count} {kind} answers");
        }
        for question in &set.questions {
            let genuine = |a: &&panel::engine::quality::SetAnswer| {
                a.locale == locale && a.question == question.id && a.kind == AnswerKind::Genuine
            };
            assert!(set.answers.iter().filter(genuine).count() >= 2, "{locale} {}: genuine answers", question.id);
        }
    }
    let borrowed = set.answers.iter().filter(|a| a.kind == AnswerKind::Borrowed);
    assert!(borrowed.clone().all(|a| a.written_for != a.question), "a borrowed story was written for another question");
    let holdout = load_set("holdout.toml");
    assert!(holdout.questions.iter().all(|q| set.question(&q.id).is_none()), "held-out questions are other questions");
}

async fn score_with_first_party_rubrics(set: &mut EvaluationSet) -> Figures {
    let dir = tempfile::tempdir().expect("tempdir");
    // As production scores: the semantic rubric on the host's embeddings.
    let plugins: Vec<&str> = RUBRICS.iter().chain(&BANKS).copied().collect();
    let registry = signed_registry_on(dir.path(), &plugins, runtime_with_embeddings());
    let banks: Vec<Arc<dyn QuestionBank>> = BANKS
        .iter()
        .map(|name| {
            let active = registry.resolve(name, &VersionReq::STAR).unwrap_or_else(|| panic!("{name} loaded"));
            Arc::new(active.plugin.question_bank("{}").expect("a bank")) as Arc<dyn QuestionBank>
        })
        .collect();
    let guided = set.take_guides(&banks).await;
    let behavioural = set.questions.iter().filter(|q| q.kind == panel::domain::QuestionKind::Behavioural).count();
    assert_eq!(guided, behavioural * set.locales().len(), "every behavioural question carries its bank's guide");
    let rubrics: Vec<Arc<dyn Rubric>> = RUBRICS
        .iter()
        .map(|name| {
            let active = registry.resolve(name, &VersionReq::STAR).unwrap_or_else(|| panic!("{name} loaded"));
            Arc::new(active.plugin.rubric("{}").expect("a rubric")) as Arc<dyn Rubric>
        })
        .collect();
    let scored = score_set(set, &rubrics).await;
    figures(set, &scored)
}

/// What falls short of `pair_floor` and the kind floors in `figures`.
fn shortfalls(figures: &Figures, pair_floor: f64, kind_floors: &[(AnswerKind, f64)]) -> Vec<String> {
    let mut short = Vec::new();
    for language in &figures.languages {
        let locale = &language.locale;
        let combined = language.combined.all.share().expect("pairs compared");
        if combined < pair_floor {
            short.push(format!("{locale}: combined pair accuracy {combined:.3} < {pair_floor}"));
        }
        for &(kind, floor) in kind_floors {
            let Some(share) = language.combined.by_kind.get(&kind).and_then(|t| t.share()) else { continue };
            if share < floor {
                short.push(format!("{locale}: genuine above {kind} in {share:.3} of pairs < {floor}"));
            }
        }
        for kind in NEVER_ADVANCED {
            let advanced = language.others_by_kind.get(&kind).map_or(0, |d| d.advance);
            if advanced > 0 {
                short.push(format!("{locale}: {advanced} {kind} answer(s) advanced"));
            }
        }
        for kind in NEVER_REVIEWED {
            let reviewed = language.others_by_kind.get(&kind).map_or(0, |d| d.human_review);
            if reviewed > 0 {
                short.push(format!("{locale}: {reviewed} {kind} answer(s) sent to human review"));
            }
        }
    }
    short
}

/// Languages whose share of genuine answers not rejected is under `floor`.
fn rejected_genuine(figures: &Figures, floor: f64) -> Vec<String> {
    let mut short = Vec::new();
    for language in &figures.languages {
        let not_rejected = language.genuine.not_rejected().expect("genuine answers");
        if not_rejected < floor {
            short.push(format!(
                "{}: {not_rejected:.3} of genuine answers not rejected < {floor} ({})",
                language.locale,
                language.rejected_genuine.join(", ")
            ));
        }
    }
    short
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn genuine_answers_outrank_the_other_kinds_and_are_not_rejected() {
    let mut set = load_set("set.toml");
    let figures = score_with_first_party_rubrics(&mut set).await;
    let report = render(&figures, true);
    println!("{report}");
    assert!(figures.failures.is_empty(), "rubric calls failed:\n{report}");
    let mut short = shortfalls(&figures, LEXICAL_PAIR_ACCURACY, &KIND_FLOORS);
    short.extend(rejected_genuine(&figures, LEXICAL_NOT_REJECTED));
    assert!(short.is_empty(), "{}\n\n{report}", short.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rules_carry_over_to_the_held_out_answers() {
    let mut set = load_set("holdout.toml");
    let figures = score_with_first_party_rubrics(&mut set).await;
    let report = render(&figures, false);
    println!("{report}");
    assert!(figures.failures.is_empty(), "rubric calls failed:\n{report}");
    // Too few pairs per kind for floors per kind that mean anything, except
    // those words can judge.
    let floors: Vec<(AnswerKind, f64)> = KIND_FLOORS
        .into_iter()
        .filter(|(kind, _)| NEVER_ADVANCED.contains(kind) && *kind != AnswerKind::Template)
        .collect();
    let mut short = shortfalls(&figures, HOLDOUT_PAIR_ACCURACY, &floors);
    short.extend(rejected_genuine(&figures, HOLDOUT_NOT_REJECTED));
    assert!(short.is_empty(), "{}\n\n{report}", short.join("\n"));
}
