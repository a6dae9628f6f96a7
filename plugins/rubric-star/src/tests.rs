//! The rubric on the demo candidates' answers (host/src/cli/demo_data.rs and
//! demo_jobs.rs) and on answers written to game it.

use panel_plugin_sdk::text::PatternSet;
use panel_plugin_sdk::{Answer, Effect, Question, QuestionKind};

use super::*;
use crate::star;

/// The question the tests' answers are given to.
const QUESTION: &str = "Tell us about a bottleneck you solved.";

fn analyse(text: &str) -> Analysis {
    star::analyse(text, QUESTION)
}

const STRONG_ZH: &str = "当时我们产线每天都完不成产量目标，我负责在一周内找到瓶颈。我先统计了每个工位的节拍，\
    然后重新安排了班次，并在焊接前增加了缓冲区。最终产量在一个月内提升了18%。";
const STRONG_EN: &str = "At the time our line was missing its daily target every week. My task was to find the \
    bottleneck within a week. I analyzed the cycle times of every station, then I reorganized the shifts and I \
    introduced a buffer before welding. As a result output increased by 18% in a month.";
const WEAK_ZH: &str =
    "当时有一批产品的次品率很高，我负责排查原因。我和同事一起检查了设备和原材料，也和供应商沟通了几次。";
const WEAK_EN: &str = "At the time one batch had a high defect rate and I was responsible for finding out why. I \
    checked the machines and the raw material with a colleague and I talked to the supplier several times.";
const SLOGAN_ZH: &str = "我是一个很有团队精神的人，总是全力以赴，大家都喜欢和我合作。";
const SLOGAN_EN: &str = "I am a hard worker and a team player who always gives 100 percent.";
const OFF_TOPIC_ZH: &str = "我平时喜欢做饭和旅行。上个月我去了云南，那边的风景很美，吃的也很好，我拍了很多照片。";
const OFF_TOPIC_EN: &str = "I enjoy cooking and travelling. Last month I went to Yunnan; the scenery was beautiful \
    and the food was great, I took a lot of photos.";
const STUFFED_ZH: &str = "当时 情况 任务 我负责 我主动 协调 沟通 团队 合作 帮助同事 分析 根本原因 解决 结果 \
    提升了30% 最终 成功 责任 担当 承认错误 复盘 改进 数据 专业 技术 学习。";
const STUFFED_EN: &str = "Situation, task, action, result: I led, I coordinated, I communicated, teamwork, \
    collaboration, I analyzed the root cause, I solved it, responsibility, ownership, increased 30%, improved, \
    delivered, as a result, stakeholders, data-driven, expertise, learning.";

fn question(locale: &str, kind: QuestionKind) -> Question {
    Question::new("q", kind, locale, "Tell us about a bottleneck you solved.", &["problem-solving", "teamwork"], 180)
}

fn answer(locale: &str, text: &str) -> Answer {
    Answer {
        question_id: "q".into(),
        text: text.into(),
        transcribed: false,
        locale: locale.into(),
        think_time_ms: 10_000,
        duration_ms: 60_000,
    }
}

#[test]
fn every_cue_is_a_valid_pattern() {
    for part in Part::ALL {
        assert!(PatternSet::new(part.cues().iter().copied()).is_ok(), "{part:?}");
    }
}

#[test]
fn a_full_story_outscores_a_partial_one_which_outscores_small_talk_and_slogans() {
    for (strong, weak, off_topic, slogan) in
        [(STRONG_ZH, WEAK_ZH, OFF_TOPIC_ZH, SLOGAN_ZH), (STRONG_EN, WEAK_EN, OFF_TOPIC_EN, SLOGAN_EN)]
    {
        let [strong, weak, off_topic, slogan] = [strong, weak, off_topic, slogan].map(|t| analyse(t).score);
        assert!(strong > 8.0, "strong {strong}");
        assert!(strong > weak + 2.0, "strong {strong} vs weak {weak}");
        // A holiday anecdote is a little story too: STAR cannot tell it is
        // off the question (issue 25's semantic rubric does), only that it is
        // slighter than a real one.
        assert!(strong > off_topic + 3.0, "strong {strong} vs off-topic {off_topic}");
        assert!(
            weak > slogan && off_topic > slogan && slogan < 1.0,
            "weak {weak}, off-topic {off_topic}, slogan {slogan}"
        );
    }
}

