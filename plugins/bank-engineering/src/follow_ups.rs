//! When to probe a behavioural answer further. Rules are tried in order and the
//! first that fits wins, so each answer gets at most one follow-up.
//!
//! Cues are matched case-insensitively as substrings (see
//! [`FollowUpRule`]): Chinese ones are set phrases, English ones stems.

use panel_plugin_sdk::QuestionKind::Behavioural;
use panel_plugin_sdk::bank::FollowUpRule;

/// An incident or outage told without what stops it happening again: its root
/// cause and the change made afterwards. Tried before [`SPECIFICS`]: when an
/// incident is also told vaguely, how its recurrence was prevented is the more
/// important gap.
const ROOT_CAUSE: FollowUpRule = FollowUpRule::new(
    "root-cause",
    &[Behavioural],
    &[
        "故障",
        "事故",
        "宕机",
        "挂了",
        "崩了",
        "崩溃",
        "线上问题",
        "停机",
        "停产",
        "服务不可用",
        "告警",
        "报警",
        "回滚",
        "incident",
        "outage",
        "went down",
        "crash",
        "downtime",
        "production issue",
        "production bug",
        "paged",
        "rolled back",
        "roll back",
    ],
    "这次问题的根本原因是什么？事后你们具体做了哪些改变，防止同类问题再次发生？",
    "What was the root cause, and what exactly did you change afterwards to stop it happening again?",
)
.unless(&[
    "防止",
    "避免再",
    "避免类似",
    "避免同类",
    "杜绝",
    "再也没",
    "没有再出现",
    "加了监控",
    "加了告警",
    "整改",
    "改进措施",
    "prevent",
    "never happened again",
    "hasn't happened since",
    "has not happened since",
    "so it can't happen",
    "so it cannot happen",
    "we added monitoring",
    "added an alert",
    "added a test",
])
.dimensions(&["responsibility", "problem-solving"]);

/// A technical story told in generalities ("optimised it a bit", "fixed it"):
/// the specific decision, and what else was considered. Skipped once the answer
/// weighs options or gives its reasons.
const SPECIFICS: FollowUpRule = FollowUpRule::new(
    "specifics",
    &[Behavioural],
    &[
        "优化了一下",
        "做了一些优化",
        "做了些优化",
        "改了一下",
        "调整了一下",
        "处理了一下",
        "用了一些",
        "各种方法",
        "想了一些办法",
        "想办法解决",
        "搞定了",
        "就好了",
        "optimised it",
        "optimized it",
        "some optimi",
        "some changes",
        "various",
        "some techniques",
        "some tools",
        "fixed it",
        "sorted it out",
        "found a way",
        "tweaked",
    ],
    "能具体说说你当时做的关键技术决定是什么吗？还考虑过哪些其他方案？为什么没有选它们？",
    "Can you be specific about the key technical decision you made? Which alternatives did you consider, and why did you not choose them?",
)
.unless(&[
    "因为",
    "而不是",
    "相比",
    "对比",
    "权衡",
    "另一种方案",
    "两种方案",
    "几种方案",
    "because",
    "instead of",
    "rather than",
    "compared",
    "alternative",
    "trade-off",
    "tradeoff",
    "the other option",
])
.dimensions(&["professional-skill", "logical-reasoning"]);

/// The bank's follow-up rules, in the order they are tried.
pub const RULES: &[FollowUpRule] = &[ROOT_CAUSE, SPECIFICS];
