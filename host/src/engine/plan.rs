//! Building an interview plan from the question banks bound to a job: a
//! self-introduction, behavioural (STAR) questions covering the job's
//! highest-weight dimensions first, culture-fit questions and an open
//! question, each with sane time limits.

use std::collections::HashSet;
use std::sync::Arc;

use crate::domain::{JobProfile, PlanRequest, PlannedQuestion, Question, QuestionKind, SectionRequest};
use crate::kinds::QuestionBank;
use crate::runtime::contract::RESERVED_ID_CHAR;

use super::EngineError;

/// How many questions of each kind a plan has.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanShape {
    pub behavioural: u32,
    pub culture_fit: u32,
    /// Fewer behavioural questions than this and no plan is made.
    pub min_behavioural: u32,
}

impl Default for PlanShape {
    fn default() -> Self {
        Self { behavioural: 4, culture_fit: 1, min_behavioural: 3 }
    }
}

/// Time limits outside these bounds are a bank's mistake and are clamped.
const THINK_SECS: (u32, u32) = (0, 300);
const ANSWER_SECS: (u32, u32) = (30, 900);
const DEFAULT_ANSWER_SECS: u32 = 180;

/// Asks every bank for candidates and picks the plan, taking first from the
/// banks written for the job's industry, then from general-purpose banks,
/// then from the rest, each group in binding order. A bank that fails is
/// logged and skipped; the plan fails only when the banks together cannot
/// fill it.
pub async fn build_plan(
    job: &JobProfile,
    banks: &[Arc<dyn QuestionBank>],
    shape: &PlanShape,
    locale: &str,
    seed: u64,
) -> Result<Vec<PlannedQuestion>, EngineError> {
    let request = PlanRequest {
        locale: locale.to_owned(),
        sections: vec![
            SectionRequest { kind: QuestionKind::SelfIntro, count: 1 },
            SectionRequest { kind: QuestionKind::Behavioural, count: shape.behavioural.max(shape.min_behavioural) + 1 },
            SectionRequest { kind: QuestionKind::CultureFit, count: shape.culture_fit.max(1) },
            SectionRequest { kind: QuestionKind::Open, count: 1 },
        ],
        seed,
        exclude: Vec::new(),
    };
    let mut offered: Vec<PlannedQuestion> = Vec::new();
    // What went wrong with each bank that added nothing, to name it when the
    // plan cannot be made.
    let mut unhelpful = Vec::new();
    let mut ranked = Vec::with_capacity(banks.len());
    for bank in banks {
        let industries = bank.describe().await.map(|info| info.industries).unwrap_or_default();
        ranked.push((industry_rank(&job.industry, &industries), bank));
    }
    ranked.sort_by_key(|(rank, _)| *rank);
    for (_, bank) in ranked {
        let from = bank.plugin().to_string();
        match bank.plan(job, &request).await {
            Ok(questions) if questions.iter().any(|q| q.id.contains(RESERVED_ID_CHAR)) => {
                // A follow-up's id is the question's id and `~follow-up`: a
                // planned question with such an id would look answered once
                // the follow-up was, and never be asked.
                tracing::warn!(plugin = %bank.plugin(), "question bank planned a question with a follow-up's id; its plan is not used");
                unhelpful
                    .push(format!("{from} used an id with `{RESERVED_ID_CHAR}`, which is reserved for follow-ups"));
            }
            Ok(questions) => {
                let total = questions.len();
                let new = questions.iter().filter(|q| !offered.iter().any(|o| o.question.id == q.id)).count();
                if total == 0 {
                    unhelpful.push(format!("{from} offered no questions"));
                } else if new == 0 {
                    unhelpful.push(format!("{from} offered only questions already offered"));
                }
                offered.extend(questions.into_iter().map(|q| PlannedQuestion { question: q, bank: from.clone() }));
            }
            Err(e) => {
                tracing::warn!(plugin = %bank.plugin(), error = %e, "question bank failed to plan");
                unhelpful.push(format!("{from} failed: {}", e.failure));
            }
        }
    }
    select(job, offered, shape).map_err(|missing| {
        let why = if unhelpful.is_empty() { String::new() } else { format!(" ({})", unhelpful.join("; ")) };
        EngineError::Plan(format!("{missing}{why}"))
    })
}

/// 0: written for the job's industry; 1: general-purpose; 2: for other industries.
fn industry_rank(job_industry: &str, bank_industries: &[String]) -> u8 {
    if bank_industries.is_empty() {
        1
    } else if bank_industries.iter().any(|i| !job_industry.is_empty() && i.eq_ignore_ascii_case(job_industry)) {
        0
    } else {
        2
    }
}

