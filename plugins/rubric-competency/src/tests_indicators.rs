//! The built-in indicators on realistic answers that tell of common, genuine
//! behaviours in everyday words (organising both sides, chairing a weekly
//! review, reworking a rota, walking a team through something), in Chinese
//! and English, and on the same words when they are only claimed.

use panel_plugin_sdk::{Effect, JobProfile, Question, QuestionKind};

use super::*;

fn score(dimension: &str, text: &str) -> DimensionScore {
    let locale = if text.is_ascii() { "en" } else { "zh-CN" };
    let job = JobProfile {
        id: "job".into(),
        title: "Supervisor".into(),
        industry: "manufacturing".into(),
        locale: locale.into(),
        key_role: false,
        dimensions: Vec::new(),
        description: String::new(),
    };
    let question = Question::new("q", QuestionKind::Behavioural, locale, "讲一个经历。", &[dimension], 180);
    let scores =
        CompetencyRubric::score_with(&Config::default(), &job, &question, &tests::answer(text)).expect("scores");
    scores.into_iter().next().expect("a score for a built-in dimension")
}

/// The labels of the behaviours an answer was credited with.
fn shown(scored: &DimensionScore) -> Vec<String> {
    let credited = scored.evidence.iter().filter(|e| e.effect == Effect::Positive);
    let mut labels: Vec<String> =
        credited.map(|e| e.label.split(['：', ':']).next().unwrap_or_default().to_owned()).collect();
    labels.dedup();
    labels
}

const HANDOVER_ZH: &str = "去年夏天，白班和夜班因为交接不清经常争吵，有一次夜班不知道一副模具刚修过，差点批量报废。\
    我负责把交接理顺。我先分别找两个班的班长聊，听他们各自的顾虑，然后组织双方一起梳理出一张交接清单，\
    写明设备状态、质量异常和待办事项。我在交接时当面给大家讲解了清单怎么填，并且每周主持一次交接复盘，\
    把发现的问题反馈给双方。三个月内交接失误减少了七成，两个班后来还互相顶过班。";
const HANDOVER_EN: &str = "Last summer the day and night shifts kept arguing over handovers, and once the night \
    shift did not know a die had just been repaired and nearly scrapped a whole batch. I was responsible for fixing \
    the handover. I first talked to the two shift leads separately and listened to each side's concerns, then I \
    brought both shifts together to write one handover checklist covering machine status, quality issues and open \
    tasks. I walked everyone through how to fill it in at the handover itself, and I ran a weekly handover review \
    and fed back what we found to both shifts. Within three months handover errors fell by 70%, and the two shifts \
    have since covered for each other.";

#[test]
fn organising_both_sides_and_chairing_reviews_is_communication_and_teamwork() {
    // One sentence, one behaviour each (it scored communication 0.0 before).
    let short = "去年我组织双方一起梳理了交接清单，并且每周主持了一次复盘。";
    assert!(score("communication", short).score >= 4.0, "{:?}", score("communication", short));
    assert!(score("teamwork", short).score >= 3.0);
    for text in [HANDOVER_ZH, HANDOVER_EN] {
        let communication = score("communication", text);
        assert!(communication.score >= 7.5 && communication.confidence >= 0.6, "{communication:?}");
        let teamwork = score("teamwork", text);
        assert!(teamwork.score >= 7.5, "{teamwork:?}");
    }
    let english = shown(&score("communication", HANDOVER_EN));
    for behaviour in ["listened first", "explained clearly", "brought the parties together"] {
        assert!(english.iter().any(|l| l == behaviour), "{behaviour} in {english:?}");
    }
}

#[test]
fn reworking_the_rota_and_covering_a_station_is_teamwork() {
    let zh = "前年旺季班组里一下有六个人请了病假。我先把大家召集起来说明情况，听取了每个人的想法，然后重新排班，\
        把熟练工和新人搭配在一起，又和隔壁班组商量借来两名员工支援。我自己每天顶了一个工位。";
    let en = "Two years ago six people on my team went off sick at once. I brought the team together to explain the \
        situation and listened to everyone's ideas, then I reworked the rota, paired experienced operators with new \
        ones, and agreed with the neighbouring team to borrow two of their people. I covered a station myself.";
    for text in [zh, en] {
        let teamwork = score("teamwork", text);
        assert!(teamwork.score >= 8.0, "{teamwork:?}");
        let labels = shown(&teamwork);
        assert!(labels.iter().any(|l| l == "调配人手、分工协作" || l == "organised the work between people"));
    }
}

