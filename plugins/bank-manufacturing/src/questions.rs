//! The bank's questions, for production supervisors, line leads and quality
//! engineers: bottlenecks and capacity, shift teams, safety, quality and root
//! cause, breakdowns, handovers and cost, each asked as a past situation.

use panel_plugin_sdk::QuestionKind::{Behavioural as B, CultureFit as C, Open as O, SelfIntro as S};
use panel_plugin_sdk::bank::Entry;

/// The bank's questions, by section.
pub const ENTRIES: &[Entry] = &[
    Entry::new(
        "mfg-intro",
        S,
        &["communication", "professional-skill"],
        "请用两分钟做一个自我介绍，重点讲讲你在生产一线或制造现场的工作经历，比如管过什么产线、多大的班组。",
        "Please introduce yourself in two minutes, focusing on your experience in production: the lines you have run and the size of the teams you have led.",
        120,
    ),
    // Capacity and efficiency
    Entry::new(
        "mfg-bottleneck",
        B,
        &["problem-solving", "continuous-improvement"],
        "请讲一次你找出并解决生产线瓶颈工序的经历：瓶颈在哪里？你是怎么发现的？采取了哪些措施？产能提升了多少？",
        "Tell us about a time you found and cleared a bottleneck on a production line: where it was, how you found it, what you changed and how much output went up.",
        240,
    ),
    Entry::new(
        "mfg-capacity-project",
        B,
        &["continuous-improvement", "leadership"],
        "请讲一次你主导或参与的提升产能、效率的改善项目，比如线平衡、快速换型或减少等待。你具体负责什么？改善前后的数据分别是多少？",
        "Describe an improvement project you led or took part in to raise capacity or efficiency, such as line balancing, quicker changeovers or less waiting. What was your part, and what were the figures before and after?",
        240,
    ),
    Entry::new(
        "mfg-cost-reduction",
        B,
        &["continuous-improvement", "problem-solving"],
        "请讲一次你在降低生产成本方面见到成效的经历，比如减少物料损耗、能耗或者返工。你是怎么发现这个机会的？最后节省了多少？",
        "Tell us about a time you cut production costs, for example material waste, energy or rework. How did you spot the opportunity, and how much was saved?",
        180,
    ),
    // Shift teams
    Entry::new(
        "mfg-short-handed",
        B,
        &["leadership", "teamwork"],
        "请讲一次班组人手紧张、你还是带着大家按时完成生产任务的经历。你是怎么调配人员、安排生产的？结果如何？",
        "Describe a time your shift was short-handed and you still led the team to hit the production plan. How did you deploy people and schedule the work, and how did it turn out?",
        180,
    ),
    Entry::new(
        "mfg-team-member",
        B,
        &["leadership", "communication"],
        "请讲一次你处理班组成员之间的矛盾，或者帮助一名表现不好的员工改进的经历。你是怎么做的？后来这个人怎么样了？",
        "Tell us about a time you settled a conflict between team members or helped a struggling operator improve. What did you do, and how did that person get on afterwards?",
        180,
    ),
    Entry::new(
        "mfg-standard-work",
        B,
        &["responsibility", "leadership"],
        "请讲一次你推动员工严格执行作业指导书（SOP）的经历。遇到了什么阻力？你是怎么解决的？",
        "Describe a time you got operators to follow the standard work instructions (SOPs) strictly. What resistance did you meet, and how did you overcome it?",
        180,
    ),
    Entry::new(
        "mfg-handover",
        B,
        &["communication", "teamwork"],
        "请讲一次因为交接班信息没交代清楚而出问题的经历，或者你改进交接班方式的经历。当时是什么情况？你做了哪些改变？",
        "Tell us about a time something went wrong because a shift handover missed information, or a time you improved how handovers are done. What happened, and what did you change?",
        180,
    ),
    Entry::new(
        "mfg-rush-order",
        B,
        &["teamwork", "problem-solving"],
        "请讲一次遇到紧急插单或交期提前，你协调计划、采购、品质等部门按时交付的经历。你是怎么协调的？最后交付情况如何？",
        "Describe a time a rush order or a pulled-in delivery date meant coordinating planning, purchasing and quality to ship on time. How did you coordinate it, and did you deliver?",
        180,
    ),
    // Safety
    Entry::new(
        "mfg-near-miss",
        B,
        &["safety", "responsibility"],
        "请讲一次你在现场发现安全隐患、或者遇到未遂事件的经历。你当时是怎么处理的？后来采取了哪些措施防止再次发生？",
        "Tell us about a time you found a safety hazard on the floor or dealt with a near-miss. What did you do on the spot, and what was done afterwards so it would not happen again?",
        180,
    ),
    Entry::new(
        "mfg-safety-vs-output",
        B,
        &["safety", "communication", "responsibility"],
        "请讲一次安全要求和生产进度发生冲突的经历。你是怎么取舍的？又是怎么说服相关的人的？",
        "Describe a time safety requirements clashed with the production schedule. How did you decide, and how did you bring the people involved along?",
        180,
    ),
    // Quality and equipment
    Entry::new(
        "mfg-quality-root-cause",
        B,
        &["problem-solving", "professional-skill"],
        "请讲一次你分析并解决一个质量问题的经历，比如用 5-Why、鱼骨图或者 8D。根本原因是什么？你采取了哪些纠正和预防措施？",
        "Tell us about a time you analysed and solved a quality problem, for example with 5-Why, a fishbone diagram or 8D. What was the root cause, and what corrective and preventive actions did you take?",
        240,
    ),
    Entry::new(
        "mfg-customer-complaint",
        B,
        &["responsibility", "communication", "problem-solving"],
        "请讲一次你处理客户质量投诉的经历。你是怎么围堵问题、回复客户的？最后怎么关闭这个投诉的？",
        "Describe a time you handled a customer's quality complaint. How did you contain the problem and respond to the customer, and how was the complaint closed?",
        180,
    ),
    Entry::new(
        "mfg-breakdown",
        B,
        &["problem-solving", "responsibility"],
        "请讲一次关键设备突然故障、影响生产的经历。你当时是怎么应对的？事后做了哪些改进来减少停机？",
        "Tell us about a time a critical machine broke down and stopped production. How did you respond at the time, and what did you improve afterwards to cut downtime?",
        180,
    ),
    Entry::new(
        "mfg-new-process",
        B,
        &["professional-skill", "learning"],
        "请讲一次你在短时间内掌握一项新工艺、新设备或新系统，并在现场推广开的经历。你是怎么学的？推广中遇到了什么问题？",
        "Describe a time you quickly mastered a new process, machine or system and rolled it out on the floor. How did you learn it, and what problems came up in the roll-out?",
        180,
    ),
    Entry::new(
        "mfg-culture-borderline-batch",
        C,
        &["integrity", "responsibility"],
        "月底为了完成出货指标，有人建议把一批检验结果处在临界值的产品先放行，你会怎么做？为什么？",
        "At month end, to hit the shipping target, someone suggests releasing a batch whose inspection results are borderline. What would you do, and why?",
        150,
    ),
    Entry::new(
        "mfg-culture-safety-first",
        C,
        &["safety", "culture-fit"],
        "你怎么理解“安全第一”？请结合你在现场看到或经历过的事情谈一谈。",
        "What does \"safety first\" mean to you? Tell us with something you have seen or lived through on the shop floor.",
        150,
    ),
    Entry::new(
        "mfg-culture-shift-work",
        C,
        &["culture-fit", "stress-tolerance"],
        "制造业经常要倒班、加班，节假日有时也要保生产。你怎么看这样的工作节奏？你是怎么调整自己的？",
        "Manufacturing often means shift work, overtime and sometimes working through holidays to keep production going. How do you feel about that rhythm, and how do you manage it?",
        120,
    ),
    Entry::new(
        "mfg-open-first-90",
        O,
        &["continuous-improvement", "leadership"],
        "假设你接手一条效率偏低、人员流动大的生产线，头三个月你会怎么开展工作？",
        "Suppose you take over a line with low efficiency and high staff turnover. How would you approach your first three months?",
        150,
    ),
    Entry::new(
        "mfg-open-why",
        O,
        &["motivation"],
        "你为什么选择在制造业发展？在这个岗位上，你最想做成的一件事是什么？",
        "Why have you chosen a career in manufacturing, and what is the one thing you would most like to achieve in this role?",
        120,
    ),
];
