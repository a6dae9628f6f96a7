//! The conformance check of `bank::testing`: a sound bank passes it, and each
//! kind of mistake a bank can make is reported.

use super::*;
use crate::bank::testing::Conformance;
use crate::{API_VERSION, QuestionBank};

const README: &str = r#"# bank-test

| id | section |
|---|---|
| `intro` | self-intro |
| `solve-1`, `solve-2`, `solve-team`, `own-1`, `team-1`, `lead-1` | behavioural |
| `fit-1`, `fit-2` | culture-fit |
| `open-1` | open |

Follow-ups: `learned` after a failure, `result` when the answer has no result.

```json
{ "values": [{ "id": "ownership", "zh": "主人翁精神", "en": "Ownership" }] }
```
"#;

fn manifest() -> String {
    format!("id = \"bank-test\"\nkind = \"question-bank\"\napi = \"{API_VERSION}\"\n\n{CONFIG_SCHEMA_TOML}")
}

/// A bank as the kit means it: the catalogue, the host's configuration.
struct SoundBank;

impl QuestionBank for SoundBank {
    fn describe() -> BankInfo {
        CATALOGUE.info("Test bank", "For tests.", &[])
    }
    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let config: BankConfig = crate::host::config()?;
        CATALOGUE.plan(job, request, &config)
    }
    fn follow_up(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
        Ok(CATALOGUE.follow_up(question, answer))
    }
}

fn problems_of<B: QuestionBank>(manifest: &str, readme: &str) -> String {
    Conformance::new::<B>(&CATALOGUE, manifest, readme).jobs([job()]).problems().join("\n")
}

fn assert_reported(problems: &str, expected: &[&str]) {
    for expected in expected {
        assert!(problems.contains(expected), "missing {expected:?} in:\n{problems}");
    }
}

#[test]
fn a_sound_bank_conforms() {
    Conformance::new::<SoundBank>(&CATALOGUE, &manifest(), README).jobs([job()]).seeds(40).check();
}

#[test]
fn the_demo_jobs_need_questions_on_all_their_dimensions() {
    // The test catalogue has no behavioural question on communication.
    let problems = Conformance::new::<SoundBank>(&CATALOGUE, &manifest(), README).problems().join("\n");
    assert_reported(
        &problems,
        &[
            "plan for Production supervisor (seed 0): communication is among the 4 heaviest dimensions but not measured by",
            "plan for Product manager (seed 0): communication is among the 2 heaviest dimensions but not measured by",
            "plan for Store supervisor (seed 0): communication is among the 1 heaviest dimensions but not measured by",
        ],
    );
}

#[test]
fn the_manifest_and_the_readme_are_checked() {
    let manifest = manifest().replace(r#"type = "integer", minimum = 0"#, r#"type = "integer""#);
    let readme = README.replace("`lead-1`", "lead-1").replace("`learned`", "learned").replace("```json", "```js");
    let problems = problems_of::<SoundBank>(&manifest.replace("question-bank", "rubric"), &readme);
    assert_reported(
        &problems,
        &[
            "plugin.toml: no `kind = \"question-bank\"`",
            "plugin.toml: its [config-schema] is not the kit's",
            "README.md: does not name the question id `lead-1`",
            "README.md: does not name the follow-up suffix `learned`",
            "README.md: no ```json configuration example",
        ],
    );
}

/// Plans from the catalogue alone, and describes itself from memory.
struct CarelessBank;

impl QuestionBank for CarelessBank {
    fn describe() -> BankInfo {
        BankInfo::new("Careless bank", "Forgets things.")
    }
    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        CATALOGUE.plan(job, &PlanRequest { exclude: Vec::new(), ..request.clone() }, &BankConfig::default())
    }
}

