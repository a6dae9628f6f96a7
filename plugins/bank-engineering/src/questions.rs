//! The bank's questions for software, hardware, civil and mechanical
//! engineers. Each has a Chinese and an English text, the dimensions it
//! measures and its time limit in seconds.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::Entry;

use QuestionKind::{Behavioural as B, CultureFit as C, Open as O, SelfIntro as S};

/// The bank's questions: the self-introduction, behavioural questions grouped by what
/// they probe, then culture-fit and open questions.
pub const ENTRIES: &[Entry] = &[
    Entry::new(
        "intro",
        S,
        &["communication", "professional-skill"],
        "请用两分钟做个自我介绍，重点讲讲你的技术方向，以及你做过的技术难度最大的一个项目。",
        "Please introduce yourself in two minutes: your technical field and the most technically demanding project you have worked on.",
        120,
    ),
    // Professional skill: debugging, design decisions, depth.
    Entry::new(
        "skill-hard-bug",
        B,
        &["professional-skill", "logical-reasoning"],
        "请讲一次你排查一个很难定位的故障或 bug 的经历。当时有哪些现象？你是怎么一步步缩小范围、找到原因的？",
        "Tell us about the hardest fault or bug you have had to track down. What were the symptoms, and how did you narrow it down, step by step, to the cause?",
        240,
    ),
    Entry::new(
        "skill-design-decision",
        B,
        &["professional-skill", "problem-solving"],
        "请讲一次你在技术方案或设计上做关键决定的经历。当时有哪几种可选方案？你最后选了哪个，为什么？",
        "Describe a key technical or design decision you made. What options were on the table, which one did you choose, and why?",
        240,
    ),
    Entry::new(
        "skill-depth",
        B,
        &["professional-skill", "learning"],
        "请讲一个你在自己专业领域里钻得最深的技术问题。当时为什么要深挖下去？最后解决到了什么程度？",
        "Tell us about the technical problem in your field that you went deepest into. Why did you need to dig that far, and how far did you get?",
        210,
    ),
    // Logical reasoning: diagnosis and trade-offs.
    Entry::new(
        "reason-trade-off",
        B,
        &["logical-reasoning", "problem-solving"],
        "请讲一次你必须在性能、成本、工期和质量之间做取舍的经历。你是怎么权衡的？现在回头看，这个取舍对吗？",
        "Tell us about a time you had to trade performance, cost, schedule and quality off against one another. How did you weigh them, and looking back, was it the right call?",
        210,
    ),
    Entry::new(
        "reason-root-cause",
        B,
        &["problem-solving", "logical-reasoning"],
        "请讲一次同一个问题临时处理后又反复出现的经历。你是怎么找到根本原因的？又是怎么验证的？",
        "Describe a problem that kept coming back after every quick fix. How did you find the root cause, and how did you prove it?",
        210,
    ),
    // Learning new technology quickly.
    Entry::new(
        "learn-new-tech",
        B,
        &["learning", "professional-skill"],
        "请讲一次因为项目需要，你在短时间内掌握一门新技术、新工具或新规范的经历。你是怎么学的？用到项目里效果怎么样？",
        "Describe a time a project needed you to pick up a new technology, tool or standard quickly. How did you learn it, and how did it work out in the project?",
        180,
    ),
    // Responsibility: incidents and quality.
    Entry::new(
        "resp-incident",
        B,
        &["responsibility", "problem-solving"],
        "请讲一次你负责的系统、设备或工程出现线上事故或现场质量问题的经历。你当时做了什么？事后是怎么复盘的？",
        "Tell us about an incident in production, or a quality problem on site, in a system, machine or structure you were responsible for. What did you do at the time, and how did you review it afterwards?",
        240,
    ),
    Entry::new(
        "resp-hidden-risk",
        B,
        &["responsibility", "professional-skill"],
        "请讲一次你在交付前发现了隐患，坚持把问题解决了再交付的经历，哪怕当时进度很紧。",
        "Describe a time you found a hidden risk before delivery and insisted on fixing it first, even though the schedule was tight.",
        180,
    ),
    Entry::new(
        "resp-estimate-slip",
        B,
        &["responsibility", "communication"],
        "请讲一次你对工作量或技术难度估计不足、导致进度出现风险的经历。发现之后你是怎么处理的？",
        "Tell us about a time you underestimated how much work or how difficult something was, and the schedule was at risk. What did you do once you realised?",
        180,
    ),
    // Teamwork: reviews, disagreement, other disciplines.
    Entry::new(
        "team-review-disagreement",
        B,
        &["teamwork", "communication"],
        "请讲一次你在代码评审、图纸会审或设计评审中，和同事在技术意见上有分歧的经历。你们是怎么讨论的？最后怎么定的？",
        "Tell us about a code review, drawing review or design review where you and a colleague disagreed on a technical point. How did you argue it out, and what was decided?",
        180,
    ),
    Entry::new(
        "team-cross-discipline",
        B,
        &["teamwork", "problem-solving"],
        "请讲一次你需要和其他专业或部门（比如产品、测试、生产、施工方）紧密配合才能完成任务的经历。过程中遇到了什么困难？你是怎么推动的？",
        "Describe a time you could only get the job done by working closely with another discipline or department, such as product, testing, production or the site contractor. What got in the way, and how did you move things forward?",
        210,
    ),
    Entry::new(
        "team-help-colleague",
        B,
        &["teamwork", "leadership"],
        "请讲一次你帮团队里的同事攻克技术难题，或者带新人快速上手的经历。",
        "Describe a time you helped a teammate through a hard technical problem or got a new joiner up to speed.",
        180,
    ),
    Entry::new(
        "comm-explain-risk",
        B,
        &["communication", "professional-skill"],
        "请讲一次你需要向不懂技术的人（领导、客户或业务方）讲清楚一个技术问题或风险，让对方做决定的经历。",
        "Tell us about a time you had to explain a technical problem or risk to people who are not engineers, such as a manager, a client or the business, so that they could make a decision.",
        180,
    ),
    Entry::new(
        "improve-process",
        B,
        &["continuous-improvement", "problem-solving"],
        "请讲一次你主动改进开发、测试或生产流程，让团队效率或质量明显提升的经历。",
        "Tell us about a time you took it on yourself to improve a development, testing or production process and made the team noticeably faster or the work noticeably better.",
        180,
    ),
    // Culture fit.
    Entry::new(
        "culture-delay-for-risk",
        C,
        &["responsibility", "integrity"],
        "如果马上就要交付，你发现一个不太可能发生、但一旦发生后果很严重的隐患，修复它就得推迟交付，你会怎么做？",
        "If delivery is days away and you find a risk that is unlikely to occur but serious if it does, and fixing it means a delay, what do you do?",
        150,
    ),
    Entry::new(
        "culture-tech-vs-business",
        C,
        &["culture-fit", "communication"],
        "当你认为技术上更好的方案和业务方或上级的想法不一致时，你一般怎么处理？",
        "When the solution you think is technically better is not what the business or your manager wants, how do you usually handle it?",
        150,
    ),
    Entry::new(
        "culture-keep-learning",
        C,
        &["learning", "culture-fit"],
        "你平时是怎么保持技术成长的？最近在学什么？",
        "How do you keep growing technically? What have you been learning lately?",
        120,
    ),
    // Open questions.
    Entry::new(
        "open-proudest-work",
        O,
        &["motivation", "professional-skill"],
        "在你做过的技术工作里，最让你有成就感的是哪一件？为什么？",
        "Of all the technical work you have done, what are you proudest of, and why?",
        120,
    ),
    Entry::new(
        "open-why-role",
        O,
        &["motivation"],
        "你为什么想来我们这里做这个岗位？三年后你希望自己在技术上达到什么水平？",
        "Why do you want this role with us, and where do you want to be technically in three years?",
        120,
    ),
];
