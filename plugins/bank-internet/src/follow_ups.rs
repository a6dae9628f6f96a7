//! When to probe a behavioural answer further. Rules are tried in order and the
//! first that fits wins, so each answer gets at most one follow-up.
//!
//! Cues are matched case-insensitively as substrings (see
//! [`FollowUpRule`]): Chinese ones are set phrases, English ones stems.

use panel_plugin_sdk::QuestionKind::Behavioural;
use panel_plugin_sdk::bank::FollowUpRule;

/// A launch or experiment that did not work out: what was learned from it.
/// Skipped when the candidate already says what they took away.
const LEARNED: FollowUpRule = FollowUpRule::new(
    "learned",
    &[Behavioural],
    &[
        "失败",
        "没成功",
        "没有成功",
        "不及预期",
        "没达到预期",
        "没有达到预期",
        "效果不好",
        "效果不理想",
        "没什么效果",
        "没有效果",
        "数据很差",
        "负向",
        "回滚",
        "下线了",
        "fail",
        "didn't work",
        "did not work",
        "flopped",
        "rolled back",
        "roll it back",
        "negative result",
        "underperform",
        "missed the target",
        "missed our target",
        "didn't move the",
        "did not move the",
        "shut it down",
    ],
    "这件事的结果不如预期，你从中学到了什么？之后你在做法上具体改变了哪些地方？",
    "It did not turn out as hoped. What did you learn from it, and what did you change in the way you work afterwards?",
)
.unless(&[
    "学到",
    "教训",
    "吸取",
    "从那以后",
    "后来我都会",
    "现在我会",
    "i learned",
    "i learnt",
    "lesson",
    "since then",
    "from then on",
    "now i always",
])
.dimensions(&["learning", "responsibility"]);

/// A product decision (to build, launch or cut something) told without any
/// evidence behind it: how the candidate knew users needed it, and how they
/// measured it. Its cues are product moves, not every "we decided", so a story
/// about splitting work between teams is not asked about users.
const EVIDENCE: FollowUpRule = FollowUpRule::new(
    "evidence",
    &[Behavioural],
    &[
        "决定做",
        "决定上",
        "决定加",
        "决定砍",
        "拍板",
        "上线",
        "推出",
        "改版",
        "新功能",
        "decided to build",
        "decided to launch",
        "decided to add",
        "decided to drop",
        "decided to cut",
        "launched",
        "shipped",
        "rolled out",
        "redesign",
        "new feature",
        "built a feature",
        "added a feature",
    ],
    "你是怎么判断用户确实需要它的？当时用什么指标来衡量它做得好不好？",
    "How did you know users actually needed it, and which metric told you whether it worked?",
)
.unless(&[
    "数据",
    "指标",
    "转化",
    "留存",
    "日活",
    "月活",
    "点击率",
    "漏斗",
    "埋点",
    "调研",
    "访谈",
    "问卷",
    "实验",
    "灰度",
    "用户反馈",
    "%",
    "data",
    "metric",
    "conversion",
    "retention",
    "click-through",
    "funnel",
    "analytics",
    "research",
    "interview",
    "survey",
    "experiment",
    "a/b",
    "feedback",
    "per cent",
    "percent",
])
.dimensions(&["user-focus", "problem-solving"]);

/// The bank's follow-up rules, in the order they are tried.
pub const RULES: &[FollowUpRule] = &[LEARNED, EVIDENCE];