#[test]
fn a_bank_ignoring_its_configuration_is_reported() {
    let problems = problems_of::<CarelessBank>(&manifest(), README);
    assert_reported(
        &problems,
        &[
            "describe() reports locales []",
            "describe() reports dimensions []",
            "README.md: its configuration example: none of its questions or values was planned",
            "configuration: \"intro\" was excluded by the configuration and still planned",
            "configuration: the company's behavioural question was not planned first",
            "configuration: the company's value was not the first culture-fit question",
            "configuration: {\"sections\":{\"behavioural\":0,\"culture-fit\":0,\"open\":0,\"self-intro\":1}} planned",
            "configuration: {\"questions\":[{\"dimensions\":[\"teamwork\"],\"en\":\"Why?\",\"id\":\"x\",\"kind\":\"riddle\"}]} was accepted",
        ],
    );
}

/// Lists its questions backwards, heaviest dimension last.
struct BackwardsBank;

impl QuestionBank for BackwardsBank {
    fn describe() -> BankInfo {
        SoundBank::describe()
    }
    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let mut plan = SoundBank::plan(job, request)?;
        plan.reverse();
        Ok(plan)
    }
}

/// Asks the heaviest dimension last, and ignores the seed.
struct LightestFirstBank;

impl QuestionBank for LightestFirstBank {
    fn describe() -> BankInfo {
        SoundBank::describe()
    }
    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        let mut inverted = job.clone();
        inverted.dimensions.iter_mut().for_each(|d| d.weight = 1.0 - d.weight);
        SoundBank::plan(&inverted, request)
    }
}

#[test]
fn plans_out_of_order_are_reported() {
    assert_reported(
        &problems_of::<BackwardsBank>(&manifest(), README),
        &[
            "plan for Production supervisor (seed 0): sections [\"open\", \"culture-fit\", \"culture-fit\", \"behavioural\"",
        ],
    );
    assert_reported(
        &problems_of::<LightestFirstBank>(&manifest(), README),
        &["plan for Production supervisor (seed ", "is among the 1 heaviest dimensions but not measured by"],
    );
}

/// Follows up every answer, follow-ups included.
struct InsistentBank;

impl QuestionBank for InsistentBank {
    fn describe() -> BankInfo {
        SoundBank::describe()
    }
    fn plan(job: &JobProfile, request: &PlanRequest) -> Result<Vec<Question>, PluginError> {
        SoundBank::plan(job, request)
    }
    fn follow_up(_job: &JobProfile, question: &Question, answer: &Answer) -> Result<Option<Question>, PluginError> {
        let id = format!("{}.follow-up-result", question.id);
        Ok(Some(Question::new(&id, FollowUp, &answer.locale, "再说说？", &[], 120)))
    }
}

#[test]
fn follow_ups_against_the_kits_rules_are_reported() {
    assert_reported(
        &problems_of::<InsistentBank>(&manifest(), README),
        &[
            "follow-up to \"intro\" (zh-CN): \"intro.follow-up-result\" was proposed, but no rule follows up that section",
            "follow-up to \"solve-1\" (zh-CN): the follow-up \"solve-1.follow-up-result\" got one of its own",
        ],
    );
}

#[test]
fn a_behavioural_question_not_asking_for_a_past_situation_is_reported() {
    const ENTRIES_WITH_AN_OPINION: &[Entry] = &[
        Entry::new("intro", SelfIntro, &["communication"], "请做一个自我介绍。", "Please introduce yourself.", 120),
        Entry::new("opinion", Behavioural, &["teamwork"], "你怎么看团队合作？", "What do you think of teamwork?", 180),
        Entry::new("fit-1", CultureFit, &["culture-fit"], "你看重什么样的团队？", "What team do you value?", 120),
        Entry::new("open-1", Open, &["motivation"], "你为什么想加入我们？", "Why do you want to join us?", 120),
    ];
    let catalogue = Catalogue { entries: ENTRIES_WITH_AN_OPINION, follow_ups: &[], guides: &[] };
    let problems = Conformance::new::<SoundBank>(&catalogue, &manifest(), README).jobs([job()]).problems();
    assert_reported(
        &problems.join("\n"),
        &["question \"opinion\": a behavioural question asks for one past situation"],
    );
}
