//! Follow-up rules.

use super::*;

fn answer(text: &str, locale: &str) -> Answer {
    Answer {
        question_id: "solve-1".to_owned(),
        text: text.to_owned(),
        transcribed: false,
        locale: locale.to_owned(),
        think_time_ms: 5_000,
        duration_ms: 60_000,
    }
}

fn question(id: &str, kind: QuestionKind) -> Question {
    Question::new(id, kind, "zh-CN", "…", &["problem-solving"], 180)
}

#[test]
fn the_first_fitting_rule_gives_the_one_follow_up_in_the_answers_locale() {
    let follow = CATALOGUE
        .follow_up(&question("solve-1", Behavioural), &answer("那次项目失败了，结果延期一个月。", "zh-CN"))
        .expect("a follow-up");
    assert_eq!(follow.id, "solve-1.follow-up-learned");
    assert_eq!((follow.kind, follow.locale.as_str(), follow.text.as_str()), (FollowUp, "zh-CN", "你学到了什么？"));
    assert_eq!(follow.dimensions, ["learning"]);
    assert_eq!((follow.time_limit_secs, follow.think_time_secs), (120, 15));

    // Cues match whatever the case, on either side.
    let follow = CATALOGUE
        .follow_up(&question("solve-1", Behavioural), &answer("The launch FAILED, as a result we lost a client.", "en"))
        .expect("a follow-up");
    assert_eq!((follow.id.as_str(), follow.text.as_str()), ("solve-1.follow-up-learned", "What did you learn?"));
}

#[test]
fn a_rule_without_cues_fires_unless_the_answer_has_what_it_looks_for() {
    let follow = CATALOGUE
        .follow_up(&question("fit-1", CultureFit), &answer("I always help my team.", "en"))
        .expect("a follow-up");
    assert_eq!(follow.id, "fit-1.follow-up-result");
    assert_eq!(follow.dimensions, ["problem-solving"], "the question's dimensions");
    let complete = answer("We fixed the line; the result was 10% more output.", "en");
    assert_eq!(CATALOGUE.follow_up(&question("solve-1", Behavioural), &complete), None);
}

#[test]
fn a_result_told_without_the_words_a_rule_lists_is_not_asked_for_again() {
    let told = [
        ("去年自提区总是排长队，我按手机尾号重新分了货架，那个月门店的投诉量下降了三成。", "zh-CN"),
        ("我带大家把交接清单重新梳理了一遍，后来交接失误就没再出现过。", "zh-CN"),
        (
            "I re-sequenced the deliveries so installation ran alongside the civils work, and we shipped two days early.",
            "en",
        ),
        ("I moved the seven lines into the locked cabinet, and the shortages stopped.", "en"),
    ];
    for (text, locale) in told {
        assert_eq!(CATALOGUE.follow_up(&question("solve-1", Behavioural), &answer(text, locale)), None, "{text}");
    }
    // No result yet: the question comes.
    let open = answer("去年自提区总是排长队，我按手机尾号重新分了货架。", "zh-CN");
    let follow = CATALOGUE.follow_up(&question("solve-1", Behavioural), &open).expect("a follow-up");
    assert_eq!(follow.id, "solve-1.follow-up-result");
    // A figure in the problem is not a result: nothing was done yet.
    let problem = answer("Complaints went up by a third last winter.", "en");
    assert!(CATALOGUE.follow_up(&question("solve-1", Behavioural), &problem).is_some());
}

#[test]
fn a_measured_result_rule_asks_until_a_figure_is_given() {
    const MEASURED: FollowUpRule =
        FollowUpRule::new("measured", &[Behavioural], &[], "效果是多少？", "By how much?").unless_result_measured();
    let rules = [MEASURED];
    let ask = |text: &str| follow_up::first_fitting(&rules, &question("solve-1", Behavioural), &answer(text, "en"));
    assert!(ask("I added a torque check, and the defects stopped.").is_some(), "a result without a figure");
    assert_eq!(ask("I added a torque check, and defects fell by a third."), None);
}

#[test]
fn no_follow_up_to_a_follow_up_or_to_a_kind_no_rule_names() {
    let failed = answer("It failed.", "en");
    assert_eq!(CATALOGUE.follow_up(&question("solve-1.follow-up-result", FollowUp), &failed), None);
    // A follow-up id even when a host hands it back under another kind.
    assert_eq!(CATALOGUE.follow_up(&question("solve-1.follow-up-result", Behavioural), &failed), None);
    assert_eq!(CATALOGUE.follow_up(&question("open-1", Open), &failed), None);
    assert_eq!(CATALOGUE.follow_up(&question("intro", SelfIntro), &failed), None);
}