/// Picks the plan from what the banks offered; `Err` says what is missing.
fn select(job: &JobProfile, offered: Vec<PlannedQuestion>, shape: &PlanShape) -> Result<Vec<PlannedQuestion>, String> {
    let mut seen = HashSet::new();
    let offered: Vec<PlannedQuestion> = offered
        .into_iter()
        .filter(|p| !p.question.text.trim().is_empty() && !p.question.id.is_empty())
        .filter(|p| seen.insert(p.question.id.clone()))
        .map(|mut p| {
            sanitise(&mut p.question);
            p
        })
        .collect();
    let of_kind = |kind| offered.iter().filter(move |p| p.question.kind == kind);

    let mut plan = Vec::new();
    plan.extend(of_kind(QuestionKind::SelfIntro).take(1).cloned());
    if plan.is_empty() {
        return Err("no bank offered a self-introduction".into());
    }

    // Behavioural: one per dimension, highest weight first, then any others.
    let mut dims: Vec<_> = job.dimensions.iter().collect();
    dims.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let mut behavioural: Vec<&PlannedQuestion> = Vec::new();
    let target = shape.behavioural as usize;
    for dim in &dims {
        if behavioural.len() == target {
            break;
        }
        if let Some(q) = of_kind(QuestionKind::Behavioural).find(|q| {
            q.question.dimensions.contains(&dim.id) && !behavioural.iter().any(|b| b.question.id == q.question.id)
        }) {
            behavioural.push(q);
        }
    }
    for q in of_kind(QuestionKind::Behavioural) {
        if behavioural.len() == target {
            break;
        }
        if !behavioural.iter().any(|b| b.question.id == q.question.id) {
            behavioural.push(q);
        }
    }
    if behavioural.len() < shape.min_behavioural as usize {
        return Err(format!(
            "the banks offered {} behavioural question(s); a plan needs at least {}",
            behavioural.len(),
            shape.min_behavioural
        ));
    }
    plan.extend(behavioural.into_iter().cloned());

    let culture: Vec<_> = of_kind(QuestionKind::CultureFit).take(shape.culture_fit as usize).cloned().collect();
    if culture.is_empty() && shape.culture_fit > 0 {
        return Err("no bank offered a culture-fit question".into());
    }
    plan.extend(culture);
    let open: Vec<_> = of_kind(QuestionKind::Open).take(1).cloned().collect();
    if open.is_empty() {
        return Err("no bank offered an open question".into());
    }
    plan.extend(open);
    Ok(plan)
}

/// Clamps a bank's time limits into the bounds a candidate can work with.
pub(crate) fn sanitise(q: &mut Question) {
    q.think_time_secs = q.think_time_secs.clamp(THINK_SECS.0, THINK_SECS.1);
    if q.time_limit_secs == 0 {
        q.time_limit_secs = DEFAULT_ANSWER_SECS;
    }
    q.time_limit_secs = q.time_limit_secs.clamp(ANSWER_SECS.0, ANSWER_SECS.1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Dimension;

    fn job() -> JobProfile {
        let dim =
            |id: &str, weight| Dimension { id: id.into(), name: id.into(), weight, threshold: 7.0, labels: Vec::new() };
        JobProfile {
            id: "1".into(),
            title: "t".into(),
            industry: String::new(),
            locale: "en".into(),
            key_role: false,
            dimensions: vec![dim("low", 0.1), dim("high", 0.5), dim("mid", 0.4)],
            description: String::new(),
        }
    }

    fn q(id: &str, kind: QuestionKind, dims: &[&str]) -> PlannedQuestion {
        PlannedQuestion {
            question: Question {
                id: id.into(),
                kind,
                text: format!("question {id}"),
                locale: "en".into(),
                dimensions: dims.iter().map(|d| (*d).to_owned()).collect(),
                think_time_secs: 9999,
                time_limit_secs: 0,
                guide: None,
            },
            bank: "bank@1.0.0".into(),
        }
    }

    fn offered() -> Vec<PlannedQuestion> {
        use QuestionKind::*;
        vec![
            q("intro", SelfIntro, &[]),
            q("b-low", Behavioural, &["low"]),
            q("b-low2", Behavioural, &["low"]),
            q("b-mid", Behavioural, &["mid"]),
            q("b-high", Behavioural, &["high"]),
            q("b-high", Behavioural, &["high"]),
            q("c1", CultureFit, &[]),
            q("c2", CultureFit, &[]),
            q("open", Open, &[]),
        ]
    }

    #[test]
    fn covers_the_highest_weight_dimensions_first_in_plan_order() {
        let plan =
            select(&job(), offered(), &PlanShape { behavioural: 3, culture_fit: 1, min_behavioural: 3 }).expect("plan");
        let ids: Vec<&str> = plan.iter().map(|p| p.question.id.as_str()).collect();
        assert_eq!(ids, ["intro", "b-high", "b-mid", "b-low", "c1", "open"]);
    }

    #[test]
    fn fills_from_other_behavioural_questions_and_drops_duplicates() {
        let plan =
            select(&job(), offered(), &PlanShape { behavioural: 5, culture_fit: 2, min_behavioural: 3 }).expect("plan");
        let ids: Vec<&str> = plan.iter().map(|p| p.question.id.as_str()).collect();
        assert_eq!(ids, ["intro", "b-high", "b-mid", "b-low", "b-low2", "c1", "c2", "open"]);
    }

    #[test]
    fn banks_for_the_jobs_industry_come_first_then_general_ones() {
        let of = |list: &[&str]| list.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>();
        assert_eq!(industry_rank("retail", &of(&["customer-service", "Retail"])), 0);
        assert_eq!(industry_rank("retail", &of(&[])), 1);
        assert_eq!(industry_rank("retail", &of(&["manufacturing"])), 2);
        assert_eq!(industry_rank("", &of(&["manufacturing"])), 2);
    }

    #[test]
    fn clamps_time_limits() {
        let plan = select(&job(), offered(), &PlanShape::default()).expect("plan");
        assert!(plan.iter().all(|p| p.question.think_time_secs == 300 && p.question.time_limit_secs == 180));
    }

    #[test]
    fn says_what_is_missing() {
        let mut few = offered();
        few.retain(|p| p.question.id != "b-low" && p.question.id != "b-low2" && p.question.id != "b-mid");
        let err = select(&job(), few, &PlanShape::default()).expect_err("too few");
        assert_eq!(err, "the banks offered 1 behavioural question(s); a plan needs at least 3");
        let err = select(&job(), vec![q("open", QuestionKind::Open, &[])], &PlanShape::default()).expect_err("none");
        assert_eq!(err, "no bank offered a self-introduction");
    }
}
