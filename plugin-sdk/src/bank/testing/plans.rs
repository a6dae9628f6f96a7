//! The planning checks of [`Conformance`]: the shape and coverage of plans
//! for every job and seed, and the company's configuration applied.

use serde_json::json;

use super::super::BankConfig;
use super::super::config::kind_name;
use super::{Conformance, ids, measures, of_kind, request};
use crate::QuestionKind::{Behavioural, CultureFit};
use crate::{JobProfile, PlanRequest, Question, QuestionKind};

/// The id the checks give the company question and value they add.
const CHECK_ID: &str = "conformance-check";

impl Conformance<'_> {
    /// Every job over every seed; the first failing seed of each job is reported.
    pub(super) fn check_plans(&self, problems: &mut Vec<String>) {
        for job in &self.jobs {
            if let Some((seed, problem)) =
                (0..self.seeds).find_map(|seed| self.check_plan(job, seed).err().map(|problem| (seed, problem)))
            {
                problems.push(format!("plan for {} (seed {seed}): {problem}", job.title));
            }
        }
    }

    fn check_plan(&self, job: &JobProfile, seed: u64) -> Result<(), String> {
        let zh = self.plan("{}", job, &request("zh-CN", seed, &self.sections))?;
        self.check_shape(job, &zh)?;
        check_coverage(job, &zh)?;
        if self.plan("{}", job, &request("zh-CN", seed, &self.sections))? != zh {
            return Err("the same seed gave another plan".to_owned());
        }
        let en = self.plan("{}", job, &request("en", seed, &self.sections))?;
        if ids(&en) != ids(&zh) {
            return Err(format!("the locale changed the questions: {:?} in zh-CN, {:?} in en", ids(&zh), ids(&en)));
        }
        check_locale(&zh, "zh-CN")?;
        check_locale(&en, "en")
    }

    /// Sections in the requested order, each as full as the catalogue allows
    /// (behavioural: with questions on the job's dimensions), nothing twice.
    fn check_shape(&self, job: &JobProfile, plan: &[Question]) -> Result<(), String> {
        let mut left: Vec<(QuestionKind, usize)> = Vec::new();
        let mut expected = Vec::new();
        for &(kind, asked) in &self.sections {
            let index = left.iter().position(|(k, _)| *k == kind).unwrap_or_else(|| {
                left.push((kind, self.available(kind, job)));
                left.len() - 1
            });
            let count = left[index].1.min(asked as usize);
            left[index].1 -= count;
            expected.extend(std::iter::repeat_n(kind, count));
        }
        let kinds: Vec<&str> = plan.iter().map(|q| kind_name(q.kind)).collect();
        let expected: Vec<&str> = expected.into_iter().map(kind_name).collect();
        if kinds != expected {
            return Err(format!("sections {kinds:?}, expected {expected:?}: {:?}", ids(plan)));
        }
        let mut unique = ids(plan);
        unique.sort_unstable();
        unique.dedup();
        if unique.len() != plan.len() {
            return Err(format!("a question was planned twice: {:?}", ids(plan)));
        }
        Ok(())
    }

    /// How many of the catalogue's questions a plan for `job` may use in a section.
    fn available(&self, kind: QuestionKind, job: &JobProfile) -> usize {
        let on_the_job = |dimensions: &[&str]| job.dimensions.iter().any(|d| dimensions.contains(&d.id.as_str()));
        let entries = self.catalogue.entries.iter().filter(|e| e.kind == kind);
        if kind == Behavioural { entries.filter(|e| on_the_job(e.dimensions)).count() } else { entries.count() }
    }

    /// Excludes, the company's question and value, section caps, bad configurations.
    pub(super) fn check_configuration(&self, problems: &mut Vec<String>) {
        let job = &self.jobs[0];
        let request = request("zh-CN", 0, &self.sections);
        let checks = [
            self.check_excludes(job, &request),
            self.check_company_question(job, &request),
            self.check_company_value(job, &request),
            self.check_section_caps(job, &request),
            self.check_bad_configurations(job, &request),
        ];
        problems.extend(checks.into_iter().filter_map(Result::err).map(|p| format!("configuration: {p}")));
    }

    fn check_excludes(&self, job: &JobProfile, request: &PlanRequest) -> Result<(), String> {
        let planned = self.plan("{}", job, request)?;
        let planned = ids(&planned);
        let by_config = self.plan(&json!({ "exclude": planned }).to_string(), job, request)?;
        if let Some(id) = ids(&by_config).into_iter().find(|id| planned.contains(id)) {
            return Err(format!("{id:?} was excluded by the configuration and still planned"));
        }
        let mut excluding = request.clone();
        excluding.exclude = planned.iter().map(|id| (*id).to_owned()).collect();
        let by_request = self.plan("{}", job, &excluding)?;
        if let Some(id) = ids(&by_request).into_iter().find(|id| planned.contains(id)) {
            return Err(format!("{id:?} was excluded by the request and still planned"));
        }
        Ok(())
    }

    /// A company question comes first in its section (the behavioural one, or
    /// else the first asked for), in the request's locale.
    fn check_company_question(&self, job: &JobProfile, request: &PlanRequest) -> Result<(), String> {
        let asked: Vec<QuestionKind> = self.sections.iter().filter(|(_, count)| *count > 0).map(|&(k, _)| k).collect();
        let Some(&kind) = asked.iter().find(|&&k| k == Behavioural).or(asked.first()) else { return Ok(()) };
        let heaviest = job.dimensions.iter().max_by(|a, b| a.weight.total_cmp(&b.weight)).map(|d| d.id.as_str());
        let zh = "请讲一次你最有成就感的工作经历。";
        let config = json!({ "questions": [{
            "id": CHECK_ID, "kind": kind_name(kind), "dimensions": [heaviest.unwrap_or("motivation")],
            "zh": zh, "en": "Tell us about the work you are proudest of.",
        }]});
        let plan = self.plan(&config.to_string(), job, request)?;
        match of_kind(&plan, kind).first() {
            Some(q) if q.id == format!("custom-{CHECK_ID}") && q.text == zh => Ok(()),
            _ => Err(format!(
                "the company's {} question was not planned first in zh-CN: {:?}",
                kind_name(kind),
                ids(&plan)
            )),
        }
    }

    fn check_company_value(&self, job: &JobProfile, request: &PlanRequest) -> Result<(), String> {
        if !self.sections.iter().any(|&(kind, count)| kind == CultureFit && count > 0) {
            return Ok(());
        }
        let config = json!({ "values": [{ "id": CHECK_ID, "zh": "客户第一", "en": "Customer first" }] });
        let plan = self.plan(&config.to_string(), job, request)?;
        match of_kind(&plan, CultureFit).first() {
            Some(q) if q.id == format!("value-{CHECK_ID}") && q.text.contains("客户第一") => Ok(()),
            _ => Err(format!("the company's value was not the first culture-fit question: {:?}", ids(&plan))),
        }
    }

    /// Every section capped at 0 but the first asked for, capped at 1.
    fn check_section_caps(&self, job: &JobProfile, request: &PlanRequest) -> Result<(), String> {
        let Some(&(kept, _)) = self.sections.iter().find(|&&(kind, count)| count > 0 && self.available(kind, job) > 0)
        else {
            return Ok(());
        };
        let caps: serde_json::Map<String, serde_json::Value> =
            [QuestionKind::SelfIntro, Behavioural, CultureFit, QuestionKind::Open]
                .into_iter()
                .map(|kind| (kind_name(kind).to_owned(), json!(u32::from(kind == kept))))
                .collect();
        let config = json!({ "sections": caps });
        let plan = self.plan(&config.to_string(), job, request)?;
        match plan.as_slice() {
            [only] if only.kind == kept => Ok(()),
            _ => Err(format!("{config} planned {:?}", ids(&plan))),
        }
    }

    fn check_bad_configurations(&self, job: &JobProfile, request: &PlanRequest) -> Result<(), String> {
        let unknown_kind =
            json!({ "questions": [{ "id": "x", "kind": "riddle", "dimensions": ["teamwork"], "en": "Why?" }] });
        let unknown_field = json!({ "unexpected-field": true });
        for config in [unknown_kind, unknown_field] {
            match self.try_plan(&config.to_string(), job, request) {
                Err(e) if e.code == "invalid-config" => {}
                Err(e) => return Err(format!("{config} gave a {:?} error, not invalid-config", e.code)),
                Ok(plan) => return Err(format!("{config} was accepted and planned {:?}", ids(&plan))),
            }
        }
        Ok(())
    }

    /// The README's configuration example plans, with its own questions or
    /// values if it declares any.
    pub(super) fn check_example(&self, example: &str) -> Result<(), String> {
        let Some(job) = self.jobs.first() else { return Ok(()) };
        let config: BankConfig = serde_json::from_str(example).map_err(|e| format!("not a bank configuration: {e}"))?;
        let plan = self.plan(example, job, &request("zh-CN", 0, &self.sections))?;
        let company = |q: &Question| q.id.starts_with("custom-") || q.id.starts_with("value-");
        if (!config.questions.is_empty() || !config.values.is_empty()) && !plan.iter().any(company) {
            return Err(format!("none of its questions or values was planned: {:?}", ids(&plan)));
        }
        Ok(())
    }
}

/// The `k` heaviest dimensions are measured by the first `k` behavioural
/// questions, for every `k` up to the number of either.
fn check_coverage(job: &JobProfile, plan: &[Question]) -> Result<(), String> {
    let mut by_weight: Vec<_> = job.dimensions.iter().collect();
    by_weight.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let behavioural = of_kind(plan, Behavioural);
    for k in 1..=by_weight.len().min(behavioural.len()) {
        let first = &behavioural[..k];
        if let Some(d) = by_weight[..k].iter().find(|d| !first.iter().any(|q| measures(q, &d.id))) {
            let first: Vec<&str> = first.iter().map(|q| q.id.as_str()).collect();
            return Err(format!("{} is among the {k} heaviest dimensions but not measured by {first:?}", d.id));
        }
    }
    Ok(())
}

/// Every question in `locale`, its text in that language.
fn check_locale(plan: &[Question], locale: &str) -> Result<(), String> {
    let chinese = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match plan.iter().find(|q| q.locale != locale || chinese(&q.text) != locale.starts_with("zh")) {
        Some(q) => Err(format!("{:?} in {:?} has the text {:?}", q.id, q.locale, q.text)),
        None => Ok(()),
    }
}
