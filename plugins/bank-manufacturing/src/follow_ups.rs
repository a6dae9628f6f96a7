//! Follow-ups a plant manager would ask, tried in order, at most one per
//! answer: a safety story must end in a lasting fix; a failure in a lesson; an
//! improvement in figures; any story in a result.

use panel_plugin_sdk::QuestionKind::{Behavioural as B, CultureFit as C};
use panel_plugin_sdk::bank::FollowUpRule;

/// Words of a safety incident, near-miss or hazard.
const SAFETY_CUES: &[&str] = &[
    "事故",
    "受伤",
    "工伤",
    "隐患",
    "未遂",
    "险肇",
    "夹伤",
    "划伤",
    "烫伤",
    "accident",
    "injur",
    "near miss",
    "near-miss",
    "hazard",
    "unsafe",
];

/// Words of a lasting fix: the rule has nothing to ask.
const PREVENTION_CUES: &[&str] = &[
    "防止再次",
    "杜绝",
    "再也没有",
    "再没发生",
    "防呆",
    "纳入标准",
    "更新了作业指导书",
    "加装",
    "never happened again",
    "poka-yoke",
    "mistake-proof",
    "prevent it",
    "so it could not",
    "updated the sop",
    "added a guard",
];

/// Words of something that went wrong.
const FAILURE_CUES: &[&str] = &[
    "失败",
    "没成功",
    "没有成功",
    "搞砸",
    "没做好",
    "没达到",
    "未能",
    "批量报废",
    "客户退货",
    "failed",
    "failure",
    "didn't work",
    "did not work",
    "went wrong",
    "scrapped",
    "missed the target",
];

/// Words of an improvement.
const IMPROVEMENT_CUES: &[&str] =
    &["改善", "提升", "提高", "优化", "降低", "减少", "缩短", "improv", "increase", "reduce", "cut ", "faster"];

/// Words of a measured improvement: a figure, a rate, a metric.
const MEASURE_CUES: &[&str] = &[
    "%",
    "％",
    "百分之",
    "倍",
    "oee",
    "良率",
    "直通率",
    "合格率",
    "不良率",
    "节拍",
    "ppm",
    "万元",
    "提高到",
    "提升到",
    "降到",
    "降低到",
    "减少到",
    "缩短到",
    "per shift",
    "per hour",
    "percent",
    "yield",
    "takt",
    "went from",
    "rose to",
    "fell to",
    "dropped to",
    "down to",
];

/// Words of an answer that reaches a result.
/// A figure counts too: "节拍降到 48 秒" is a result.
const RESULT_CUES: &[&str] = &[
    "结果",
    "最终",
    "最后",
    "后来",
    "达到",
    "%",
    "降到",
    "提高到",
    "提升到",
    "result",
    "in the end",
    "finally",
    "eventually",
    "reached",
    "went from",
    "down to",
];

/// The bank's follow-up rules, most telling first.
pub const FOLLOW_UPS: &[FollowUpRule] = &[
    FollowUpRule::new(
        "prevent-recurrence",
        &[B, C],
        SAFETY_CUES,
        "这件事之后，你们具体做了哪些改变，比如设备防护、作业流程、培训或者标准，来确保同样的事情不会再发生？",
        "After that, what exactly was changed (guarding, procedures, training or standards) to make sure it could not happen again?",
    )
    .unless(PREVENTION_CUES)
    .dimensions(&["safety", "continuous-improvement"]),
    FollowUpRule::new(
        "learned",
        &[B],
        FAILURE_CUES,
        "从这次经历中你学到了什么？之后你在做法上具体做了哪些改变？",
        "What did you learn from that, and what did you do differently afterwards?",
    )
    .dimensions(&["learning", "responsibility"]),
    FollowUpRule::new(
        "measured",
        &[B],
        IMPROVEMENT_CUES,
        "这个改善的效果是怎么衡量的？比如 OEE、良率或者每班产量，改善前后分别是多少？",
        "How did you measure the improvement? For example OEE, yield or output per shift: what were the figures before and after?",
    )
    .unless(MEASURE_CUES)
    .unless_result_measured()
    .dimensions(&["continuous-improvement"]),
    FollowUpRule::new(
        "result",
        &[B],
        &[],
        "最后的结果怎么样？你是怎么判断问题真正解决了的？",
        "What was the result in the end, and how did you know the problem was really solved?",
    )
    .unless(RESULT_CUES)
    .unless_result_told(),
];
