//! Follow-ups an experienced SOE interviewer would ask, tried in order, at most
//! one per answer. Values questions invite slogans ("集体利益高于一切"), so
//! the first probe is for a real event; the second tests whether putting the
//! team first was a real choice; the last asks for a missing result.

use panel_plugin_sdk::QuestionKind::{Behavioural as B, CultureFit as C};
use panel_plugin_sdk::bank::FollowUpRule;

/// Words of an answer that speaks of beliefs and intentions.
const ATTITUDE_CUES: &[&str] = &[
    "我认为",
    "我觉得",
    "我一直",
    "我始终",
    "我会",
    "应该",
    "一定要",
    "必须",
    "我相信",
    "我是一个",
    "i believe",
    "i think",
    "i always",
    "i would",
    "should",
    "i'm someone who",
    "i am someone who",
    "in my opinion",
];

/// Words that place an answer in a real event.
const EVENT_CUES: &[&str] = &[
    "那次",
    "有一次",
    "当时",
    "那年",
    "去年",
    "前年",
    "那天",
    "上个月",
    "年初",
    "年底",
    "记得",
    "once",
    "one time",
    "that time",
    "at the time",
    "last year",
    "that year",
    "that day",
    "one day",
    "when i was",
    "back then",
];

/// Words of a choice between one's own interest and the team's.
const SACRIFICE_CUES: &[&str] = &[
    "个人利益",
    "集体利益",
    "牺牲",
    "放弃了",
    "取消了休假",
    "取消休假",
    "顾全大局",
    "让给",
    "my own interest",
    "gave up",
    "sacrificed",
    "cancelled my leave",
    "cancelled my holiday",
    "put the team first",
    "team's interest",
];

/// Words of an answer that already weighs the cost.
const COST_CUES: &[&str] =
    &["代价", "值得", "还会这样", "再来一次", "the cost", "it cost me", "worth it", "do it again", "same choice"];

/// Words of an answer that reaches a result.
const RESULT_CUES: &[&str] = &[
    "结果",
    "最终",
    "最后",
    "后来",
    "完成了",
    "result",
    "in the end",
    "finally",
    "eventually",
    "turned out",
    "completed",
    "delivered",
];

/// The bank's follow-up rules, most telling first.
pub const FOLLOW_UPS: &[FollowUpRule] = &[
    FollowUpRule::new(
        "specific-time",
        &[B, C],
        ATTITUDE_CUES,
        "你谈的主要是态度和想法。能不能讲一次你亲身经历的具体事例：什么时候、什么情况下，你具体是怎么做的？",
        "You have told us what you believe. Can you give one specific time you actually faced this: when it was, what the situation was, and what you did?",
    )
    .unless(EVENT_CUES),
    FollowUpRule::new(
        "cost",
        &[B, C],
        SACRIFICE_CUES,
        "这样做让你个人付出了什么代价？如果再遇到同样的情况，你还会这样选择吗？为什么？",
        "What did that choice cost you personally? If the same situation came up again, would you choose the same way, and why?",
    )
    .unless(COST_CUES)
    .dimensions(&["team-first", "loyalty"]),
    FollowUpRule::new(
        "result",
        &[B],
        &[],
        "这件事最后的结果怎么样？领导和同事是怎么评价的？",
        "How did it end, and how did your manager and colleagues see it?",
    )
    .unless(RESULT_CUES)
    .unless_result_told(),
];
