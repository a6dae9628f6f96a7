//! The bank's questions for product managers, operations and engineers at
//! internet companies. Each has a Chinese and an English text, the dimensions
//! it measures and its time limit in seconds.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::Entry;

use QuestionKind::{Behavioural as B, CultureFit as C, Open as O, SelfIntro as S};

/// The bank's questions: the self-introduction, behavioural questions grouped by what
/// they probe, then culture-fit and open questions.
pub const ENTRIES: &[Entry] = &[
    Entry::new(
        "intro",
        S,
        &["communication"],
        "请用两分钟做个自我介绍，重点说说最能代表你水平的一个产品或项目，以及你在其中的角色。",
        "Please introduce yourself in two minutes, focusing on the one product or project that best shows what you can do and the part you played in it.",
        120,
    ),
    // User focus: research, data-driven decisions, experiments.
    Entry::new(
        "user-real-need",
        B,
        &["user-focus", "problem-solving"],
        "请讲一次你通过用户调研或数据分析，发现用户真正的需求和他们嘴上说的不一样的经历。你是怎么发现的？产品上最后做了什么调整？",
        "Tell us about a time user research or data showed you that what users really needed was not what they said they wanted. How did you find out, and what did you change in the product?",
        210,
    ),
    Entry::new(
        "user-data-decision",
        B,
        &["problem-solving", "user-focus"],
        "请讲一次你用数据推动一个关键决策的经历：当时看了哪些指标，数据说明了什么，最后怎么决定的，效果如何？",
        "Describe a time you used data to drive an important decision: which metrics you looked at, what they told you, what was decided and how it turned out.",
        210,
    ),
    Entry::new(
        "user-ab-test",
        B,
        &["professional-skill", "user-focus"],
        "请讲一次你设计并跑过的 A/B 实验。实验假设是什么？分组和核心指标是怎么定的？结果出来后你是怎么做决定的？",
        "Tell us about an A/B test you designed and ran. What was the hypothesis, how did you set up the groups and the key metric, and what did you decide when the results came in?",
        240,
    ),
    Entry::new(
        "user-metric-drop",
        B,
        &["problem-solving", "logical-reasoning"],
        "请讲一次某个核心指标突然下滑、原因又不明确的经历。你是怎么一步步把原因定位出来的？",
        "Tell us about a time a key metric suddenly dropped and nobody knew why. How did you track down the cause, step by step?",
        210,
    ),
    // Cross-team collaboration with engineering, design and operations.
    Entry::new(
        "collab-priorities",
        B,
        &["communication", "teamwork"],
        "请讲一次你需要说服研发、设计或运营的同事调整排期，来支持你推动的一件事的经历。对方一开始的顾虑是什么？你是怎么沟通的？",
        "Describe a time you had to persuade engineering, design or operations colleagues to rearrange their plans for something you were driving. What worried them at first, and how did you bring them round?",
        210,
    ),
    Entry::new(
        "collab-disagreement",
        B,
        &["teamwork", "communication"],
        "请讲一次你和设计或研发在方案上有明显分歧的经历。分歧具体在哪里？最后是怎么达成一致的？",
        "Tell us about a time you clearly disagreed with design or engineering about a solution. Where exactly did you differ, and how did you reach agreement?",
        180,
    ),
    Entry::new(
        "collab-launch",
        B,
        &["teamwork", "responsibility"],
        "请讲一次你牵头协调好几个团队一起上线一个功能或一场活动的经历。你是怎么分工、怎么跟进度的？中间出了什么状况？",
        "Describe a time you coordinated several teams to launch a feature or a campaign. How did you split the work and keep track of progress, and what went wrong along the way?",
        210,
    ),
    Entry::new(
        "collab-explain",
        B,
        &["communication", "professional-skill"],
        "请讲一次你需要把一个复杂的产品方案或技术问题讲给不懂行的人听（比如老板、业务方或客户），并让对方拍板的经历。",
        "Tell us about a time you had to explain a complex product plan or technical issue to people outside the field, such as an executive, a business partner or a client, and get them to make the call.",
        180,
    ),
    // Fast learning.
    Entry::new(
        "learn-new-domain",
        B,
        &["learning", "professional-skill"],
        "请讲一次你在很短时间内进入一个完全陌生的业务或技术方向，并且很快拿出成果的经历。你具体是怎么学的？",
        "Tell us about a time you had to get up to speed in a business area or technology that was completely new to you and deliver results soon after. How exactly did you learn?",
        180,
    ),
    Entry::new(
        "learn-from-others",
        B,
        &["learning", "user-focus"],
        "请讲一次你通过研究竞品或行业里的案例，改进了自己产品的经历。你学到了什么？又是怎么落地的？",
        "Describe a time you improved your own product by studying competitors or cases from the industry. What did you learn, and how did you put it into practice?",
        180,
    ),
    // Ownership.
    Entry::new(
        "own-launch-problem",
        B,
        &["responsibility", "problem-solving"],
        "请讲一次你负责的产品或功能上线后出了严重问题的经历。你是怎么发现的？当时做了哪些处理？事后又做了哪些改进？",
        "Tell us about a time a product or feature you owned ran into a serious problem after launch. How did you find out, what did you do at the time, and what did you improve afterwards?",
        210,
    ),
    Entry::new(
        "own-beyond-scope",
        B,
        &["responsibility", "user-focus"],
        "请讲一次你发现一个不归你管、但明显影响用户体验的问题，主动推动把它解决掉的经历。",
        "Describe a time you spotted a problem that was not yours to own but clearly hurt the user experience, and you pushed it through to a fix anyway.",
        180,
    ),
    // Working under rapid change.
    Entry::new(
        "change-mid-project",
        B,
        &["stress-tolerance", "problem-solving"],
        "请讲一次项目做到一半，需求、方向或者团队突然发生大变化的经历。你当时是怎么调整的？最后结果怎么样？",
        "Tell us about a time the requirements, the direction or the team changed sharply halfway through a project. How did you adapt, and how did it turn out?",
        180,
    ),
    Entry::new(
        "change-cut-scope",
        B,
        &["problem-solving", "stress-tolerance"],
        "请讲一次上线时间很紧、资源又不够，你不得不对需求做取舍的经历。你砍掉了什么、保留了什么？依据是什么？",
        "Describe a time a tight launch date and too few people forced you to cut scope. What did you drop, what did you keep, and on what basis?",
        210,
    ),
    // Culture fit.
    Entry::new(
        "culture-user-vs-revenue",
        C,
        &["user-focus", "culture-fit"],
        "如果上级要求你上线一个能明显拉高短期收入、但会伤害用户体验的功能，你会怎么做？",
        "If your manager asked you to launch a feature that would clearly lift short-term revenue but hurt the user experience, what would you do?",
        150,
    ),
    Entry::new(
        "culture-fast-pace",
        C,
        &["stress-tolerance", "culture-fit"],
        "互联网公司节奏快、变化多，很多事情要边做边调。你怎么看这种工作方式？你一般怎么让自己保持好状态？",
        "Internet companies move fast and plans change often, so a lot is adjusted on the way. How do you feel about working like that, and how do you keep yourself at your best?",
        150,
    ),
    Entry::new(
        "culture-ownership",
        C,
        &["responsibility", "culture-fit"],
        "你怎么理解“owner 意识”？请结合你平时的具体做法谈一谈。",
        "What does ownership mean to you? Tell us about something you actually do in your work that shows it.",
        150,
    ),
    // Open questions.
    Entry::new(
        "open-improve-product",
        O,
        &["user-focus"],
        "说一个你最近常用的 App 或产品。如果由你来负责，你最想改进的一点是什么？为什么？",
        "Name an app or product you use a lot at the moment. If you were in charge of it, what is the one thing you would most want to improve, and why?",
        120,
    ),
    Entry::new(
        "open-why-internet",
        O,
        &["motivation"],
        "你为什么想在互联网行业做这份工作？三年后你希望自己成长为什么样的人？",
        "Why do you want this job in the internet industry, and where do you want to be in three years?",
        120,
    ),
];
