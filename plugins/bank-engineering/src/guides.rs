//! What a good answer to each behavioural question tells, and what answers
//! that miss it tell instead, in Chinese and English: the answer guides of
//! API 0.2.0, planned with the questions, shown to staff beside the answers
//! and read by rubrics (rubric-semantic) to judge relevance.

use panel_plugin_sdk::bank::{EntryGuide, Guide};

/// The guides, by question id.
pub const GUIDES: &[EntryGuide] = &[
    EntryGuide {
        id: "skill-hard-bug",
        zh: Guide {
            looks_for: &[
                "故障的具体现象：报错、死机、偶发异常、信号不对或设备异响，在什么条件下出现",
                "怎么复现、收集线索：查日志、抓包、用示波器或仪表测量、现场检查、对比好坏样品",
                "一步步缩小范围：提出假设、逐个排除模块或部件、对比版本和改动",
                "最后找到的真正原因，怎么修好的，又是怎么确认问题不再出现的",
            ],
            off_topic: &[
                "在几种技术方案之间做选型，并没有要排查的故障",
                "为了项目在短时间内学会一门新技术或新工具",
                "评审时和同事争论技术意见",
                "工作量估计不足、进度拖期后怎么补救",
            ],
        },
        en: Guide {
            looks_for: &[
                "The symptoms: an error, a crash, an intermittent failure, a wrong signal or odd noise, and when it showed up",
                "How they reproduced it and gathered evidence: logs, traces, a scope or meter, site checks, good versus bad units",
                "Narrowing it down step by step: hypotheses tested, modules or parts ruled out, versions and changes compared",
                "The real cause they found, the fix, and how they confirmed the fault was gone",
            ],
            off_topic: &[
                "Choosing between design options for a new system, with no fault to track down",
                "Picking up a new technology or tool quickly for a project",
                "Arguing a technical point with a colleague in a review",
                "Underestimating the work and rescuing a slipping schedule",
            ],
        },
    },
    EntryGuide {
        id: "skill-design-decision",
        zh: Guide {
            looks_for: &[
                "要拍板的具体技术问题：系统架构、技术选型、结构形式、材料或电路方案",
                "当时摆出来的几种方案，各自的优点、缺点和代价",
                "比较的依据：计算校核、原型验证、测试数据、成本估算、规范要求",
                "最后选了哪个方案、为什么，自己在决定中起了什么作用",
                "方案落地后的效果，回头看会不会换一种选法",
            ],
            off_topic: &[
                "排查一个已经发生的故障，中间没有方案取舍",
                "照着领导或设计院定好的方案施工或开发，自己没有参与决定",
                "带新人上手或帮同事解决难题",
                "向领导或客户解释一个技术风险",
            ],
        },
        en: Guide {
            looks_for: &[
                "The technical question to settle: an architecture, a technology, a structural system, a material or circuit",
                "The options on the table and the strengths, weaknesses and cost of each",
                "What they compared them on: calculations, a prototype, test data, cost estimates, code requirements",
                "Which option was chosen and why, and the part they played in the decision",
                "How the choice worked out once built, and whether they would choose the same again",
            ],
            off_topic: &[
                "Tracking down a fault that had already happened, with no choice between designs",
                "Building to a design someone else had already fixed, without a say in it",
                "Coaching a new joiner or helping a teammate through a hard problem",
                "Explaining a technical risk to a manager or client",
            ],
        },
    },
    EntryGuide {
        id: "skill-depth",
        zh: Guide {
            looks_for: &[
                "一个具体的技术难题：性能瓶颈、精度不够、材料失效、结构受力或信号完整性问题",
                "为什么表面的办法不管用，非得往下深挖",
                "深挖的过程：读源码或标准原文、查文献、做实验、建模计算、请教专家",
                "最后挖到了什么程度：弄清了哪一层原理，解决到什么程度，还剩什么没解决",
                "这次深挖留下的积累：写成文档、在团队里分享、用到后来的项目上",
            ],
            off_topic: &[
                "罗列做过的很多项目和会的技能，没有深入讲任何一个",
                "为了项目临时速成一个新工具，够用就停",
                "和其他部门协调推进任务",
                "业余爱好里的钻研，比如做模型、研究摄影器材",
            ],
        },
        en: Guide {
            looks_for: &[
                "One concrete technical problem: a bottleneck, poor accuracy, a material failure, a load path or signal issue",
                "Why the surface fix was not enough and they had to dig further",
                "How they dug: reading source code or the standard itself, papers, experiments, models and calculations, experts",
                "How far they got: which mechanism they came to understand, what was solved and what was left open",
                "What the digging left behind: documentation, a talk for the team, use in later projects",
            ],
            off_topic: &[
                "A list of many projects and skills, none of them gone into in depth",
                "Learning just enough of a new tool to get a project out of the door",
                "Coordinating with other departments to move a task along",
                "Digging into a hobby, such as model building or camera gear",
            ],
        },
    },
    EntryGuide {
        id: "reason-trade-off",
        zh: Guide {
            looks_for: &[
                "具体项目里的约束：预算、工期节点、性能指标、质量或安全要求",
                "几项之间怎么冲突：提性能就要加成本，赶工期就得少做测试或降低标准",
                "怎么权衡的：算账、排优先级、和项目经理或客户商量哪条是底线",
                "最后牺牲了什么、保住了什么，结果怎么样",
                "现在回头看这个取舍对不对，下次会不会换个做法",
            ],
            off_topic: &[
                "只讲排查一个故障的过程，没有任何取舍",
                "只说自己追求完美、质量第一，没有具体的一次取舍",
                "评审时和同事的技术意见分歧",
                "生活里的取舍，比如买房、选学校",
            ],
        },
        en: Guide {
            looks_for: &[
                "The project and its constraints: budget, deadlines, performance targets, quality or safety requirements",
                "Where they clashed: more performance meant more cost, the deadline meant less testing or a lower spec",
                "How they weighed it: costing it out, ranking priorities, agreeing the red lines with the PM or client",
                "What was given up, what was protected, and how it turned out",
                "Looking back, whether the call was right and what they would do differently",
            ],
            off_topic: &[
                "Only the steps of tracking down a fault, with nothing traded off",
                "Saying they always put quality first, with no actual trade-off described",
                "A disagreement with a colleague in a design or code review",
                "A personal trade-off, such as buying a house or choosing a school",
            ],
        },
    },
    EntryGuide {
        id: "reason-root-cause",
        zh: Guide {
            looks_for: &[
                "反复出现的具体问题：偶发宕机、同一处渗漏、设备反复报警、同类缺陷一再出现",
                "之前的临时处理：重启、打补丁、换零件、返工，为什么治标不治本",
                "找根本原因的方法：统计出现规律、对比数据、鱼骨图或连问五个为什么、做实验复现",
                "找到的根本原因，以及怎么验证的：改动后复测、长时间跟踪，问题不再出现",
                "为防止再犯做的改变：改设计、改流程、改规范或加监控",
            ],
            off_topic: &[
                "一次性的突发事故，处理完就没再出现过",
                "为赶工期在几个方案之间做取舍",
                "主动优化流程提升效率，并没有一个反复出现的问题",
                "为项目学习一门新技术",
            ],
        },
        en: Guide {
            looks_for: &[
                "The problem that kept coming back: random outages, the same leak, a recurring alarm, the same defect again",
                "The quick fixes tried before (restarts, patches, swapped parts, rework) and why they did not hold",
                "How they hunted the root cause: patterns in when it happened, data compared, fishbone or five whys, experiments",
                "The root cause found and the proof: retesting after the change, watching it over weeks, no recurrence",
                "What changed so it could not come back: the design, the procedure, the standard, or added monitoring",
            ],
            off_topic: &[
                "A one-off incident that was fixed once and never came back",
                "Choosing between options to meet a deadline",
                "Improving a process to save time when nothing kept failing",
                "Learning a new technology for a project",
            ],
        },
    },
    EntryGuide {
        id: "learn-new-tech",
        zh: Guide {
            looks_for: &[
                "项目需要的新东西：新的编程语言、框架、仿真软件、设计规范或施工工艺",
                "为什么时间紧：项目节点、客户要求或有人突然离开",
                "具体怎么学的：看官方文档和规范原文、先做小样例、请教懂行的人、边做边学",
                "用到项目里的结果：按期交付了什么、解决了什么问题、踩过哪些坑",
            ],
            off_topic: &[
                "平时自学、考证或读书，并不是项目急需",
                "教新人或给同事讲一项技术",
                "排查一个很难定位的故障",
                "上学时学一门课程、准备考试",
            ],
        },
        en: Guide {
            looks_for: &[
                "What the project needed: a new language, framework, simulation package, design code or construction method",
                "Why time was short: a milestone, a client demand, or someone leaving",
                "How they learned it: official docs or the standard itself, small trial pieces, people who knew it, on the job",
                "How it went in the project: what was delivered on time, what it solved, the pitfalls they hit",
            ],
            off_topic: &[
                "Studying, reading or taking a certificate in their own time, with no project needing it",
                "Teaching a new joiner or a colleague a technology",
                "Tracking down a hard-to-find fault",
                "A course or exam at university",
            ],
        },
    },
    EntryGuide {
        id: "resp-incident",
        zh: Guide {
            looks_for: &[
                "自己负责的东西出了什么事：线上故障、设备停机、构件检测不合格、返工，影响多大",
                "当时的第一反应：止损、回滚、停工、隔离、通知相关的人",
                "怎么查清原因、修复问题，和谁一起处理的",
                "事后的复盘：写事故报告、找根本原因、认下自己该负的那部分责任",
                "复盘后落实的改进：加检查项、改流程、补测试或加监控",
            ],
            off_topic: &[
                "别人负责的系统或工程出事，自己只是旁观或听说",
                "交付前就发现隐患并提前修好，没有真正出事",
                "进度延误的经历，没有事故或质量问题",
                "生活里的意外，比如交通事故或家里出事",
            ],
        },
        en: Guide {
            looks_for: &[
                "What went wrong in their own system or work: an outage, a machine down, a failed inspection, rework; the impact",
                "What they did first: contain it, roll back, stop work, isolate it, tell the people affected",
                "How they found the cause and fixed it, and who they worked with",
                "The review afterwards: incident report, root cause, owning their share of the blame",
                "What changed after the review: added checks, a new procedure, more tests or monitoring",
            ],
            off_topic: &[
                "An incident in someone else's system that they only watched or heard about",
                "A risk caught and fixed before delivery, so nothing actually went wrong",
                "A schedule slip with no incident or quality problem",
                "An accident in private life, such as a car crash or trouble at home",
            ],
        },
    },
    EntryGuide {
        id: "resp-hidden-risk",
        zh: Guide {
            looks_for: &[
                "交付前发现的具体隐患：边界情况没测到、计算余量不够、焊缝或材料质量可疑、安全隐患",
                "当时的进度压力：交付日期临近，客户或领导在催",
                "怎么确认这是真问题：复核计算、补做测试、现场检查、请人复核",
                "怎么说服项目经理或客户先修再交付，修了什么、推迟了多久",
                "不修会有什么后果，最后交付出去的质量如何",
            ],
            off_topic: &[
                "问题已经在线上或现场发生后的抢修",
                "为赶工期先带着问题交付，事后再补",
                "对工作量估计不足导致延期",
                "评审时和同事争论技术观点",
            ],
        },
        en: Guide {
            looks_for: &[
                "The risk found before handover: an untested edge case, thin design margin, a doubtful weld or batch, a hazard",
                "The pressure at the time: the delivery date close, the client or manager pushing",
                "How they confirmed it was real: rechecking calculations, extra tests, site inspection, a second opinion",
                "How they got the PM or client to fix it first, what was fixed and how long delivery slipped",
                "What would have happened otherwise, and the quality of what was finally handed over",
            ],
            off_topic: &[
                "Firefighting a problem that had already hit production or the site",
                "Shipping on time with a known problem and patching it later",
                "Underestimating the work and missing a date",
                "Arguing a technical point with a colleague in a review",
            ],
        },
    },
    EntryGuide {
        id: "resp-estimate-slip",
        zh: Guide {
            looks_for: &[
                "当初估的是什么、实际差了多少：工作量、技术难点、外部依赖或现场条件",
                "怎么发现要延期的：进度跟踪、卡在某个难点、测试一直不过",
                "发现后马上做的事：主动告诉项目经理或客户，说明原因，给出新的计划",
                "怎么补救的：加人、调整范围、换方案、加班，最后有没有按新计划完成",
                "以后估算上的改变：留余量、拆细任务、先做技术预研",
            ],
            off_topic: &[
                "别人估错了，自己被动跟着加班赶工",
                "线上事故或现场质量问题的处理",
                "为了交付质量主动决定推迟交付",
                "个人计划拖延，比如备考或装修超期",
            ],
        },
        en: Guide {
            looks_for: &[
                "What they estimated and how far off it was: effort, a technical difficulty, a dependency or site conditions",
                "How they realised the date was at risk: progress tracking, stuck on a hard part, tests that kept failing",
                "What they did straight away: told the PM or client, explained why, brought a new plan",
                "How they recovered: more people, less scope, a different approach, overtime; whether the new plan held",
                "How they estimate now: buffers, smaller tasks, a spike or prototype first",
            ],
            off_topic: &[
                "Working overtime to cover someone else's bad estimate",
                "Handling a production incident or a quality problem on site",
                "Choosing to delay delivery to fix a risk",
                "A personal plan that overran, such as exam revision or a home renovation",
            ],
        },
    },
    EntryGuide {
        id: "team-review-disagreement",
        zh: Guide {
            looks_for: &[
                "评审的具体场合：代码评审、图纸会审或设计评审，评的是什么",
                "分歧点在哪里：实现方式、结构做法、参数取值、对规范的理解",
                "双方各自的理由，怎么讨论的：拿数据、做实验、查规范、请资深同事评判",
                "最后怎么定的，自己有没有让步或改变看法",
                "定下来以后的结果，以及和这位同事后来的合作",
            ],
            off_topic: &[
                "和同事因为分工、排班或性格闹矛盾，与技术无关",
                "和业务方或领导在需求上的分歧",
                "自己一个人在几个方案中做选择，没有和谁争论",
                "带新人、指导同事的经历",
            ],
        },
        en: Guide {
            looks_for: &[
                "The review: a code review, drawing review or design review, and what was being reviewed",
                "The point of disagreement: the implementation, a construction detail, a parameter, how to read the code",
                "Each side's reasons and how they argued it: data, a quick test, the standard, a senior engineer's view",
                "What was decided, and whether they gave way or changed their mind",
                "How it turned out, and how they worked with that colleague afterwards",
            ],
            off_topic: &[
                "A falling-out with a colleague over workload, rotas or personality, not a technical point",
                "Disagreeing with the business or a manager about requirements",
                "Choosing between options alone, without arguing it with anyone",
                "Coaching a new joiner or mentoring a colleague",
            ],
        },
    },
    EntryGuide {
        id: "team-cross-discipline",
        zh: Guide {
            looks_for: &[
                "要配合的其他专业或部门：产品、测试、生产、施工方、采购或设计院",
                "为什么离不开对方：接口、图纸、工艺、测试资源或现场条件",
                "遇到的具体困难：目标不一致、信息不通、排期冲突、互相推诿",
                "自己怎么推动的：拉会对齐、定下接口和时间节点、到现场协调、请上级出面",
                "最后完成得怎么样，之后双方怎么配合",
            ],
            off_topic: &[
                "本组同事之间的技术争论",
                "一个人独立完成的技术工作，没有别的部门参与",
                "带新人上手的经历",
                "向领导汇报或解释一个技术风险",
            ],
        },
        en: Guide {
            looks_for: &[
                "The other discipline or department: product, test, production, the site contractor, procurement, the designer",
                "Why the job depended on them: interfaces, drawings, process, test resources or site conditions",
                "What got in the way: different goals, information not shared, clashing schedules, passing the buck",
                "How they moved it: meetings to align, agreed interfaces and dates, going on site, escalating to managers",
                "What was delivered in the end, and how the two sides work together since",
            ],
            off_topic: &[
                "A technical argument inside their own team",
                "Technical work done alone, with no other department involved",
                "Getting a new joiner up to speed",
                "Reporting or explaining a technical risk to a manager",
            ],
        },
    },
    EntryGuide {
        id: "team-help-colleague",
        zh: Guide {
            looks_for: &[
                "帮的是谁：被难题卡住的同事，或者刚入职的新人，卡在了什么地方",
                "具体怎么帮的：一起排查、讲清原理、结对写代码、带着去现场、给资料",
                "带新人的安排：分配练手任务、讲规范和流程、定期检查给反馈",
                "结果：难题解决了，或者新人多久能独立负责工作",
            ],
            off_topic: &[
                "自己遇到难题时请别人帮忙，或作为新人被师傅带",
                "评审时和同事争论技术观点",
                "和其他部门协调资源推进项目",
            ],
        },
        en: Guide {
            looks_for: &[
                "Who they helped: a teammate stuck on a hard problem or a new joiner, and where they were stuck",
                "How they helped: debugging together, explaining the principle, pair programming, taking them on site, material",
                "For a new joiner: starter tasks, walking through standards and procedures, regular check-ins and feedback",
                "The result: the problem solved, or how soon the new joiner worked on their own",
            ],
            off_topic: &[
                "Being helped themselves: asking for help, or being mentored as a new joiner",
                "Arguing a technical point with a colleague in a review",
                "Coordinating with other departments to get a project done",
            ],
        },
    },
    EntryGuide {
        id: "comm-explain-risk",
        zh: Guide {
            looks_for: &[
                "听的人是谁：领导、客户、业主或业务方，他们要做什么决定",
                "要讲清的技术问题或风险：系统容量、安全隐患、设计变更的影响、技术债",
                "怎么讲明白的：打比方、画图、讲后果和发生的可能性、给出成本和工期的数字",
                "给了对方哪些选项，自己建议哪一个",
                "对方最后怎么决定的，后来结果如何",
            ],
            off_topic: &[
                "和同行工程师讨论技术细节",
                "给新人讲解技术、带他上手",
                "向客户推销产品或做商务谈判",
                "只讲排查技术问题的过程，没有提向谁解释",
            ],
        },
        en: Guide {
            looks_for: &[
                "Who had to decide: a manager, the client, the owner or the business, and what decision it was",
                "The technical problem or risk: capacity, a safety hazard, the impact of a design change, technical debt",
                "How they made it clear: analogies, sketches, consequences and likelihood, figures for cost and time",
                "The options they laid out and the one they recommended",
                "What was decided, and how it turned out",
            ],
            off_topic: &[
                "Discussing technical details with fellow engineers",
                "Teaching a new joiner the technology",
                "Selling a product to a customer or negotiating a deal",
                "Only how they solved the technical problem, with no one to explain it to",
            ],
        },
    },
    EntryGuide {
        id: "improve-process",
        zh: Guide {
            looks_for: &[
                "原来流程的毛病：重复的手工操作、等待时间长、返工多、缺陷漏到后面环节",
                "自己主动提出的改进：自动化脚本、持续集成、检查清单、工装夹具、标准模板",
                "怎么推行下去的：说服团队、先试点、做培训、改写规范",
                "改进前后的变化，有具体数字：省了多少时间，缺陷率或返工率降了多少",
            ],
            off_topic: &[
                "领导布置的改进任务，自己只是照做",
                "修好了一个具体的故障，流程没有变",
                "提升个人效率的习惯，比如时间管理或学习方法",
                "和其他部门配合完成一个项目",
            ],
        },
        en: Guide {
            looks_for: &[
                "What was wrong with the old process: repetitive manual steps, long waits, rework, defects caught too late",
                "The change they proposed themselves: automation scripts, CI, checklists, jigs and fixtures, standard templates",
                "How they got it adopted: convincing the team, a pilot, training, rewriting the procedure",
                "The measured difference: time saved, defect or rework rate down by how much",
            ],
            off_topic: &[
                "An improvement their manager assigned, which they only carried out",
                "Fixing one particular fault without changing how the team works",
                "Personal productivity habits, such as time management or study methods",
                "Working with another department to finish a project",
            ],
        },
    },
];
