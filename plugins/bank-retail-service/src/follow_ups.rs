//! When to probe a behavioural answer further. Rules are tried in order and the
//! first that fits wins, so each answer gets at most one follow-up.
//!
//! Cues are matched case-insensitively as substrings (see
//! [`FollowUpRule`]): Chinese ones are set phrases, English ones stems.

use panel_plugin_sdk::QuestionKind::Behavioural;
use panel_plugin_sdk::bank::FollowUpRule;

/// What a complaint story is about: an unhappy customer.
const COMPLAINT: &[&str] = &[
    "投诉",
    "不满",
    "生气",
    "发火",
    "吵",
    "骂",
    "差评",
    "退货",
    "退款",
    "complain",
    "angry",
    "upset",
    "furious",
    "shout",
    "yell",
    "refund",
    "bad review",
];

/// An answer that puts the fault on the customer: how the candidate would
/// handle it differently. Tried first: it matters more than the story's ending,
/// and blaming answers are usually complaint stories too. Skipped when the
/// candidate already looks back at their own part.
const HANDLE_DIFFERENTLY: FollowUpRule = FollowUpRule::new(
    "handle-differently",
    &[Behavioural],
    &[
        "无理取闹",
        "不讲理",
        "胡搅蛮缠",
        "素质太差",
        "素质很差",
        "没素质",
        "找茬",
        "故意找事",
        "奇葩",
        "顾客太",
        "客人太",
        "是顾客的问题",
        "是客户的问题",
        "是他自己的问题",
        "是她自己的问题",
        "不是我的错",
        "不怪我",
        "unreasonable",
        "their fault",
        "his fault",
        "her fault",
        "customer's fault",
        "not my fault",
        "wasn't my fault",
        "impossible to please",
        "just wanted to complain",
        "just looking for trouble",
    ],
    "如果再遇到同样的情况，你会有哪些不同的处理方式？",
    "If the same thing happened again, what would you do differently?",
)
.unless(&[
    "换位思考",
    "站在顾客的角度",
    "站在他的角度",
    "我也有做得不好",
    "下次我会",
    "如果重来",
    "looking back",
    "in hindsight",
    "next time i would",
    "next time i'd",
    "i could have",
])
.dimensions(&["empathy", "customer-focus"]);

/// A complaint story that stops before the customer's side of the ending.
const CUSTOMER_AT_THE_END: FollowUpRule = FollowUpRule::new(
    "customer-at-the-end",
    &[Behavioural],
    COMPLAINT,
    "事情处理完的时候，这位顾客的情绪和态度怎么样？你是怎么知道的？",
    "How did the customer feel by the end, and how could you tell?",
)
.unless(&[
    // Not a bare 满意 or "happy": 不满意 and "unhappy" tell the complaint itself.
    "很满意",
    "挺满意",
    "非常满意",
    "比较满意",
    "满意地",
    "谢谢",
    "感谢",
    "消气",
    "气消",
    "平静下来",
    "理解了",
    "接受了",
    "笑着",
    "好评",
    "回头客",
    "satisfied",
    "thank",
    "calmed down",
    "happy in the end",
    "left happy",
    "was happy",
    "smil",
    "accepted",
    "came back",
    "good review",
])
.dimensions(&["empathy", "customer-focus"]);

/// A complaint story without what was changed afterwards, so the same problem
/// does not come back.
const PREVENT_RECURRENCE: FollowUpRule = FollowUpRule::new(
    "prevent-recurrence",
    &[Behavioural],
    COMPLAINT,
    "事后你或者门店做了哪些改变，避免同样的问题再次发生？",
    "What did you or the store change afterwards so that the same thing would not happen again?",
)
.unless(&[
    "避免",
    "防止",
    "再也没",
    "之后我们",
    "后来我们",
    "我们后来",
    "从那以后",
    "改进",
    "改成",
    // Not a bare 流程: 按流程处理 is how the complaint was handled, not a change.
    "改了流程",
    "调整了流程",
    "优化了流程",
    "做了培训",
    "加了培训",
    "prevent",
    "never happened again",
    "so it would not",
    "so it wouldn't",
    "since then",
    "afterwards we",
    "we changed",
    "now we",
])
.dimensions(&["responsibility", "problem-solving"]);

/// The bank's follow-up rules, in the order they are tried.
pub const RULES: &[FollowUpRule] = &[HANDLE_DIFFERENTLY, CUSTOMER_AT_THE_END, PREVENT_RECURRENCE];
