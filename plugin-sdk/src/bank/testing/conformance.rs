//! [`Conformance`]: what holds for every bank built on the kit, whatever its
//! questions, checked through the bank's own entry points. This file has the
//! builder and the checks of the bank's files; planning and follow-ups are
//! checked in the sibling modules.

use super::super::{CONFIG_SCHEMA_TOML, Catalogue, DIMENSIONS};
use super::{INTERVIEW, demo_jobs};
use crate::{
    API_VERSION, Answer, BankInfo, JobProfile, PlanRequest, PluginError, Question, QuestionBank, QuestionKind,
};

type PlanFn = fn(&JobProfile, &PlanRequest) -> Result<Vec<Question>, PluginError>;
type FollowUpFn = fn(&JobProfile, &Question, &Answer) -> Result<Option<Question>, PluginError>;

/// How a behavioural (STAR) question starts when it asks for one specific past
/// situation, which is what makes its answer a story to score.
const STORY_OPENINGS_ZH: &[&str] = &["请讲一次", "请讲一个", "请描述一次", "请举一个", "请分享一次"];
const STORY_OPENINGS_EN: &[&str] = &["Tell us about", "Describe", "Give an example", "Talk us through", "Share a time"];

/// The checks every bank built on the kit passes, run through the bank's
/// [`QuestionBank`] entry points (so a bank that forgets to read its
/// configuration fails them):
///
/// - the catalogue: [`Catalogue::problems`] against [`DIMENSIONS`], and every
///   behavioural question asking for one past situation (请讲一次… / "Tell us about…");
/// - `describe()`: the catalogue's locales and dimensions;
/// - `plugin.toml`: a `question-bank` for this SDK's API version whose
///   `[config-schema]` is [`CONFIG_SCHEMA_TOML`];
/// - `README.md`: names every question id and follow-up suffix in backticks,
///   and its first `json` block is a configuration the bank accepts;
/// - plans, for every job over every seed: sections in the requested order,
///   as full as the catalogue allows, no question twice, the `k` heaviest
///   dimensions measured by the first `k` behavioural questions, the same seed
///   giving the same plan, the locale picking the texts and not the questions;
/// - configuration: excluded questions (by the configuration or the request)
///   left out, the company's question and value planned first in their
///   section, section caps applied, a bad configuration an `invalid-config`
///   error;
/// - follow-ups: only to sections a rule follows up, named
///   `<question id>.follow-up-<suffix>` in the answer's locale, never one to a
///   follow-up.
///
/// ```ignore
/// Conformance::new::<ManufacturingBank>(&CATALOGUE, include_str!("../plugin.toml"), include_str!("../README.md"))
///     .job(testing::job("Line lead", "manufacturing", &[("safety", 0.4), ("leadership", 0.3), ("teamwork", 0.3)]))
///     .seeds(40)
///     .check();
/// ```
#[derive(Debug, Clone)]
pub struct Conformance<'a> {
    pub(super) catalogue: &'a Catalogue,
    manifest: &'a str,
    pub(super) readme: &'a str,
    describe: fn() -> BankInfo,
    plan: PlanFn,
    follow_up: FollowUpFn,
    pub(super) jobs: Vec<JobProfile>,
    pub(super) seeds: u64,
    pub(super) sections: Vec<(QuestionKind, u32)>,
}

impl<'a> Conformance<'a> {
    /// The checks for bank `B`, built on `catalogue`, with the text of its
    /// `plugin.toml` and `README.md`: the three demo jobs, 20 seeds, the usual
    /// [`INTERVIEW`].
    pub fn new<B: QuestionBank>(catalogue: &'a Catalogue, manifest: &'a str, readme: &'a str) -> Self {
        Self {
            catalogue,
            manifest,
            readme,
            describe: B::describe,
            plan: B::plan,
            follow_up: B::follow_up,
            jobs: demo_jobs().into(),
            seeds: 20,
            sections: INTERVIEW.to_vec(),
        }
    }

    /// Plans for these jobs instead of the demo jobs; the first one is also
    /// the job the configuration and follow-ups are checked with.
    pub fn jobs(mut self, jobs: impl IntoIterator<Item = JobProfile>) -> Self {
        self.jobs = jobs.into_iter().collect();
        self
    }

    /// Plans for this job too, e.g. one the bank is written for.
    pub fn job(mut self, job: JobProfile) -> Self {
        self.jobs.push(job);
        self
    }

    /// Plans with seeds `0..seeds` for every job.
    pub fn seeds(mut self, seeds: u64) -> Self {
        self.seeds = seeds;
        self
    }