#[test]
fn finds_every_part_of_a_full_story_with_the_clause_that_earned_it() {
    let analysis = analyse(STRONG_ZH);
    assert!(analysis.missing.is_empty(), "missing {:?}", analysis.missing);
    let quoted =
        |part| analysis.found.iter().filter(|f| f.part == part).map(|f| &STRONG_ZH[f.start..f.end]).collect::<Vec<_>>();
    assert_eq!(quoted(Part::Situation), ["当时我们产线每天都完不成产量目标"]);
    assert_eq!(quoted(Part::Task), ["我负责在一周内找到瓶颈"]);
    assert_eq!(quoted(Part::Action), ["我先统计了每个工位的节拍", "然后重新安排了班次", "并在焊接前增加了缓冲区"]);
    assert_eq!(quoted(Part::Result), ["最终产量在一个月内提升了18%"]);
    let (start, end) = analysis.quantified_result.expect("a measured result");
    assert_eq!(&STRONG_ZH[start..end], "18%");
    assert_eq!(analysis.own_actions, 3);
}

#[test]
fn keyword_stuffing_scores_below_a_genuine_story_and_says_why() {
    for (stuffed, genuine, locale) in [(STUFFED_ZH, STRONG_ZH, "zh-CN"), (STUFFED_EN, STRONG_EN, "en")] {
        let analysis = analyse(stuffed);
        assert!(analysis.keyword_list, "{locale}");
        assert!(analysis.score <= 2.0 && analysis.confidence <= 0.2, "{locale}: {}", analysis.score);
        assert!(analysis.score < analyse(genuine).score - 5.0);
        let scores = StarRubric::score_with(
            &Config::default(),
            &question(locale, QuestionKind::Behavioural),
            &answer(locale, stuffed),
        );
        assert!(scores[0].explanation.contains(if locale == "en" { "lists keywords" } else { "罗列关键词" }));
    }
}

#[test]
fn repeating_a_cue_earns_nothing_more() {
    let once = analyse("当时产线的节拍一直很慢。我负责把节拍提上去。");
    let thrice = analyse("当时产线的节拍一直很慢。我负责把节拍提上去。我负责节拍。我负责产量。我负责质量。");
    assert_eq!(thrice.found.iter().filter(|f| f.part == Part::Task).count(), 1);
    assert!(thrice.score <= once.score + 1.0, "{} vs {}", thrice.score, once.score);
}

#[test]
fn negated_cues_do_not_count() {
    let text = "当时我并没有负责这个项目，只是旁观。";
    let analysis = analyse(text);
    assert!(analysis.missing.contains(&Part::Task));
    let (start, end) = analysis.negated[0];
    assert_eq!(&text[start..end], "负责");
    let english = analyse("At the time I was not responsible for the line, and I never had to fix it.");
    assert!(english.missing.contains(&Part::Task));
}

#[test]
fn actions_told_only_as_we_earn_less_than_the_candidates_own() {
    let own = analyse(STRONG_EN);
    let team = analyse(
        &STRONG_EN.replace("I analyzed", "We analyzed").replace("then I", "then we").replace("and I", "and we"),
    );
    assert!(own.own_actions > 0 && team.own_actions == 0 && team.actions > 0);
    assert!(team.score < own.score - 1.0, "{} vs {}", team.score, own.score);
    let scores = StarRubric::score_with(
        &Config::default(),
        &question("en", QuestionKind::Behavioural),
        &answer(
            "en",
            "Last year our line was late. We analyzed the cycle times, then we reorganized the shifts. As a result output increased by 18%.",
        ),
    );
    assert!(scores[0].explanation.contains("\"we\""), "{}", scores[0].explanation);
}

#[test]
fn scores_every_dimension_with_evidence_spans_on_the_answer() {
    for (locale, text) in [("zh-CN", STRONG_ZH), ("en", STRONG_EN)] {
        let scores = StarRubric::score_with(
            &Config::default(),
            &question(locale, QuestionKind::Behavioural),
            &answer(locale, text),
        );
        assert_eq!(scores.len(), 2);
        let measured = scores[0].evidence.iter().find(|e| e.label.contains("量化") || e.label == "result is measured");
        let span = measured.and_then(|e| e.span).expect("a measured result with a span");
        assert_eq!(&text[span.start as usize..span.end as usize], "18%");
        for span in scores[0].evidence.iter().filter_map(|e| e.span) {
            assert!(text.get(span.start as usize..span.end as usize).is_some(), "span on char boundaries");
        }
        assert!(scores[0].evidence.iter().all(|e| e.effect != Effect::Negative), "{locale}: nothing missing");
    }
    let zh = StarRubric::score_with(
        &Config::default(),
        &question("zh-CN", QuestionKind::Behavioural),
        &answer("zh-CN", WEAK_ZH),
    );
    assert_eq!(zh[0].explanation, "回答说明了情境、任务、行动，但没有说明结果。");
}