#[test]
fn seeing_a_fix_through_and_owning_up_is_responsibility() {
    let zh = "去年年底盘点时，我发现洗护类商品的库存比系统少了三千多元。我当天就向区域经理如实汇报了，\
        承认是我对新员工培训不到位。然后我组织收银员重新培训，之后我每周抽查，三个月内差异降到了两百元以内。";
    let en = "At the year-end stock count I found our stock was 3,000 yuan short. That same day I reported it to \
        the area manager and admitted that I had not trained the new cashiers well enough. I retrained the cashiers, \
        I spot-checked every week afterwards, and I turned the checks into a template for the other stores.";
    for text in [zh, en] {
        let responsibility = score("responsibility", text);
        assert!(responsibility.score >= 7.0, "{responsibility:?}");
    }
}

#[test]
fn a_mistake_in_the_result_is_not_an_admitted_mistake() {
    // 失误 in "handover errors fell" is an outcome, not owning up to one's own.
    let scored = score("responsibility", "结果三个月内我们的交接失误减少了70%。");
    assert_eq!(scored.score, 0.0, "{scored:?}");
}

#[test]
fn the_new_phrases_count_only_when_narrated_as_behaviour() {
    let claims = [
        ("communication", "我善于组织双方对齐，也喜欢主持复盘，沟通能力很强。"),
        ("teamwork", "我很会调配人手，排班和分工都是我的强项。"),
        ("communication", "I am good at bringing both sides together and I like to walk people through things."),
        ("responsibility", "I always make sure things get done and I spot-check everything."),
    ];
    for (dimension, text) in claims {
        let scored = score(dimension, text);
        assert_eq!(scored.score, 0.0, "{dimension}: {scored:?}");
    }
    let negated = score("communication", "去年我没有组织双方开会，也没有主持复盘。");
    assert_eq!(negated.score, 0.0, "{negated:?}");
}

#[test]
fn product_and_retail_craft_counts_as_professional_skill() {
    let zh = "去年支付成功率突然下滑，我把失败订单按银行和机型拆开统计，又对比了新旧版本的埋点数据，\
        定位到短信验证码的超时被改短了。我和研发改回了超时，先灰度上线验证。";
    let en = "Last year our payment success rate dropped. I broke the failed orders down by bank and device, \
        compared the tracking data of the two releases and pinpointed a shorter SMS timeout. We restored it and I \
        rolled it out to 10% of users first.";
    for text in [zh, en] {
        let skill = score("professional-skill", text);
        assert!(skill.score >= 6.0, "{skill:?}");
    }
}

#[test]
fn a_learning_story_told_in_everyday_words_is_learning() {
    // Issue 25: this story scored 0 on learning.
    let text = "When I moved into analytics I only knew Excel. I read the data warehouse documentation end to end \
        in the first week, rebuilt one old report every evening on the test database, and asked a senior analyst \
        to review each query I wrote. By week five I was producing the weekly report on my own.";
    let learning = score("learning", text);
    assert!(learning.score >= 6.0, "{learning:?}");
}

#[test]
fn a_behaviour_needs_the_behaviour_told_not_the_verb_alone() {
    // A bare verb tells no behaviour; an actor doing it to something does.
    assert_eq!(score("problem-solving", "去年我调整了。").score, 0.0);
    assert_eq!(score("teamwork", "Last year I helped.").score, 0.0);
    assert!(score("problem-solving", "去年我把夜班的排班表调整了。").score >= 4.0);
    assert!(score("teamwork", "Last year I helped a new colleague set up the Tuesday rota.").score >= 4.0);
}

#[test]
fn behaviours_a_template_lists_in_general_words_add_up_to_less_than_one_told_concretely() {
    let template = "当时的情况是，团队遇到了问题。我采取的行动是，首先认真倾听大家的意见，然后积极沟通协调，\
        耐心讲解，说服了对方，最后达成了共识。";
    let concrete = "去年两个班组为交接吵了起来，我先分别找两个班长聊了半小时，听他们讲夜班缺的那张点检记录。";
    let (generic, told) = (score("communication", template), score("communication", concrete));
    assert!(generic.score < told.score, "{} vs {}", generic.score, told.score);
    assert!(generic.score < 3.0, "{generic:?}");
    assert!(generic.explanation.contains("笼统"), "{}", generic.explanation);
}
