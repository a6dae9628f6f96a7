use super::testing::{self, ids, measures};
use super::*;
use crate::QuestionKind::{Behavioural, CultureFit, FollowUp, Open, SelfIntro};

const ENTRIES: &[Entry] = &[
    Entry::new("intro", SelfIntro, &["communication"], "请做一个自我介绍。", "Please introduce yourself.", 120),
    Entry::new(
        "solve-1",
        Behavioural,
        &["problem-solving"],
        "请讲一次解决难题的经历。",
        "Tell us about a hard problem.",
        180,
    ),
    Entry::new(
        "solve-2",
        Behavioural,
        &["problem-solving"],
        "请讲一次找到根因的经历。",
        "Tell us about a root cause.",
        180,
    ),
    Entry::new(
        "solve-team",
        Behavioural,
        &["problem-solving", "teamwork"],
        "请讲一次和团队一起解决问题的经历。",
        "Tell us about solving a problem as a team.",
        180,
    ),
    Entry::new(
        "own-1",
        Behavioural,
        &["responsibility"],
        "请讲一次你主动担责的经历。",
        "Tell us about owning a mistake.",
        180,
    ),
    Entry::new(
        "team-1",
        Behavioural,
        &["teamwork"],
        "请讲一次你帮助同事的经历。",
        "Tell us about helping a colleague.",
        180,
    ),
    Entry::new(
        "lead-1",
        Behavioural,
        &["leadership"],
        "请讲一次你带团队的经历。",
        "Tell us about leading a team.",
        180,
    ),
    Entry::new("fit-1", CultureFit, &["culture-fit"], "你看重什么样的团队？", "What kind of team do you value?", 120),
    Entry::new("fit-2", CultureFit, &["integrity"], "发现同事造假你会怎么做？", "What if a colleague faked data?", 120),
    Entry::new("open-1", Open, &["motivation"], "你为什么想加入我们？", "Why do you want to join us?", 120),
];

const FOLLOW_UPS: &[FollowUpRule] = &[
    FollowUpRule::new("learned", &[Behavioural], &["失败", "Failed"], "你学到了什么？", "What did you learn?")
        .dimensions(&["learning"]),
    FollowUpRule::new("result", &[Behavioural, CultureFit], &[], "结果如何？", "What was the result?")
        .unless(&["结果", "result"])
        .unless_result_told(),
];

/// One guide per behavioural entry, as `problems` asks.
const fn guide(id: &'static str) -> EntryGuide {
    EntryGuide {
        id,
        zh: Guide {
            looks_for: &["一次具体的经历：当时的情况和你做了什么"], off_topic: &["和工作无关的个人目标"]
        },
        en: Guide {
            looks_for: &["one real occasion: what happened and what you did"],
            off_topic: &["a personal goal outside work"],
        },
    }
}

const GUIDES: &[EntryGuide] =
    &[guide("solve-1"), guide("solve-2"), guide("solve-team"), guide("own-1"), guide("team-1"), guide("lead-1")];

const CATALOGUE: Catalogue = Catalogue { entries: ENTRIES, follow_ups: FOLLOW_UPS, guides: GUIDES };

/// Deliberately not in weight order: the kit must sort.
const MODEL: &[(&str, f32)] = &[("teamwork", 0.2), ("problem-solving", 0.5), ("responsibility", 0.3)];

fn job() -> JobProfile {
    testing::job("Production supervisor", "manufacturing", MODEL)
}

fn request(locale: &str, seed: u64, behavioural: u32) -> PlanRequest {
    testing::request(locale, seed, &[(SelfIntro, 1), (Behavioural, behavioural), (CultureFit, 1), (Open, 1)])
}

fn configured(json: &str) -> BankConfig {
    serde_json::from_str(json).expect("a valid configuration")
}

fn plan_with(config: &BankConfig, request: &PlanRequest) -> Vec<Question> {
    CATALOGUE.plan(&job(), request, config).expect("a plan")
}

#[test]
fn the_test_catalogue_itself_is_well_formed() {
    assert_eq!(CATALOGUE.problems(DIMENSIONS), Vec::<String>::new());
}

#[test]
fn planned_behavioural_questions_carry_their_guide_in_the_plan_language() {
    for (locale, expected) in [
        ("zh-CN", "一次具体的经历：当时的情况和你做了什么"),
        ("en", "one real occasion: what happened and what you did"),
    ] {
        let plan = plan_with(&BankConfig::default(), &request(locale, 7, 3));
        for q in &plan {
            match (q.kind, &q.guide) {
                (Behavioural, Some(g)) => assert_eq!(g.looks_for, [expected], "{locale} {}", q.id),
                (Behavioural, None) => panic!("{locale}: {} has no guide", q.id),
                (_, guide) => assert!(guide.is_none(), "{locale}: only behavioural questions have guides here"),
            }
        }
        assert!(plan.iter().any(|q| q.kind == Behavioural), "{locale}: {plan:?}");
    }
}

#[test]
fn problems_are_reported_by_question() {
    const BAD: Catalogue = Catalogue {
        entries: &[
            Entry::new("Bad_Id", Behavioural, &["teamwrok"], "Tell us.", "请讲。", 30),
            Entry::new("intro", SelfIntro, &["communication"], "请介绍。", "Introduce yourself.", 120),
            Entry::new("intro", SelfIntro, &["communication"], "请介绍。", "Introduce yourself.", 120),
        ],
        follow_ups: &[FollowUpRule::new("again", &[FollowUp], &[""], "再说说？", "Again?")],
        guides: &[EntryGuide {
            id: "nope",
            zh: Guide { looks_for: &[], off_topic: &["personal"] },
            en: Guide { looks_for: &["一次"], off_topic: &[] },
        }],
    };
    let problems = BAD.problems(DIMENSIONS).join("\n");
    for expected in [
        "question \"Bad_Id\": the id is not lower-kebab-case",
        "question \"Bad_Id\": the zh text is not Chinese",
        "question \"Bad_Id\": the en text is missing or not English",
        "question \"Bad_Id\": unknown dimension \"teamwrok\"",
        "question \"Bad_Id\": time limit 30 s is outside 120–300 s",
        "question \"intro\": the id is used twice",
        "no culture-fit question",
        "no open question",
        "follow-up rule \"again\": kinds must name the sections it follows up",
        "follow-up rule \"again\": an empty cue matches every answer",
        "guide \"nope\": no question has this id",
        "guide \"nope\": zh needs 1–8 items to look for",
        "guide \"nope\": zh item \"personal\" is empty, too long or in the wrong language",
        "guide \"nope\": en item \"一次\" is empty, too long or in the wrong language",
        "question \"Bad_Id\": a behavioural question without an answer guide",
    ] {
        assert!(problems.contains(expected), "missing {expected:?} in:\n{problems}");
    }
}

#[test]
fn info_lists_locales_industries_and_the_dimensions_of_the_entries() {
    let info = CATALOGUE.info("Test bank", "For tests.", &["manufacturing"]);
    assert_eq!(info.locales, ["zh-CN", "en"]);
    assert_eq!(info.industries, ["manufacturing"]);
    assert_eq!(
        info.dimensions,
        [
            "communication",
            "culture-fit",
            "integrity",
            "leadership",
            "motivation",
            "problem-solving",
            "responsibility",
            "teamwork"
        ]
    );
}

mod configuration;
mod conformance;
mod follow_ups;
mod planning;