#[test]
fn only_the_configured_question_kinds_are_scored() {
    let intro = question("en", QuestionKind::SelfIntro);
    assert!(StarRubric::score_with(&Config::default(), &intro, &answer("en", STRONG_EN)).is_empty());
    panel_plugin_sdk::testing::set_config(r#"{"kinds": ["self-intro"]}"#);
    let config: Config = panel_plugin_sdk::host::config().expect("valid configuration");
    assert_eq!(StarRubric::score_with(&config, &intro, &answer("en", STRONG_EN)).len(), 2);
    panel_plugin_sdk::testing::set_config(r#"{"kind": ["self-intro"]}"#);
    assert!(panel_plugin_sdk::host::config::<Config>().is_err());
}

#[test]
fn situations_and_results_are_found_without_cue_words() {
    // Issue 25: a situation told as a frame, results told as figures and comparisons.
    let zh = "在门店做店长时，自提区高峰期经常排长队。我按手机尾号把货架重新分了区，又在中午加派了一个人。\
        那个月门店的投诉量下降了三成。";
    let analysis = analyse(zh);
    assert!(analysis.missing.iter().all(|p| *p == Part::Task), "{:?}", analysis.missing);
    let (start, end) = analysis.quantified_result.expect("a measured result");
    assert_eq!(&zh[start..end], "三成");
    let project = analyse(
        "前年我负责厂房改造的设备安装。土建拖了一个月，我带着两个人去支援钢结构吊装，又重新排了设备进场顺序。\
         项目按期完工，额外成本控制在预算的百分之二以内。",
    );
    let (start, end) = project.quantified_result.expect("a measured result");
    assert!(["百分之二", "百分之二以内"].iter().any(|f| project_text_has(f, start, end)), "{start}..{end}");
    let english = analyse(
        "Last spring the civil works slipped a month. I took my two fitters over to help with the steel and \
         re-sequenced our deliveries, and we shipped two days early.",
    );
    assert!(!english.missing.contains(&Part::Result) && english.quantified_result.is_some(), "{english:?}");
}

fn project_text_has(figure: &str, start: usize, end: usize) -> bool {
    let text = "前年我负责厂房改造的设备安装。土建拖了一个月，我带着两个人去支援钢结构吊装，又重新排了设备进场顺序。\
         项目按期完工，额外成本控制在预算的百分之二以内。";
    &text[start..end] == figure
}

#[test]
fn a_memorised_template_the_question_parroted_and_filler_score_low() {
    let template_zh = "当时的情况是，我们门店遇到了一个顾客投诉的问题。我的任务是解决这个问题，让顾客满意。\
        我采取的行动是，首先认真倾听顾客的诉求，然后积极和相关同事沟通协调，制定了解决方案。\
        最终，问题得到了圆满解决，顾客非常满意。";
    let template_en = "In that situation, there was a problem in the store. My task was to fix the problem. The \
        action I took was to communicate with everyone, analyse the issue and implement a solution effectively. In \
        the end, the result was very good and I learned a lot.";
    let parroted = "A time I found a bottleneck and solved it. So there was a bottleneck, and I solved the \
        bottleneck, and then it was solved.";
    let filler = "Yeah, so, bottlenecks, that's a really good question actually. I mean, you get them all the \
        time, right, it's just part of the job, you know. So basically the main thing is your attitude, honestly. \
        Attitude is the main thing, really.";
    for (text, genuine) in
        [(template_zh, STRONG_ZH), (template_en, STRONG_EN), (parroted, STRONG_EN), (filler, STRONG_EN)]
    {
        let (low, high) = (analyse(text), analyse(genuine));
        assert!(low.score < 4.0 && low.score < high.score - 4.0, "{text}: {} vs {}", low.score, high.score);
    }
    let template = analyse(template_en);
    assert!(template.generic, "{template:?}");
    let scores = StarRubric::score_with(
        &Config::default(),
        &question("en", QuestionKind::Behavioural),
        &answer("en", template_en),
    );
    assert!(scores[0].explanation.contains("no specifics") || scores[0].explanation.contains("almost no specifics"));
}

#[test]
fn a_short_concrete_story_outscores_a_long_generic_one() {
    let short = "Last March our line was short two people. I moved the packer onto the press and did the packing \
        myself for the shift, and we shipped the order on time.";
    let long = "In that situation, we were short-staffed and the team had a tight target. My task was to make \
        sure the team delivered. The action I took was to communicate clearly with everyone, reallocate the tasks \
        effectively, motivate the team and step in myself where needed. In the end, the result was that we \
        delivered everything successfully, my manager was very happy, and I learned a lot about teamwork and \
        leadership from this valuable experience.";
    assert!(analyse(short).score > analyse(long).score + 1.0, "{} vs {}", analyse(short).score, analyse(long).score);
}
