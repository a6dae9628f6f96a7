//! The bank's questions and follow-up rules. Each question has a Chinese and an
//! English text, the dimensions it measures and its time limit in seconds.

use panel_plugin_sdk::QuestionKind::{Behavioural as B, CultureFit as C, Open as O, SelfIntro as S};
use panel_plugin_sdk::bank::{Entry, FollowUpRule};

/// The bank's questions, by section.
pub const ENTRIES: &[Entry] = &[
    Entry::new(
        "intro",
        S,
        &["communication"],
        "请用两分钟做一个自我介绍，重点讲讲与这个岗位相关的经历。",
        "Please introduce yourself in two minutes, focusing on the experience most relevant to this role.",
        120,
    ),
    Entry::new(
        "skill-hard-problem",
        B,
        &["professional-skill", "problem-solving"],
        "请讲一次你用专业知识解决一个棘手问题的经历：当时的情况、你的任务、你具体做了什么、结果如何？",
        "Tell us about a time you used your professional expertise to solve a difficult problem: the situation, your task, what you did and the result.",
        180,
    ),
    Entry::new(
        "skill-quality",
        B,
        &["professional-skill", "responsibility"],
        "请讲一次你发现工作成果存在质量问题的经历。你是怎么发现的，又是怎么处理的？",
        "Describe a time you found a quality problem in work that was already done. How did you find it and what did you do?",
        180,
    ),
    Entry::new(
        "team-conflict",
        B,
        &["teamwork", "communication"],
        "请讲一次你和同事在工作方法上意见不一致的经历。你是怎么处理的，结果如何？",
        "Tell us about a time you disagreed with a colleague about how to do the work. How did you handle it and how did it end?",
        180,
    ),
    Entry::new(
        "team-goal-first",
        B,
        &["teamwork", "responsibility"],
        "请讲一次你把团队目标放在个人利益之前的经历。",
        "Describe a time you put the team's goal before your own interest.",
        180,
    ),
    Entry::new(
        "problem-root-cause",
        B,
        &["problem-solving"],
        "请讲一次你找到一个反复出现的问题的根本原因的经历。你用了什么方法？",
        "Tell us about a time you found the root cause of a problem that kept coming back. How did you go about it?",
        180,
    ),
    Entry::new(
        "problem-limited-time",
        B,
        &["problem-solving", "responsibility"],
        "请讲一次你在时间很紧、信息不全的情况下做决定的经历。",
        "Describe a time you had to decide with little time and incomplete information.",
        180,
    ),
    Entry::new(
        "resp-failure",
        B,
        &["responsibility", "learning"],
        "请讲一次你负责的工作没有达到预期的经历。你做了什么，之后有什么改变？",
        "Tell us about a time something you were responsible for did not go as planned. What did you do, and what changed afterwards?",
        180,
    ),
    Entry::new(
        "resp-beyond-role",
        B,
        &["responsibility"],
        "请讲一次你主动承担职责范围以外工作的经历。",
        "Describe a time you took on work beyond your role without being asked.",
        180,
    ),
    Entry::new(
        "comm-difficult",
        B,
        &["communication"],
        "请讲一次你需要说服一个持不同意见的人的经历。你是怎么做的？",
        "Tell us about a time you had to persuade someone who disagreed with you. How did you do it?",
        180,
    ),
    Entry::new(
        "learn-fast",
        B,
        &["learning"],
        "请讲一次你在很短时间内学会一项新技能或新知识并用到工作中的经历。",
        "Describe a time you had to learn a new skill quickly and put it to use at work.",
        180,
    ),
    Entry::new(
        "lead-team",
        B,
        &["leadership", "teamwork"],
        "请讲一次你带领团队完成一个困难目标的经历。你是如何分工和激励大家的？",
        "Tell us about a time you led a team to a difficult goal. How did you divide the work and keep people motivated?",
        180,
    ),
    Entry::new(
        "customer-upset",
        B,
        &["customer-focus", "communication"],
        "请讲一次你处理客户强烈不满的经历。",
        "Describe a time you dealt with a very unhappy customer.",
        180,
    ),
    Entry::new(
        "culture-integrity",
        C,
        &["integrity"],
        "如果你发现同事为了完成指标而虚报数据，你会怎么做？为什么？",
        "If you found a colleague reporting false figures to meet a target, what would you do, and why?",
        120,
    ),
    Entry::new(
        "culture-values",
        C,
        &["culture-fit"],
        "你最看重一个团队的哪些价值观？请结合你的经历说明。",
        "Which values matter most to you in a team? Explain with your own experience.",
        120,
    ),
    Entry::new(
        "culture-pressure",
        C,
        &["responsibility", "culture-fit"],
        "当工作要求和个人安排冲突时，你通常怎么取舍？",
        "When work demands clash with your personal plans, how do you usually decide?",
        120,
    ),
    Entry::new(
        "open-first-90",
        O,
        &["motivation"],
        "如果你加入我们，前三个月你打算怎么开展工作？",
        "If you join us, how would you approach your first three months?",
        150,
    ),
    Entry::new(
        "open-why-role",
        O,
        &["motivation"],
        "你为什么对这个岗位感兴趣？你希望在这里获得什么？",
        "Why does this role interest you, and what do you hope to gain here?",
        120,
    ),
];

/// An answer telling of a failure: ask what was learned. Tried first, because a
/// failure story usually has an ending, just not a good one.
const FAILURE_CUES: &[&str] = &[
    "失败",
    "没成功",
    "没有成功",
    "搞砸",
    "出错",
    "没做好",
    "未能",
    "延期",
    "failed",
    "failure",
    "didn't work",
    "did not work",
    "mistake",
    "went wrong",
    "missed the deadline",
];

/// Words of an answer that reaches a result; without any, ask for it.
const RESULT_CUES: &[&str] = &[
    "结果",
    "最终",
    "最后",
    "提升",
    "降低",
    "减少",
    "成功",
    "result",
    "in the end",
    "finally",
    "increased",
    "reduced",
    "improved",
    "delivered",
];

/// Follow-ups to behavioural answers, at most one per answer, tried in order.
pub const FOLLOW_UPS: &[FollowUpRule] = &[
    FollowUpRule::new(
        "learned",
        &[B],
        FAILURE_CUES,
        "从这次经历中你学到了什么？之后你在做法上具体做了哪些改变？",
        "What did you learn from that, and what did you do differently afterwards?",
    )
    .dimensions(&["learning", "responsibility"]),
    FollowUpRule::new(
        "result",
        &[B],
        &[],
        "最后的结果怎么样？你是如何判断这个结果的？",
        "What was the result in the end, and how did you know?",
    )
    .unless(RESULT_CUES)
    .unless_result_told(),
];
