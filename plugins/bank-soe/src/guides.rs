//! What a good answer to each behavioural question tells, and what answers
//! that miss it tell instead, in Chinese and English: the answer guides of
//! API 0.2.0, planned with the questions, shown to staff beside the answers
//! and read by rubrics (rubric-semantic) to judge relevance.

use panel_plugin_sdk::bank::{EntryGuide, Guide};

/// The guides, by question id.
pub const GUIDES: &[EntryGuide] = &[
    EntryGuide {
        id: "soe-collective-first",
        zh: Guide {
            looks_for: &[
                "个人利益和单位利益冲突的具体事情：评优名额、晋升机会、奖金分配、休假、岗位调动",
                "当时面临的取舍：自己想要什么，集体需要什么",
                "最后怎么做的：把名额让给同事、服从组织调配、推迟个人安排",
                "对集体的结果，自己付出了什么，事后怎么看这次取舍",
            ],
            off_topic: &[
                "临时放下手头工作支援别的部门赶任务，不涉及个人利益的取舍",
                "单位经营困难时选择留下来",
                "拒绝供应商送礼、坚持廉洁原则",
                "为了家庭放弃了单位安排的机会",
            ],
        },
        en: Guide {
            looks_for: &[
                "A concrete clash of interests: an award nomination, a promotion, how a bonus was shared, leave, a transfer",
                "The trade-off they faced: what they wanted for themselves against what the organisation needed",
                "What they did: giving the place to a colleague, accepting a reassignment, putting personal plans off",
                "How it turned out for the organisation, what it cost them, and how they see it now",
            ],
            off_topic: &[
                "Dropping their own work to help another department with a rush job, with no personal stake given up",
                "Staying with the organisation through a bad financial period",
                "Turning down a supplier's gift on principle",
                "Turning down an opportunity at work for family reasons",
            ],
        },
    },
    EntryGuide {
        id: "soe-support-others",
        zh: Guide {
            looks_for: &[
                "别的同事或部门的一项紧急任务：迎检材料、设备抢修、年底结算、突击项目，时间有多紧",
                "自己手上当时在做什么，怎么放下或往后排的，有没有和领导打招呼",
                "过去支援具体干了哪些活，和对方怎么配合",
                "紧急任务的结果，以及自己原来的工作怎么补上、受了什么影响",
            ],
            off_topic: &[
                "在评优、晋升等个人利益上让给别人",
                "自己牵头协调几个部门完成任务",
                "本部门内部的日常分工配合，没有放下自己的工作",
                "主动接下一项没人愿意干的难活",
            ],
        },
        en: Guide {
            looks_for: &[
                "Another colleague's or department's urgent job: papers for an inspection, an emergency repair, year-end accounts",
                "What the candidate was working on at the time, how they set it aside, and whether they cleared it with their manager",
                "What they actually did once they went to help, and how they worked with the other side",
                "How the urgent job ended, and how their own work was caught up and what it cost",
            ],
            off_topic: &[
                "Giving up an award or promotion in favour of someone else",
                "Leading the coordination of several departments as the one in charge",
                "Routine teamwork within their own department, with nothing set aside",
                "Volunteering for a hard task nobody else wanted",
            ],
        },
    },
    EntryGuide {
        id: "soe-hard-task",
        zh: Guide {
            looks_for: &[
                "一项别人都推脱的难活：历史遗留问题、难缠的项目或对象、陌生的业务，难在哪里",
                "自己为什么主动请缨接下",
                "过程中遇到的具体困难：人手、资源、阻力、技术难题，以及怎么一个个解决的",
                "最后的结果：任务完成到什么程度，给单位带来了什么",
            ],
            off_topic: &[
                "领导直接指派的任务，自己只是服从完成",
                "本来就是分内的工作，只是条件艰苦、工作量大而咬牙坚持",
                "放下自己的工作去支援别的部门",
                "工作出了问题后站出来承担责任",
            ],
        },
        en: Guide {
            looks_for: &[
                "A job everyone else avoided (a long-standing problem, a difficult project or party, unfamiliar work) and why it was hard",
                "Why the candidate put themselves forward for it",
                "The obstacles along the way: staffing, resources, resistance, technical snags, and how each was dealt with",
                "The result: how far the task got done, and what the organisation gained",
            ],
            off_topic: &[
                "A task their manager assigned directly, simply carried out",
                "Their normal duties, pushed through under hard conditions or a heavy workload",
                "Setting their own work aside to help another department",
                "Owning up when something at work went wrong",
            ],
        },
    },
    EntryGuide {
        id: "soe-own-mistake",
        zh: Guide {
            looks_for: &[
                "工作中出的具体问题：数据差错、工期延误、安全或质量事故、群众投诉，造成了什么影响",
                "自己主动站出来：向领导说明情况、不推给别人，讲清自己的责任在哪",
                "当时怎么处理补救，把损失和影响降下来",
                "事后改进了什么：制度、流程、复核环节、自己的工作习惯",
            ],
            off_topic: &[
                "发现别人工作中的问题并向上反映，自己没有责任",
                "主动接下一项没人愿意干的难活",
                "坚持按流程办事，事先避免了出错",
                "一次顺利完成、没有出问题的成功经历",
            ],
        },
        en: Guide {
            looks_for: &[
                "A concrete thing that went wrong: an error in figures, a delay, a safety or quality incident, a public complaint",
                "The candidate stepping forward: telling their manager, not passing it on, saying where they were at fault",
                "How they dealt with it at the time to limit the damage",
                "What was improved afterwards: rules, procedures, a review step, their own working habits",
            ],
            off_topic: &[
                "Reporting a problem in someone else's work, with no responsibility of their own",
                "Volunteering for a hard task nobody else wanted",
                "Following procedure to the letter and so avoiding a mistake beforehand",
                "A success story where nothing went wrong",
            ],
        },
    },
    EntryGuide {
        id: "soe-integrity-pressure",
        zh: Guide {
            looks_for: &[
                "具体的诱惑或不合规要求：供应商送礼送购物卡、请吃饭、托人说情、要求改数据或放宽验收",
                "对方是谁、和自己是什么关系，当时承受了什么压力",
                "自己怎么拒绝和抵制：当面婉拒、退回礼品、按规定向领导或纪检部门报告",
                "后来怎样：业务照规定办理、对方的反应、对自己有什么影响",
            ],
            off_topic: &[
                "平时按制度流程办事虽然麻烦，但没有人给好处或施压",
                "在政策框架内想办法把一件复杂的事办成",
                "发现工作中的问题如实向领导汇报",
                "泛泛表态自己廉洁自律，没有具体事例",
            ],
        },
        en: Guide {
            looks_for: &[
                "The temptation or improper request: gifts or vouchers from a supplier, a dinner, pulling strings, altering figures",
                "Who was behind it, how they were connected to the candidate, and the pressure felt",
                "How they refused: declining politely, returning the gift, reporting it to their manager or the compliance office",
                "What followed: the matter handled by the rules, the other side's reaction, the effect on the candidate",
            ],
            off_topic: &[
                "Sticking to slow procedures when nobody offered anything or leaned on them",
                "Finding a way to get a complex job done within the policies",
                "Reporting a problem at work truthfully to their manager",
                "General statements about being honest and clean, with no actual event",
            ],
        },
    },
    EntryGuide {
        id: "soe-by-the-book",
        zh: Guide {
            looks_for: &[
                "一件按制度办更费时费力的具体事：审批、招标采购、报销、合同会签、安全操作规程",
                "当时有人想走捷径：催进度、先办事后补手续、跳过某个环节",
                "自己怎么权衡：走捷径的风险、制度的要求，以及怎么说服对方或争取时间",
                "结果：按规定办完用了多久，后来有没有因此在审计或检查中避开问题",
            ],
            off_topic: &[
                "有人送礼或许以好处，自己拒绝了",
                "为了效率打破常规、简化流程取得成绩",
                "不赞同领导的安排但仍然照办",
                "在政策约束下另找合规的办法把难事办成",
            ],
        },
        en: Guide {
            looks_for: &[
                "A task where the rules made it slower: approvals, tendering and procurement, expense claims, contract sign-off",
                "Someone wanting a shortcut: pushing for speed, doing it first and the paperwork later, skipping a step",
                "How the candidate weighed it: the risk of the shortcut against the rules, and how they won time or agreement",
                "The result: how long it took by the book, and whether it later spared them trouble in an audit or inspection",
            ],
            off_topic: &[
                "Refusing a gift or a favour offered to them",
                "Cutting red tape or bending procedure to get results faster",
                "Carrying out a manager's decision they disagreed with",
                "Finding a new compliant route to get a hard problem solved",
            ],
        },
    },
    EntryGuide {
        id: "soe-carry-out",
        zh: Guide {
            looks_for: &[
                "领导的具体安排是什么，自己原来的想法有什么不同、理由是什么",
                "有没有、怎么向领导反映意见：什么场合、怎么说的、领导怎么回复",
                "决定之后自己怎么不打折扣地落实：具体做了哪些工作",
                "最后的结果，以及事后对领导决定和自己看法的认识",
            ],
            off_topic: &[
                "说服领导改变决定、按自己的方案去做",
                "和平级同事在工作做法上的分歧",
                "领导安排的任务自己完全赞同，只是按时完成",
                "拒绝执行不合规的要求",
            ],
        },
        en: Guide {
            looks_for: &[
                "The manager's decision and how the candidate's own view differed, with their reasons",
                "Whether and how they raised it: when, what they said, and the manager's reply",
                "How they then carried the decision out in full: the actual work they did",
                "How it ended, and what they made afterwards of the decision and their own view",
            ],
            off_topic: &[
                "Talking the manager round so their own plan was used instead",
                "A disagreement with a peer about how to do the work",
                "An instruction they fully agreed with, simply delivered on time",
                "Refusing to carry out a request that broke the rules",
            ],
        },
    },
    EntryGuide {
        id: "soe-hardship",
        zh: Guide {
            looks_for: &[
                "艰苦的具体条件：野外或偏远现场、高温严寒、连续倒班、人手短缺、长期加班",
                "任务有多重、持续了多久、最难的是什么",
                "自己怎么坚持下来：安排节奏、同事之间互相支撑、调整心态",
                "工作最后完成的情况，以及这段经历对自己的影响",
            ],
            off_topic: &[
                "主动接下没人愿意干的难题，难在任务本身而不是条件艰苦",
                "单位经营困难时选择留下来",
                "生活中的困难时期，比如家人生病、脱产备考",
            ],
        },
        en: Guide {
            looks_for: &[
                "The hard conditions: a remote or outdoor site, extreme heat or cold, back-to-back shifts, too few hands",
                "How heavy the workload was, how long it lasted, and the hardest part",
                "How they kept going: pacing the work, colleagues backing each other up, keeping their spirits up",
                "How the job was finished, and what the period meant for them",
            ],
            off_topic: &[
                "Volunteering for a hard task where the difficulty lay in the problem, not the conditions",
                "Staying with the organisation through a bad financial period",
                "A hard time in private life, such as a family illness or studying for exams",
            ],
        },
    },
    EntryGuide {
        id: "soe-hard-times",
        zh: Guide {
            looks_for: &[
                "单位或团队遇到的具体困难：经营亏损、改制重组、项目停工、人员大量流失、降薪",
                "当时有离开的选择：别的单位邀请、同事纷纷调走或跳槽",
                "留下来后具体做了什么：接下走掉的人的工作、开拓业务、稳住团队、降本增效",
                "单位或团队后来怎么走出困境，自己起了什么作用",
            ],
            off_topic: &[
                "单位本身没有困难，只是自己在艰苦条件下完成一项繁重任务",
                "外界质疑单位时站出来维护声誉",
                "因为待遇更好离开原单位的经历",
                "只表态自己忠诚、愿与单位同甘共苦，没有具体经历",
            ],
        },
        en: Guide {
            looks_for: &[
                "The organisation's or team's difficulty: losses, restructuring, a halted project, many people leaving, pay cuts",
                "The chance to leave they had: an offer elsewhere, colleagues transferring or quitting",
                "What they did after staying: taking on leavers' work, finding new business, holding the team together, cutting costs",
                "How the organisation or team came through, and the candidate's part in it",
            ],
            off_topic: &[
                "A heavy task finished under hard conditions while the organisation itself was doing fine",
                "Defending the organisation's reputation against outside criticism",
                "Leaving a previous employer for better pay",
                "Declarations of loyalty with no actual period of difficulty described",
            ],
        },
    },
    EntryGuide {
        id: "soe-defend-reputation",
        zh: Guide {
            looks_for: &[
                "单位利益或声誉受损的具体事件：媒体或网上的负面报道、群众投诉、合作方违约、不实传言",
                "外面是谁在质疑，质疑的是什么",
                "自己主动做了什么：核实事实、向领导报告、按规定对外说明、收集证据、依合同追究",
                "结果：误会澄清、损失挽回、舆情平息，以及单位后续的整改",
            ],
            off_topic: &[
                "单位内部经营困难时选择留下来",
                "向服务对象解释一项不受欢迎的政策",
                "处理一位客户对个人服务态度的投诉",
                "工作出错后自己承担责任",
            ],
        },
        en: Guide {
            looks_for: &[
                "The event that hurt the organisation: negative press or posts, public complaints, a partner breaking a contract, rumours",
                "Who outside was questioning it, and about what",
                "What the candidate did: checking the facts, informing their manager, official statements, gathering evidence",
                "The outcome: the misunderstanding cleared up, losses recovered, the criticism dying down, and any fixes made",
            ],
            off_topic: &[
                "Staying on while the organisation struggled internally",
                "Explaining an unpopular policy to the people they serve",
                "Handling one customer's complaint about their own service",
                "Owning up to their own mistake at work",
            ],
        },
    },
    EntryGuide {
        id: "soe-cross-department",
        zh: Guide {
            looks_for: &[
                "自己牵头的具体任务和涉及的部门或单位：财务、采购、生产、属地政府、施工方等",
                "各方诉求有什么不同，卡在哪里",
                "怎么推动的：开协调会、逐个上门沟通、找共同目标、明确分工和时间节点、请领导出面",
                "任务最后的完成情况和用时，以及形成的协作机制",
            ],
            off_topic: &[
                "放下自己的工作去支援别的部门，自己不是牵头人",
                "本部门内部带队分工，不涉及其他部门",
                "和一位同事之间的个人分歧",
                "向服务对象解释政策、做思想工作",
            ],
        },
        en: Guide {
            looks_for: &[
                "The job the candidate led and the departments or bodies involved: finance, procurement, operations, local government",
                "What each party wanted and where things were stuck",
                "How they moved it forward: coordination meetings, one-to-one talks, shared goals, clear roles and deadlines",
                "How and when the job was finished, and any lasting way of working together that came out of it",
            ],
            off_topic: &[
                "Helping out another department without being the one in charge",
                "Running their own team inside one department, with no other departments involved",
                "A personal disagreement with one colleague",
                "Explaining a policy to the public and winning them over",
            ],
        },
    },
    EntryGuide {
        id: "soe-explain-policy",
        zh: Guide {
            looks_for: &[
                "不受欢迎的具体政策或决定：考勤或报销制度收紧、收费标准调整、搬迁、福利变动、流程改变",
                "面对的是谁：同事、职工、群众或客户，他们有什么不满和顾虑",
                "怎么解释和推行：讲清依据和原因、一对一谈、听取意见、把能解决的实际困难解决掉",
                "对方最后接受了没有，政策落实得怎么样",
            ],
            off_topic: &[
                "自己不赞同领导的决定，但仍然照办",
                "处理一位客户对服务质量的投诉",
                "牵头协调几个部门完成一项任务",
                "向领导汇报一个坏消息",
            ],
        },
        en: Guide {
            looks_for: &[
                "The unpopular policy or decision: tighter attendance or expense rules, new fees, a relocation, cut benefits",
                "Who had to accept it (colleagues, staff, residents or clients) and what they objected to",
                "How the candidate explained and applied it: the reasons behind it, one-to-one talks, listening, fixing real hardships",
                "Whether people accepted it in the end, and how well it was put into practice",
            ],
            off_topic: &[
                "Carrying out a manager's decision they personally disagreed with",
                "Handling one customer's complaint about service quality",
                "Coordinating several departments to finish a job",
                "Breaking bad news to their manager",
            ],
        },
    },
    EntryGuide {
        id: "soe-report-truthfully",
        zh: Guide {
            looks_for: &[
                "发现的具体问题：数据不实、进度滞后、安全隐患、账目差错，或者自己的失误",
                "为什么是坏消息：影响考核、让领导或自己难堪、牵涉到熟人",
                "怎么汇报的：及时、讲清事实和影响、不隐瞒不粉饰、同时带上处理建议",
                "领导的反应，问题后来怎么解决的",
            ],
            off_topic: &[
                "拒绝供应商的礼品或好处",
                "说服领导采纳自己的方案",
                "向领导汇报工作成绩和好消息",
                "自己发现问题后悄悄处理掉，没有向领导报告",
            ],
        },
        en: Guide {
            looks_for: &[
                "The problem found: false figures, a slipping schedule, a safety hazard, an accounting error, or their own mistake",
                "Why it was bad news: it would hurt targets, embarrass the manager or the candidate, or involve people they knew",
                "How they reported it: promptly, with the facts and impact, nothing hidden or dressed up, and a proposed fix",
                "How the manager responded and how the problem was resolved",
            ],
            off_topic: &[
                "Turning down a supplier's gift or favour",
                "Persuading the manager to adopt their proposal",
                "Reporting achievements and good news to the manager",
                "Quietly fixing a problem without ever telling the manager",
            ],
        },
    },
    EntryGuide {
        id: "soe-compliant-solution",
        zh: Guide {
            looks_for: &[
                "一件复杂的具体事情，以及卡住它的政策或制度：预算规定、招标采购、审批权限、资质要求",
                "自己怎么吃透政策：查文件、咨询法务或财务、请示上级主管部门",
                "找到的合规办法：调整方案、分步办理、走正规的特殊审批渠道",
                "结果：事情办成了、用了多长时间，经得起审计和检查",
            ],
            off_topic: &[
                "为了把事办成绕开制度、打擦边球",
                "拒绝别人送的礼品或好处",
                "只讲坚持按原流程办、宁慢勿错，没有解决难题",
                "纯技术难题，不涉及政策和制度",
            ],
        },
        en: Guide {
            looks_for: &[
                "A complex piece of work and the rule holding it up: budget rules, tendering, approval limits, licensing",
                "How the candidate got to grips with the rules: reading the regulations, asking legal or finance, consulting higher up",
                "The compliant way they found: reshaping the plan, doing it in stages, using a proper special-approval route",
                "The result: the job done, how long it took, and that it stood up to audit and inspection",
            ],
            off_topic: &[
                "Getting round the rules or exploiting a grey area to get it done",
                "Turning down a gift or favour",
                "Simply insisting on the usual procedure even though it was slow, with no hard problem solved",
                "A purely technical problem with no policy or rules involved",
            ],
        },
    },
    EntryGuide {
        id: "soe-expertise",
        zh: Guide {
            looks_for: &[
                "单位的一个实际问题：设备故障、成本偏高、工艺或流程效率低、系统差错、合同风险",
                "用到的专业知识和手段：测算、检测、设计、数据分析、法规条款",
                "自己具体做了哪些工作，关键的判断是什么",
                "带来的效果：节约了多少成本、效率提高多少、避免了什么损失",
            ],
            off_topic: &[
                "为了工作学一项新政策或新技术的过程，重点在学习",
                "牵头协调各部门推进任务",
                "在艰苦条件下坚持把工作做完",
                "考取职业资格证书的经历",
            ],
        },
        en: Guide {
            looks_for: &[
                "A real problem for the organisation: equipment failure, high costs, a slow process, system errors, contract risk",
                "The expertise and tools used: calculations, testing, design work, data analysis, knowledge of the regulations",
                "What the candidate personally did, and the key judgement they made",
                "The difference it made: money saved, efficiency gained, losses avoided",
            ],
            off_topic: &[
                "Learning a new policy or technique for the job, where the story is about the learning",
                "Coordinating several departments to push a task through",
                "Seeing a job through under hard conditions",
                "Earning a professional qualification",
            ],
        },
    },
    EntryGuide {
        id: "soe-master-the-job",
        zh: Guide {
            looks_for: &[
                "为什么要学：本职工作遇到了新政策、新规范、新系统或新技术",
                "自己主动怎么学：研读文件、参加培训、请教老师傅、做笔记、动手试",
                "学会后用在了哪项具体工作上",
                "用上之后的效果：差错减少、效率提高、顺利通过检查、能带别人",
            ],
            off_topic: &[
                "单位统一组织的培训，只讲培训内容，没有用到工作中",
                "用已有的专业能力解决问题，没有学新东西",
                "为了跳槽或个人兴趣考证、进修",
                "主动接下一项没人愿意干的难活",
            ],
        },
        en: Guide {
            looks_for: &[
                "Why they needed to learn: a new policy, regulation, system or technique affecting their own job",
                "How they learned on their own initiative: studying the documents, training, an experienced colleague, practice",
                "The piece of work where they put it to use",
                "What changed once they did: fewer errors, faster work, an inspection passed, able to teach others",
            ],
            off_topic: &[
                "Company-wide training they attended, told without any use at work",
                "Solving a problem with expertise they already had, nothing new learned",
                "Studying for a certificate or course to change jobs or for personal interest",
                "Volunteering for a hard task nobody else wanted",
            ],
        },
    },
];
