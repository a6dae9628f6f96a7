//! The bank's questions: the values a state-owned enterprise looks for (责任担当,
//! 忠诚, 大局意识, 廉洁诚信, 艰苦奋斗, 执行力, 规范意识), asked as past
//! situations, plus the common competencies the host's job models weigh
//! (problem-solving, teamwork, communication, professional skill).

use panel_plugin_sdk::QuestionKind::{Behavioural as B, CultureFit as C, Open as O, SelfIntro as S};
use panel_plugin_sdk::bank::Entry;

/// The bank's questions, by section.
pub const ENTRIES: &[Entry] = &[
    Entry::new(
        "soe-intro",
        S,
        &["communication", "motivation"],
        "请用两分钟做一个自我介绍，重点谈谈你的工作经历，以及你为什么希望到国有企业发展。",
        "Please introduce yourself in two minutes: your work so far, and why you want to build your career in a state-owned enterprise.",
        120,
    ),
    // 大局意识 / 集体利益优先
    Entry::new(
        "soe-collective-first",
        B,
        &["team-first", "teamwork"],
        "请讲一次个人利益和集体利益发生冲突、你最终把集体利益放在前面的经历。当时你面临怎样的取舍？你是怎么做的？结果如何？",
        "Tell us about a time your own interest clashed with your team's or organisation's, and you put theirs first. What was the trade-off, what did you do, and how did it turn out?",
        180,
    ),
    Entry::new(
        "soe-support-others",
        B,
        &["teamwork", "team-first"],
        "请讲一次你放下手头的工作、去支援其他同事或部门完成紧急任务的经历。你为什么这样做？对你自己的工作有什么影响？",
        "Describe a time you set your own work aside to help another colleague or department with an urgent task. Why did you do it, and what did it mean for your own work?",
        180,
    ),
    // 责任担当
    Entry::new(
        "soe-hard-task",
        B,
        &["responsibility", "stress-tolerance"],
        "请讲一次你主动接下一项难度大、别人不愿意接的任务的经历。你为什么接？过程中遇到了哪些困难？最后结果如何？",
        "Tell us about a time you volunteered for a difficult task nobody else wanted. Why did you take it on, what got in the way, and what was the result?",
        180,
    ),
    Entry::new(
        "soe-own-mistake",
        B,
        &["responsibility", "integrity"],
        "请讲一次工作出了问题、你主动站出来承担责任的经历。你当时是怎么处理的？事后做了哪些改进？",
        "Describe a time something went wrong at work and you stepped forward to take responsibility. How did you handle it, and what did you improve afterwards?",
        180,
    ),
    // 廉洁诚信
    Entry::new(
        "soe-integrity-pressure",
        B,
        &["integrity"],
        "请讲一次你在工作中面对利益诱惑或者不合规的要求、坚持原则的经历。当时是什么情况？你是怎么做的？后来怎么样了？",
        "Tell us about a time you were offered a personal benefit or asked to bend the rules at work, and held to your principles. What happened, what did you do, and what came of it?",
        180,
    ),
    // 规范意识
    Entry::new(
        "soe-by-the-book",
        B,
        &["integrity", "responsibility"],
        "请讲一次你坚持按制度和流程办事、哪怕这样做更费时更麻烦的经历。你是怎么权衡的？结果如何？",
        "Describe a time you insisted on following the rules and procedures even though it was slower or more trouble. How did you weigh it up, and what was the result?",
        180,
    ),
    // 执行力 / 服从安排
    Entry::new(
        "soe-carry-out",
        B,
        &["responsibility", "communication"],
        "请讲一次上级的安排和你自己的想法不一致、但你仍然把工作落实到位的经历。你有没有向上级反映你的意见？最后结果怎么样？",
        "Tell us about a time your manager's decision differed from what you thought best, and you still carried it out fully. Did you raise your view, and how did it end?",
        180,
    ),
    // 艰苦奋斗 / 奉献
    Entry::new(
        "soe-hardship",
        B,
        &["stress-tolerance", "responsibility"],
        "请讲一次你在条件艰苦或任务特别繁重的情况下坚持把工作做完的经历。当时难在哪里？你是怎么坚持下来的？",
        "Describe a time you saw a job through under hard conditions or an exceptionally heavy workload. What made it hard, and how did you keep going?",
        180,
    ),
    // 忠诚
    Entry::new(
        "soe-hard-times",
        B,
        &["loyalty", "team-first"],
        "请讲一次你所在的单位或团队遇到困难、你选择留下来和大家一起渡过难关的经历。你具体做了些什么？",
        "Tell us about a time your organisation or team went through a difficult period and you chose to stay and help it through. What did you actually do?",
        180,
    ),
    Entry::new(
        "soe-defend-reputation",
        B,
        &["loyalty"],
        "请讲一次单位的利益或声誉受到损害、被外界质疑时，你主动站出来维护的经历。你是怎么做的？结果如何？",
        "Describe a time your organisation's interests or reputation were harmed or questioned by outsiders, and you stepped up to defend them. What did you do, and how did it turn out?",
        180,
    ),
    // The common competencies of the host's job models, asked the way an SOE would.
    Entry::new(
        "soe-cross-department",
        B,
        &["communication", "teamwork", "problem-solving"],
        "请讲一次你牵头协调多个部门或单位共同完成一项任务的经历。各方诉求不一致时，你是怎么推动的？结果如何？",
        "Describe a time you coordinated several departments or organisations to get one piece of work done. When their demands differed, how did you move things forward, and what was the result?",
        240,
    ),
    Entry::new(
        "soe-explain-policy",
        B,
        &["communication"],
        "请讲一次你需要向同事或服务对象解释、推行一项不太受欢迎的政策或决定的经历。你是怎么沟通的？对方最后接受了吗？",
        "Describe a time you had to explain and put into practice an unpopular policy or decision with colleagues or the people you serve. How did you get it across, and did they accept it in the end?",
        180,
    ),
    Entry::new(
        "soe-report-truthfully",
        B,
        &["integrity", "communication"],
        "请讲一次你发现工作中存在问题、如实向上级汇报的经历，哪怕这是个坏消息，甚至和你自己有关。你是怎么汇报的？后来怎么样了？",
        "Tell us about a time you found a problem at work and reported it truthfully to your manager, even though it was bad news or reflected on you. How did you report it, and what happened next?",
        180,
    ),
    Entry::new(
        "soe-compliant-solution",
        B,
        &["problem-solving", "integrity"],
        "请讲一次你在政策和制度的约束下解决一个复杂问题的经历：既要合规，又要把事情办成。你是怎么做到的？",
        "Tell us about a time you solved a complex problem within strict policies and rules: staying compliant and still getting it done. How did you manage it?",
        180,
    ),
    Entry::new(
        "soe-expertise",
        B,
        &["professional-skill", "problem-solving"],
        "请讲一次你运用专业能力为单位解决实际问题、创造实际价值的经历。你具体做了什么？效果如何？",
        "Describe a time you used your professional expertise to solve a real problem for your organisation. What exactly did you do, and what difference did it make?",
        180,
    ),
    Entry::new(
        "soe-master-the-job",
        B,
        &["professional-skill", "learning"],
        "请讲一次你为了把本职工作做好，主动钻研业务、学习新政策或新技术并用到实际工作中的经历。你是怎么学的？用上之后效果如何？",
        "Tell us about a time you took it on yourself to master part of your job, such as a new policy, regulation or technique, and put it to use. How did you learn it, and what difference did it make?",
        180,
    ),
    Entry::new(
        "soe-culture-mission",
        C,
        &["culture-fit", "motivation"],
        "你怎么理解国有企业的使命和社会责任？这和你个人的职业追求有什么联系？",
        "How do you see the mission and social responsibility of a state-owned enterprise, and how does it connect with what you want from your career?",
        150,
    ),
    Entry::new(
        "soe-culture-posting",
        C,
        &["team-first", "loyalty", "culture-fit"],
        "如果组织安排你到偏远地区或者基层岗位工作一段时间，你会怎么考虑？",
        "If the organisation asked you to work for a while in a remote location or a front-line post, how would you think it through?",
        150,
    ),
    Entry::new(
        "soe-culture-gift",
        C,
        &["integrity"],
        "逢年过节，一家合作单位给你送来一份贵重礼品，你会怎么处理？为什么？",
        "At a holiday, a business partner sends you an expensive gift. What would you do with it, and why?",
        120,
    ),
    Entry::new(
        "soe-culture-offer",
        C,
        &["loyalty", "responsibility"],
        "如果你负责的项目正处在关键阶段，这时有其他单位以更高的待遇邀请你加入，你会怎么考虑？",
        "If another organisation offered you better pay while a project you lead was at a critical stage, how would you think it through?",
        120,
    ),
    Entry::new(
        "soe-culture-rules-speed",
        C,
        &["integrity", "culture-fit"],
        "有人说严格执行规章制度会影响办事效率，你怎么看？在工作中你会怎么把握？",
        "Some say following every rule and procedure to the letter slows work down. What do you think, and how do you handle it in practice?",
        120,
    ),
    Entry::new(
        "soe-open-five-years",
        O,
        &["motivation", "loyalty"],
        "你对自己未来五年的职业发展有什么规划？你希望在我们单位承担什么样的责任？",
        "What are your plans for the next five years of your career, and what responsibilities would you like to take on with us?",
        120,
    ),
    Entry::new(
        "soe-open-first-months",
        O,
        &["motivation", "responsibility"],
        "如果你入职这个岗位，你打算怎样尽快熟悉情况、为单位做出贡献？",
        "If you joined us in this role, how would you get up to speed and start contributing as soon as possible?",
        120,
    ),
];
