//! Picking a plan's questions: section by section, the company's questions
//! first, behavioural ones round the job's dimensions from the heaviest down,
//! chance drawn from the request's seed so the same seed gives the same plan.

use super::Entry;
use super::config::SectionCaps;
use crate::{AnswerGuide, JobProfile, PlanRequest, Question, QuestionKind};

/// Seconds to think before answering: a story needs recalling first.
const BEHAVIOURAL_THINK_SECS: u32 = 30;
const OTHER_THINK_SECS: u32 = 15;

/// A question ready to plan from, whether the bank's or the company's.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub id: String,
    pub kind: QuestionKind,
    pub dimensions: Vec<String>,
    pub zh: String,
    pub en: String,
    pub time_limit_secs: u32,
    /// The company's own question or value: planned before the bank's.
    pub company: bool,
    /// The answer guides in Chinese and English, when the bank wrote them.
    pub guides: Option<(AnswerGuide, AnswerGuide)>,
}

impl Item {
    pub fn from_entry(entry: &Entry) -> Self {
        Self {
            id: entry.id.to_owned(),
            kind: entry.kind,
            dimensions: entry.dimensions.iter().map(|d| (*d).to_owned()).collect(),
            zh: entry.zh.to_owned(),
            en: entry.en.to_owned(),
            time_limit_secs: entry.time_limit_secs,
            company: false,
            guides: None,
        }
    }

    pub(super) fn to_question(&self, locale: &str) -> Question {
        let text = if locale.starts_with("zh") { &self.zh } else { &self.en };
        let dimensions: Vec<&str> = self.dimensions.iter().map(String::as_str).collect();
        let mut q = Question::new(&self.id, self.kind, locale, text, &dimensions, self.time_limit_secs);
        q.think_time_secs =
            if self.kind == QuestionKind::Behavioural { BEHAVIOURAL_THINK_SECS } else { OTHER_THINK_SECS };
        q.guide = self.guides.as_ref().map(|(zh, en)| if locale.starts_with("zh") { zh.clone() } else { en.clone() });
        q
    }
}

/// A small deterministic generator (splitmix64): the same seed gives the same plan.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick(&mut self, len: usize) -> usize {
        (self.next() % len as u64) as usize
    }
}

/// One plan being built: which items are used, and the questions so far.
struct Planner<'a> {
    items: &'a [Item],
    locale: &'a str,
    rng: Rng,
    used: Vec<bool>,
    plan: Vec<Question>,
}

impl Planner<'_> {
    /// Unused items passing `keep`, in catalogue order.
    fn pool(&self, keep: impl Fn(&Item) -> bool) -> Vec<usize> {
        (0..self.items.len()).filter(|&i| !self.used[i] && keep(&self.items[i])).collect()
    }

    /// Plans one item of `pool` drawn by chance; false when the pool is empty.
    fn take_one_of(&mut self, pool: &[usize]) -> bool {
        if pool.is_empty() {
            return false;
        }
        let i = pool[self.rng.pick(pool.len())];
        self.used[i] = true;
        self.plan.push(self.items[i].to_question(self.locale));
        true
    }

    /// Up to `count` of the company's items of `kind`; how many were planned.
    fn company_first(&mut self, kind: QuestionKind, count: u32) -> u32 {
        let mut taken = 0;
        while taken < count && self.take_one_of(&self.pool(|i| i.company && i.kind == kind)) {
            taken += 1;
        }
        taken
    }

    fn section(&mut self, kind: QuestionKind, count: u32) {
        let mut taken = self.company_first(kind, count);
        while taken < count && self.take_one_of(&self.pool(|i| i.kind == kind)) {
            taken += 1;
        }
    }

    /// Behavioural questions: round-robin over the job's dimensions, highest
    /// weight first, so the top dimensions are covered before any gets a
    /// second question. A dimension a company question already measures has
    /// had its turn for that round.
    fn behavioural(&mut self, dimensions: &[&str], count: u32) {
        let first = self.plan.len();
        let mut taken = self.company_first(QuestionKind::Behavioural, count);
        let covered: Vec<usize> = dimensions
            .iter()
            .map(|d| self.plan[first..].iter().filter(|q| q.dimensions.iter().any(|qd| qd == d)).count())
            .collect();
        let mut round = 0;
        while taken < count {
            let mut progressed = false;
            for (dim, &covered) in dimensions.iter().zip(&covered) {
                if taken == count {
                    break;
                }
                if round < covered {
                    progressed = true;
                    continue;
                }
                let pool = self.pool(|i| i.kind == QuestionKind::Behavioural && i.dimensions.iter().any(|d| d == dim));
                if self.take_one_of(&pool) {
                    taken += 1;
                    progressed = true;
                }
            }
            if !progressed {
                break;
            }
            round += 1;
        }
    }
}

/// The plan for `request` from `items` (the company's first), within `caps`.
pub(crate) fn plan(job: &JobProfile, request: &PlanRequest, items: &[Item], caps: &SectionCaps) -> Vec<Question> {
    let mut by_weight: Vec<_> = job.dimensions.iter().collect();
    by_weight.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let dimensions: Vec<&str> = by_weight.iter().map(|d| d.id.as_str()).collect();

    let mut planner = Planner {
        items,
        locale: &request.locale,
        rng: Rng(request.seed),
        used: vec![false; items.len()],
        plan: Vec::new(),
    };
    for section in &request.sections {
        let count = caps.limit(section.kind, section.count);
        match section.kind {
            QuestionKind::Behavioural => planner.behavioural(&dimensions, count),
            kind => planner.section(kind, count),
        }
    }
    planner.plan
}