    /// Asks for these sections, `(kind, count)` in order, instead of [`INTERVIEW`].
    pub fn sections(mut self, sections: &[(QuestionKind, u32)]) -> Self {
        self.sections = sections.to_vec();
        self
    }

    /// Everything found wrong, one line each; empty when the bank conforms.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.catalogue.problems(DIMENSIONS);
        self.check_story_openings(&mut problems);
        self.check_describe(&mut problems);
        self.check_manifest(&mut problems);
        self.check_readme(&mut problems);
        if self.jobs.is_empty() {
            problems.push("no job to plan for".to_owned());
        } else {
            self.check_plans(&mut problems);
            self.check_configuration(&mut problems);
            self.check_follow_ups(&mut problems);
        }
        crate::testing::set_config("{}");
        problems
    }

    /// Panics listing every problem, if any.
    pub fn check(&self) {
        let problems = self.problems();
        assert!(problems.is_empty(), "the bank does not conform to the kit:\n- {}", problems.join("\n- "));
    }

    /// The bank's plan under `config` (JSON, as the host passes it).
    pub(super) fn plan(&self, config: &str, job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, String> {
        self.try_plan(config, job, request).map_err(|e| format!("planning failed: {} {}", e.code, e.message))
    }

    /// The bank's plan under `config`, or its error.
    pub(super) fn try_plan(
        &self,
        config: &str,
        job: &JobProfile,
        request: &PlanRequest,
    ) -> Result<Vec<Question>, PluginError> {
        crate::testing::set_config(config);
        (self.plan)(job, request)
    }

    /// The bank's follow-up to `answer`.
    pub(super) fn follow_up(&self, question: &Question, answer: &Answer) -> Result<Option<Question>, String> {
        (self.follow_up)(&self.jobs[0], question, answer)
            .map_err(|e| format!("the follow-up to {:?} failed: {} {}", question.id, e.code, e.message))
    }

    fn check_story_openings(&self, problems: &mut Vec<String>) {
        for e in self.catalogue.entries.iter().filter(|e| e.kind == QuestionKind::Behavioural) {
            if !STORY_OPENINGS_ZH.iter().any(|o| e.zh.starts_with(o))
                || !STORY_OPENINGS_EN.iter().any(|o| e.en.starts_with(o))
            {
                problems.push(format!(
                    "question {:?}: a behavioural question asks for one past situation, starting {} / {}",
                    e.id,
                    STORY_OPENINGS_ZH.join("、"),
                    STORY_OPENINGS_EN.join(", ")
                ));
            }
        }
    }

    fn check_describe(&self, problems: &mut Vec<String>) {
        let info = (self.describe)();
        let expected = self.catalogue.info("", "", &[]);
        if info.locales != expected.locales {
            problems
                .push(format!("describe() reports locales {:?}, the questions {:?}", info.locales, expected.locales));
        }
        if info.dimensions != expected.dimensions {
            problems.push(format!(
                "describe() reports dimensions {:?}, the questions measure {:?}",
                info.dimensions, expected.dimensions
            ));
        }
    }

    fn check_manifest(&self, problems: &mut Vec<String>) {
        for line in [r#"kind = "question-bank""#.to_owned(), format!(r#"api = "{API_VERSION}""#)] {
            if !self.manifest.lines().any(|l| l.trim() == line) {
                problems.push(format!("plugin.toml: no `{line}`"));
            }
        }
        if !self.manifest.contains(CONFIG_SCHEMA_TOML) {
            problems
                .push("plugin.toml: its [config-schema] is not the kit's; copy bank::CONFIG_SCHEMA_TOML".to_owned());
        }
    }

    fn check_readme(&self, problems: &mut Vec<String>) {
        let ids = self.catalogue.entries.iter().map(|e| ("question id", e.id));
        let suffixes = self.catalogue.follow_ups.iter().map(|r| ("follow-up suffix", r.suffix));
        for (what, name) in ids.chain(suffixes) {
            if !self.readme.contains(&format!("`{name}`")) {
                problems.push(format!("README.md: does not name the {what} `{name}`"));
            }
        }
        match self.readme_example() {
            None => problems.push("README.md: no ```json configuration example".to_owned()),
            Some(example) => {
                if let Err(problem) = self.check_example(example) {
                    problems.push(format!("README.md: its configuration example: {problem}"));
                }
            }
        }
    }

    /// The README's first `json` block: its configuration example.
    fn readme_example(&self) -> Option<&'a str> {
        self.readme.split("```json\n").nth(1).and_then(|rest| rest.split("```").next())
    }
}
