//! What a good answer to each behavioural question tells, and what answers
//! that miss it tell instead, in Chinese and English: the answer guides of
//! API 0.2.0, planned with the questions, shown to staff beside the answers
//! and read by rubrics (rubric-semantic) to judge relevance.

use panel_plugin_sdk::bank::{EntryGuide, Guide};

/// The guides, by question id.
pub const GUIDES: &[EntryGuide] = &[
    EntryGuide {
        id: "user-real-need",
        zh: Guide {
            looks_for: &[
                "用户嘴上提的需求：反馈、访谈或客服工单里说想要什么功能",
                "怎么发现真实需求的：用户访谈、可用性测试、看埋点数据和操作路径",
                "用户真正要解决的问题是什么，和表面需求差在哪里",
                "产品上最后做了什么调整，上线后数据或用户反馈怎么样",
            ],
            off_topic: &[
                "老板或业务方提的需求，直接照着做了",
                "研究竞品后照搬对方的功能",
                "和研发在技术方案上的分歧",
                "自己作为用户吐槽某个应用不好用",
            ],
        },
        en: Guide {
            looks_for: &[
                "What users said they wanted: feedback, interviews or support tickets asking for a feature",
                "How they found the real need: user interviews, usability tests, event tracking and user journeys",
                "The problem users actually had, and how it differed from what they asked for",
                "What changed in the product, and what the data or user feedback showed after launch",
            ],
            off_topic: &[
                "Building a feature exactly as the boss or the business asked",
                "Copying a competitor's feature after looking at their app",
                "Disagreeing with engineering about a technical solution",
                "Complaining, as a user, about an app that is hard to use",
            ],
        },
    },
    EntryGuide {
        id: "user-data-decision",
        zh: Guide {
            looks_for: &[
                "要做的关键决定：上不上一个功能、资源投到哪里、策略改不改",
                "看了哪些指标：留存、转化率、日活、客单价、获客成本",
                "怎么分析的，数据说明了什么：按维度拆、做对比、看趋势",
                "最后怎么决定的，谁被数据说服了",
                "决定之后的效果，用数字说明",
            ],
            off_topic: &[
                "凭经验或老板拍板做的决定，没用数据",
                "牵头协调几个团队上线一场活动",
                "说服研发调整排期",
                "个人生活里的决定，比如换工作或买房",
            ],
        },
        en: Guide {
            looks_for: &[
                "The decision at stake: whether to build a feature, where to put resources, whether to change a strategy",
                "The metrics they looked at: retention, conversion, daily actives, order value, acquisition cost",
                "How they analysed it and what it showed: breakdowns by segment, comparisons, trends",
                "What was decided, and who the data won over",
                "The result of the decision, in numbers",
            ],
            off_topic: &[
                "A decision made on gut feeling or because the boss said so",
                "Coordinating several teams to launch a campaign",
                "Persuading engineering to rearrange their schedule",
                "A personal decision, such as changing jobs or buying a flat",
            ],
        },
    },
    EntryGuide {
        id: "user-ab-test",
        zh: Guide {
            looks_for: &[
                "实验的假设：改了什么，预期提升哪个指标",
                "怎么分组的：流量比例、随机分流、样本量和实验时长",
                "核心指标和护栏指标是怎么定的",
                "实验结果：两组差了多少，是否显著",
                "结果出来后的决定：全量、回滚还是继续迭代，理由是什么",
            ],
            off_topic: &[
                "没做对照实验，直接上线后看数据涨跌",
                "只做了用户访谈或问卷调研",
                "只讲分组对照实验的概念，没有自己做过的一次",
                "核心指标下跌后排查原因",
            ],
        },
        en: Guide {
            looks_for: &[
                "The hypothesis: what was changed and which metric it was expected to move",
                "How the groups were set up: traffic split, random assignment, sample size and how long it ran",
                "How the key metric and the guardrail metrics were chosen",
                "The result: how far apart the groups were and whether it was significant",
                "The decision after: ship to everyone, roll back or iterate, and why",
            ],
            off_topic: &[
                "Launching to everyone with no control group and watching the numbers",
                "User interviews or a survey, with no experiment",
                "Explaining what A/B testing is, without a test they ran themselves",
                "Investigating why a key metric dropped",
            ],
        },
    },
    EntryGuide {
        id: "user-metric-drop",
        zh: Guide {
            looks_for: &[
                "哪个核心指标、掉了多少、什么时候发现的：日活、转化率、留存、支付成功率",
                "先排除数据本身的问题：埋点、统计口径、报表有没有出错",
                "按维度拆解：渠道、版本、平台、地区、新老用户",
                "对照同期发生的事：发版、活动、竞品动作、节假日、外部政策",
                "最终定位到的原因，怎么验证、怎么处理的，指标有没有回升",
            ],
            off_topic: &[
                "指标一路增长时做的一场成功活动",
                "设计分组对照实验验证一个新功能",
                "自己的绩效或考试成绩下滑",
                "项目中途需求变更导致返工",
            ],
        },
        en: Guide {
            looks_for: &[
                "Which key metric fell, by how much and when it was noticed: daily actives, conversion, retention, payments",
                "Ruling out the data first: tracking, metric definitions, a broken report",
                "Breaking it down: by channel, app version, platform, region, new versus returning users",
                "What else happened at the time: a release, a campaign, a competitor's move, a holiday, a policy change",
                "The cause they pinned down, how they confirmed and fixed it, and whether the metric recovered",
            ],
            off_topic: &[
                "A successful campaign while the numbers were growing",
                "Designing an A/B test for a new feature",
                "Their own performance rating or exam results going down",
                "Rework after the requirements changed mid-project",
            ],
        },
    },
    EntryGuide {
        id: "collab-priorities",
        zh: Guide {
            looks_for: &[
                "自己推动的是什么事，为什么需要研发、设计或运营调整排期",
                "对方一开始的顾虑：手上项目排满了、开发成本高、收益不明确",
                "怎么说服的：讲用户价值和数据、算投入产出、把需求拆小、找上级对齐优先级",
                "对方最后怎么调整排期，这件事的结果",
            ],
            off_topic: &[
                "上级直接下命令让大家配合，自己不用说服",
                "被别人说服，调整了自己的计划",
                "把复杂方案讲给老板听，让他拍板",
            ],
        },
        en: Guide {
            looks_for: &[
                "What they were driving and why engineering, design or operations had to rearrange their plans for it",
                "What worried the other team at first: a full roadmap, high build cost, unclear payoff",
                "How they won them over: user value and data, cost versus return, a smaller first version, aligning with leads",
                "How the other team changed their plans, and how the work turned out",
            ],
            off_topic: &[
                "A manager ordering everyone to help, with no persuading needed",
                "Being persuaded by someone else to change their own plans",
                "Explaining a complex plan to an executive to get a decision",
            ],
        },
    },
    EntryGuide {
        id: "collab-disagreement",
        zh: Guide {
            looks_for: &[
                "和设计或研发在哪个方案上有分歧：交互方式、技术实现、架构或这一版做多少",
                "分歧具体在哪一点，双方各自的理由",
                "怎么达成一致的：看用户数据、做原型或小实验、请第三方评审、各退一步",
                "最后定下的方案，上线后的效果",
            ],
            off_topic: &[
                "为了排期说服别人先做自己的需求",
                "和同事因为性格或分工产生的人际矛盾",
                "协调多个团队上线时的进度问题",
            ],
        },
        en: Guide {
            looks_for: &[
                "What they and design or engineering disagreed on: an interaction, an implementation, architecture, scope",
                "The exact point of difference and each side's reasons",
                "How they reached agreement: user data, a prototype or small test, a third opinion, meeting halfway",
                "The solution they settled on and how it did after launch",
            ],
            off_topic: &[
                "Persuading another team to schedule their request first",
                "A personal clash with a colleague over personality or workload",
                "Chasing progress across teams before a launch",
            ],
        },
    },
    EntryGuide {
        id: "collab-launch",
        zh: Guide {
            looks_for: &[
                "上线的是什么：一个功能、一个版本或一场运营活动，牵涉哪几个团队",
                "怎么分工的：拆任务、定负责人、排出时间节点",
                "怎么跟进度的：站会、进度表、风险清单、每天同步",
                "中间出的状况：延期、接口对不上、临时改需求、线上故障，当时怎么处理",
                "最后上线的结果和数据",
            ],
            off_topic: &[
                "只是其中一个执行者，按别人的安排做完自己那部分",
                "一个人独立完成的小功能",
                "和设计在方案上的分歧",
                "组织公司年会、团建或校园活动",
            ],
        },
        en: Guide {
            looks_for: &[
                "What was launched: a feature, a release or a campaign, and which teams were involved",
                "How the work was split: tasks broken down, owners named, a timeline with milestones",
                "How progress was tracked: stand-ups, a tracker, a risk list, daily syncs",
                "What went wrong on the way: a slip, mismatched interfaces, late changes, a production bug, and the response",
                "How the launch went, with numbers",
            ],
            off_topic: &[
                "Doing their own part of a launch someone else was running",
                "A small feature built alone",
                "A disagreement with design over a solution",
                "Organising a company party, team outing or student event",
            ],
        },
    },
    EntryGuide {
        id: "collab-explain",
        zh: Guide {
            looks_for: &[
                "听的人是谁：老板、业务方或客户，需要他们拍板什么",
                "要讲清的复杂方案或技术问题：架构调整、数据迁移、推荐策略、系统风险",
                "怎么讲明白的：打比方、画流程图、做原型演示、讲成本收益和风险",
                "给了哪些选项，自己的建议是什么",
                "对方最后的决定，以及后来的结果",
            ],
            off_topic: &[
                "和研发同事讨论技术细节",
                "给新同事做培训或内部分享",
                "对外路演或给客户做销售介绍",
                "说服研发调整排期",
            ],
        },
        en: Guide {
            looks_for: &[
                "Who had to decide: an executive, the business or a client, and what they had to decide",
                "The complex plan or technical issue: an architecture change, a data migration, a ranking strategy, a risk",
                "How they made it clear: analogies, flow diagrams, a prototype demo, costs, benefits and risks",
                "The options they laid out and what they recommended",
                "What was decided, and how it turned out",
            ],
            off_topic: &[
                "Discussing technical details with engineers",
                "Training new colleagues or giving an internal talk",
                "A sales pitch to customers or investors",
                "Persuading engineering to rearrange their schedule",
            ],
        },
    },
    EntryGuide {
        id: "learn-new-domain",
        zh: Guide {
            looks_for: &[
                "进入的陌生方向：新业务比如电商、金融、广告，或新技术比如推荐算法、大数据",
                "为什么必须快：项目启动、岗位调整、团队急需",
                "具体怎么学的：读文档和行业报告、请教业务同事、看数据、先做个小项目",
                "多久拿出了成果：上线的功能、做完的分析、达到的指标",
            ],
            off_topic: &[
                "业余时间学一门兴趣课程，和工作无关",
                "研究竞品后改进自己的产品",
                "带新人熟悉业务",
                "上学时学一门新专业课",
            ],
        },
        en: Guide {
            looks_for: &[
                "The unfamiliar area: a new business such as e-commerce, finance or ads, or new tech such as recommendation",
                "Why it had to be fast: a project starting, a change of role, a team short of people",
                "How exactly they learned: docs and industry reports, asking business colleagues, the data, a small first project",
                "How soon they delivered and what: a feature launched, an analysis done, a target reached",
            ],
            off_topic: &[
                "A course taken for fun in their spare time, unrelated to work",
                "Improving their product by studying competitors",
                "Helping a new joiner learn the business",
                "Learning a new subject at university",
            ],
        },
    },
    EntryGuide {
        id: "learn-from-others",
        zh: Guide {
            looks_for: &[
                "研究的是哪个竞品或行业案例，看的是它的哪个功能或做法",
                "怎么研究的：亲自体验产品、拆解流程、看公开数据、和用户聊",
                "学到了什么：对方为什么做得好，和自己产品差在哪里",
                "怎么落地到自己产品上：改了哪个功能、流程或策略",
                "落地后的效果，有数据或用户反馈",
            ],
            off_topic: &[
                "通过用户访谈发现真实需求，没有参考竞品",
                "为新项目自学一门新技术",
                "向公司里的前辈请教、跟着学",
            ],
        },
        en: Guide {
            looks_for: &[
                "The competitor or industry case they studied, and which feature or practice they looked at",
                "How they studied it: using the product themselves, mapping its flows, public data, talking to users",
                "What they learned: why the other product worked well and where their own fell short",
                "How they applied it: which feature, flow or strategy they changed in their own product",
                "The effect afterwards, in data or user feedback",
            ],
            off_topic: &[
                "Finding users' real needs through interviews, with no competitor in the story",
                "Teaching themselves a new technology for a new project",
                "Learning from a senior colleague at their own company",
            ],
        },
    },
    EntryGuide {
        id: "own-launch-problem",
        zh: Guide {
            looks_for: &[
                "上线后出了什么问题：闪退、数据错误、资金损失、功能不可用，影响了多少用户",
                "怎么发现的：监控告警、用户投诉、客服反馈、数据异常",
                "当时怎么处理的：回滚、关掉开关、紧急修复、通知用户和客服",
                "事后的复盘：查明原因、认下自己的责任、补测试、改发布流程或加监控",
            ],
            off_topic: &[
                "别人负责的产品出了问题，自己只是旁观",
                "上线前测试时就发现并修好的问题",
                "项目中途需求变更的经历",
                "自己作为用户遇到某个应用出故障",
            ],
        },
        en: Guide {
            looks_for: &[
                "What broke after launch: crashes, wrong data, money lost, a feature down, and how many users were hit",
                "How they found out: monitoring alerts, user complaints, customer service, odd numbers in the data",
                "What they did at the time: rolled back, switched the feature off, hotfixed, told users and support",
                "The review afterwards: root cause, owning their part, added tests, a changed release process or monitoring",
            ],
            off_topic: &[
                "A problem in someone else's product that they only watched",
                "A bug caught and fixed in testing before launch",
                "Requirements changing halfway through a project",
                "Running into an outage of some app as a user",
            ],
        },
    },
    EntryGuide {
        id: "own-beyond-scope",
        zh: Guide {
            looks_for: &[
                "发现的是什么问题：具体的体验毛病，比如流程卡顿、文案出错、支付失败",
                "为什么不归自己管：属于别的团队、别的产品线，或者没人负责",
                "怎么推动解决的：收集证据和数据、找到负责人、拉会、自己出方案",
                "最后问题有没有解决，用户体验或数据改善了多少",
            ],
            off_topic: &["自己负责的功能出了问题后去修", "领导分配下来的额外任务", "作为用户给别家应用提意见"],
        },
        en: Guide {
            looks_for: &[
                "The problem they noticed: a concrete flaw in the experience, such as a slow flow, wrong copy, failed payments",
                "Why it was not theirs: another team's area, another product line, or nobody owned it",
                "How they pushed it through: gathering evidence and data, finding the owner, a meeting, drafting the fix",
                "Whether it was fixed, and how much the experience or the numbers improved",
            ],
            off_topic: &[
                "Fixing a problem in a feature they owned themselves",
                "An extra task their manager handed them",
                "Sending feedback, as a user, to another company's app",
            ],
        },
    },
    EntryGuide {
        id: "change-mid-project",
        zh: Guide {
            looks_for: &[
                "项目中途发生的变化：需求推翻、方向调整、负责人换人、团队拆分或骨干离开",
                "变化带来的冲击：做好的东西作废、排期打乱、团队士气受影响",
                "自己怎么调整的：重新理清目标、重排计划、和团队沟通、保留能复用的部分",
                "最后的结果：有没有按时上线、数据怎么样",
            ],
            off_topic: &[
                "只说自己喜欢快节奏、适应能力强，没有具体的一次",
                "自己主动跳槽或转岗的经历",
                "个人生活的变化，比如搬家或换城市",
            ],
        },
        en: Guide {
            looks_for: &[
                "What changed midway: requirements scrapped, a new direction, a new lead, the team split or key people leaving",
                "What it hit: finished work thrown away, the schedule upended, team morale",
                "How they adapted: resetting the goal, replanning, talking it through with the team, keeping what could be reused",
                "How it ended: whether it launched on time and how the numbers looked",
            ],
            off_topic: &[
                "Saying they enjoy a fast pace and adapt easily, with no actual example",
                "Choosing to change jobs or move to another team themselves",
                "A change in private life, such as moving house or city",
            ],
        },
    },
    EntryGuide {
        id: "change-cut-scope",
        zh: Guide {
            looks_for: &[
                "时间和人手有多紧：上线日期、缺几个人、需求有多少",
                "砍掉了哪些需求，保留了哪些",
                "取舍的依据：用户价值、核心流程、数据、业务目标、开发成本",
                "怎么和业务方或老板对齐：讲清砍掉的影响，约好放到后续版本",
                "上线的结果，以及被砍的需求后来怎么处理的",
            ],
            off_topic: &[
                "靠全员加班把需求全部按时做完，没有取舍",
                "说服研发调整排期来支持自己",
                "个人时间不够时的安排，比如备考和工作兼顾",
            ],
        },
        en: Guide {
            looks_for: &[
                "How tight it was: the launch date, how many people short, how much was planned",
                "What was dropped and what was kept",
                "What the cuts were based on: user value, the core flow, data, business goals, build cost",
                "How they agreed it with the business or the boss: the impact explained, cuts moved to a later release",
                "How the launch went, and what happened to the features that were cut",
            ],
            off_topic: &[
                "Everyone working overtime to ship everything on time, with nothing cut",
                "Persuading engineering to rearrange their plans for their project",
                "Juggling their own time, such as studying for an exam alongside work",
            ],
        },
    },
];
