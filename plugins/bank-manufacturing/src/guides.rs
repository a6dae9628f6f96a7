//! What a good answer to each behavioural question tells, and what answers
//! that miss it tell instead, in Chinese and English: the answer guides of
//! API 0.2.0, planned with the questions, shown to staff beside the answers
//! and read by rubrics (rubric-semantic) to judge relevance.

use panel_plugin_sdk::bank::{EntryGuide, Guide};

/// The guides, by question id.
pub const GUIDES: &[EntryGuide] = &[
    EntryGuide {
        id: "mfg-bottleneck",
        zh: Guide {
            looks_for: &[
                "卡住产能的具体工序或设备：哪一站、节拍多长、前面堆了多少在制品",
                "怎么找到瓶颈的：到现场观察、秒表测节拍、看设备稼动率或各工序产量报表",
                "针对瓶颈做的改动：拆分工序、加工装或人手、调设备参数、改排产或物料配送",
                "改善前后的产量对比：每小时或每班产出提升多少、节拍缩短多少",
            ],
            off_topic: &[
                "设备突然坏了停线抢修，没有分析是哪道工序限制了产能",
                "产品不良或客户质量投诉，讲的是不良率而不是产量",
                "赶急单时靠加班加人硬顶出来，没有找出并改掉卡脖子的工序",
                "只说自己效率高、善于发现问题，没有具体哪一条线",
            ],
        },
        en: Guide {
            looks_for: &[
                "The station or machine holding the line back: its cycle time and the work-in-progress piling up before it",
                "How the bottleneck was found: time studies on the floor, watching queues, machine utilisation or output data",
                "What was changed there: splitting the operation, extra fixtures or people, machine settings, scheduling, material supply",
                "Output before and after: units per hour or per shift, or cycle time, with the measured gain",
            ],
            off_topic: &[
                "A sudden machine breakdown and its repair, with no look at which step limited the line's output",
                "A defect or customer quality complaint, where the story is about scrap rates rather than throughput",
                "Meeting a rush order with overtime and extra people, without finding the step that held output back",
                "General claims of being efficient and good at spotting problems, with no particular line",
            ],
        },
    },
    EntryGuide {
        id: "mfg-capacity-project",
        zh: Guide {
            looks_for: &[
                "一个具体的改善项目：线平衡、快速换型、减少等待或搬运，针对哪条线、哪个产品",
                "自己在项目里负责什么：测时、画价值流图、出方案、培训员工还是牵头推进",
                "具体改了什么：工位作业重新分配、换型内外作业分开、物料配送或布局调整",
                "改善前后的数据：节拍、换型时间、人均产出、设备综合效率各是多少",
                "项目里还有谁：工艺、设备、班组长，大家怎么分工配合",
            ],
            off_topic: &[
                "减少物料损耗或能耗省钱的项目，讲的是成本而不是产能和效率",
                "只说参加过精益培训、懂线平衡和快速换型的方法，没有实际做过的项目",
                "某一次缺人或赶急单靠加班顶过去，没有持续的改善",
                "分析并解决一个产品质量问题的根本原因",
            ],
        },
        en: Guide {
            looks_for: &[
                "A named project such as line balancing, quicker changeovers (SMED) or less waiting, on a particular line or product",
                "The candidate's own part: time studies, value-stream maps, designing the change, training operators, leading it",
                "What actually changed: tasks redistributed across stations, changeover steps moved offline, layout or material flow",
                "Figures before and after: cycle time, changeover minutes, output per operator or OEE",
                "Who else was on the project, such as process engineers, maintenance and line leads, and how the work was split",
            ],
            off_topic: &[
                "Cutting scrap, energy or material costs, where the gain is money saved rather than capacity",
                "Lean training or knowing the theory of line balancing and SMED, with no project actually carried out",
                "Getting through one short-staffed shift or rush order with overtime, with no lasting change",
                "Root-cause analysis of a product quality defect",
            ],
        },
    },
    EntryGuide {
        id: "mfg-cost-reduction",
        zh: Guide {
            looks_for: &[
                "具体是哪一项成本：原材料边角料、报废、水电气能耗、返工工时或辅料消耗",
                "怎么发现这个机会的：看损耗报表、盘点差异、现场看到浪费、员工提的合理化建议",
                "采取的措施：改下料排版、堵漏气、设备空转时停机、改工艺减少返工、回收再利用",
                "省下了多少：每月或每年节约多少钱，损耗率或单耗从多少降到多少",
            ],
            off_topic: &[
                "提升产量或缩短节拍的效率改善，没有说省下了哪项费用",
                "和供应商谈价格、压采购成本，不是生产现场的损耗或能耗",
                "处理客户质量投诉、追查不良原因，没有算节约了多少",
                "只说自己有成本意识、平时注意节约，没有具体的一次",
            ],
        },
        en: Guide {
            looks_for: &[
                "Which cost it was: material offcuts, scrap, electricity, gas or compressed air, rework hours or consumables",
                "How the opportunity was spotted: scrap reports, stock count gaps, waste seen on the floor, an operator's suggestion",
                "What was done: better cutting plans, fixing air leaks, idle machines switched off, a process change to end rework, reuse",
                "The saving: money per month or per year, or the scrap or energy rate before and after",
            ],
            off_topic: &[
                "An output or cycle-time improvement, with no cost named and no money saved",
                "Negotiating lower prices with a supplier, away from waste or energy on the shop floor",
                "Handling a customer's quality complaint or tracing a defect, with no saving counted",
                "Saying one is cost-conscious and careful with money, with no particular case",
            ],
        },
    },
    EntryGuide {
        id: "mfg-short-handed",
        zh: Guide {
            looks_for: &[
                "缺人的具体情况：请假、离职、新人多，班上少了几个人、缺在哪些岗位",
                "怎么调配人员：多能工顶岗、班组长自己上线、向别的班组借人、临时培训",
                "怎么安排生产：先保急单和关键工序、调整排产顺序、合理安排加班",
                "结果：当班计划完成了多少、交期有没有保住、质量和安全有没有出问题",
            ],
            off_topic: &[
                "设备故障停线的抢修，班上人手是够的",
                "两名员工闹矛盾，或者帮一个表现差的员工改进",
                "跨部门协调计划、采购、品质赶急单，班组人员是齐的",
                "自己一个人加班把手上的活干完，没有带班组",
            ],
        },
        en: Guide {
            looks_for: &[
                "Why the shift was short: sickness, people quitting, many new starters; how many missing and from which stations",
                "How people were redeployed: multi-skilled operators moved, the lead on the line, borrowing from another shift",
                "How the work was scheduled: urgent orders and key operations first, sequence changed, overtime planned",
                "The result: how much of the shift plan was met, whether delivery held, any quality or safety slips",
            ],
            off_topic: &[
                "A machine breakdown that stopped the line while the shift was fully staffed",
                "Two operators falling out, or coaching one poor performer",
                "Chasing planning, purchasing and quality for a rush order, with the crew at full strength",
                "Working overtime alone to finish one's own tasks, with no team to lead",
            ],
        },
    },
    EntryGuide {
        id: "mfg-team-member",
        zh: Guide {
            looks_for: &[
                "具体的人和事：两名员工为分工、排班或计件起了争执，或某个员工产量低、不良多、常违规",
                "先弄清原因：分别找当事人谈、查记录、到工位上观察",
                "采取的做法：调岗、重新分工、安排老员工带、定改进目标、定期跟进",
                "后来这个人或这两个人怎么样：产量、质量、出勤有没有变化，关系是否缓和",
            ],
            off_topic: &[
                "自己和上级或其他部门之间的分歧",
                "整个班组缺人时的人员调配和排产",
                "推行作业指导书时全班员工普遍抵触",
                "自己刚入职时被师傅带、自己怎么进步的",
            ],
        },
        en: Guide {
            looks_for: &[
                "The people and the issue: operators arguing over tasks, shifts or piece rates, or one with low output or defects",
                "Finding out why first: talking to each person separately, checking records, watching them at the station",
                "What the lead did: moved someone, reassigned tasks, paired them with a veteran, set targets, followed up regularly",
                "How the person or pair did afterwards: output, quality or attendance, and whether relations improved",
            ],
            off_topic: &[
                "A disagreement between the candidate and their own manager or another department",
                "Covering gaps when the whole shift was short-staffed",
                "Getting the whole crew to follow work instructions they resisted",
                "Being trained by a mentor as a new starter and how the candidate improved",
            ],
        },
    },
    EntryGuide {
        id: "mfg-standard-work",
        zh: Guide {
            looks_for: &[
                "哪份作业指导书、哪道工序，员工原来怎么凭经验操作或省掉步骤",
                "遇到的具体阻力：老员工嫌麻烦、怕影响计件产量、不认同新标准",
                "怎么推动的：讲清不按标准的后果、现场示范、修改不合理的条款、培训考核、巡线检查",
                "结果：执行情况或稽核结果怎么样，不良或事故有没有减少",
            ],
            off_topic: &[
                "只讲自己编写或修订作业指导书，没有讲怎么让员工照着做",
                "帮某一个表现差的员工提高产量",
                "自己学习掌握一项新工艺或新设备",
                "客户投诉后追查质量问题的原因",
            ],
        },
        en: Guide {
            looks_for: &[
                "Which work instruction and operation, and how operators had been skipping steps or working from habit",
                "The resistance: veteran operators finding it slow, fearing lost piece-rate output, or doubting the new standard",
                "How it was pushed through: explaining consequences, demonstrating, fixing unworkable steps, training, line audits",
                "The result: compliance or audit scores, fewer defects or incidents",
            ],
            off_topic: &[
                "Writing or revising the instructions at a desk, with nothing on getting operators to follow them",
                "Coaching one underperforming operator on output",
                "Personally learning a new process or machine",
                "Tracing the root cause of a customer's quality complaint",
            ],
        },
    },
    EntryGuide {
        id: "mfg-handover",
        zh: Guide {
            looks_for: &[
                "交接班漏掉了什么：设备异常、换型进度、缺料、待处理的不良品或安全注意事项",
                "因此出了什么问题：下一班接着做出了不良、设备受损、停线等料或重复作业",
                "改进了什么：交接班记录表或看板、班前会、到现场当面交接、双方签字确认",
                "改了以后的效果：同类问题是否再出现，交接的信息是否完整",
            ],
            off_topic: &[
                "设备突然故障的抢修过程，和交接班无关",
                "班组成员之间的个人矛盾",
                "和客户或其他部门沟通交期",
                "泛泛地说自己沟通能力强、做事细心",
            ],
        },
        en: Guide {
            looks_for: &[
                "What the handover missed: a machine fault, a half-done changeover, a material shortage, parts on hold, a safety warning",
                "What went wrong as a result: the next shift ran bad parts, damaged a machine, waited for material or repeated work",
                "What was changed: a handover sheet or board, a start-of-shift briefing, handover face to face at the line, sign-off",
                "Whether it worked: the same problem not coming back, handovers more complete",
            ],
            off_topic: &[
                "Repairing a sudden breakdown, with no link to what one shift told the next",
                "A personal quarrel between two operators",
                "Agreeing delivery dates with a customer or another department",
                "General claims of being careful and a good communicator",
            ],
        },
    },
    EntryGuide {
        id: "mfg-rush-order",
        zh: Guide {
            looks_for: &[
                "紧急插单或交期提前：哪个客户、要多少、提前了几天、原计划怎么被打乱",
                "和计划、采购、品质、仓库怎么协调：调整排产、催料、加急检验、安排发运",
                "现场的安排：调整产线、安排加班、优先保证关键物料和工序",
                "最后有没有按时交付、交了多少，对其他订单有什么影响",
            ],
            off_topic: &[
                "班组缺人时的人员调配，不涉及其他部门和订单交期",
                "找出产线瓶颈工序、长期提升产能",
                "处理客户的质量投诉",
            ],
        },
        en: Guide {
            looks_for: &[
                "The rush: which customer, what quantity, how many days earlier than planned, which plans it upset",
                "Coordinating planning, purchasing, quality and the warehouse: re-sequencing, expediting material, fast inspection",
                "Arrangements on the floor: line changes, overtime, priority for key materials and operations",
                "Whether it shipped on time and in full, and the effect on other orders",
            ],
            off_topic: &[
                "Covering a short-staffed shift, with no order deadline and no other departments involved",
                "Clearing a bottleneck station to raise output for good",
                "Handling a customer's quality complaint",
            ],
        },
    },
    EntryGuide {
        id: "mfg-near-miss",
        zh: Guide {
            looks_for: &[
                "具体的隐患或未遂事件：防护罩被拆、地面油污、叉车险些撞人、带电作业、化学品泄漏",
                "当场怎么处理的：叫停作业、隔离现场、上锁挂牌、撤离人员、向上报告",
                "事后查原因、定整改：加防护装置、改作业流程、安全培训、加标识和巡检",
                "后来同类隐患有没有再出现，整改有没有推广到其他产线",
            ],
            off_topic: &[
                "产品质量缺陷或客户投诉，和人身安全无关",
                "设备坏了影响产量的抢修，没有人员受伤的风险",
                "空谈安全第一的重要性，没有具体的一次",
            ],
        },
        en: Guide {
            looks_for: &[
                "The hazard or near-miss: a guard removed, oil on the floor, a forklift nearly hitting someone, live work, a leak",
                "Action on the spot: stopping the job, cordoning off the area, lockout-tagout, moving people away, reporting it",
                "Afterwards: the cause investigated and fixed with guards, changed procedures, safety training, signs or inspections",
                "Whether the hazard came back, and whether the fix was spread to other lines",
            ],
            off_topic: &[
                "A product defect or customer quality complaint, with no risk to people",
                "Repairing a broken machine to get output back, with no one at risk",
                "Talking in general about why safety comes first, with no particular incident",
            ],
        },
    },
    EntryGuide {
        id: "mfg-safety-vs-output",
        zh: Guide {
            looks_for: &[
                "安全和进度怎么冲突的：赶交期时有人想拆防护、不停机清理卡料、跳过点检或超负荷运转",
                "自己当时的决定：停线、放慢节奏、先整改再生产，为此损失了多少产量",
                "怎么说服相关的人：向车间主任或计划讲清风险、算清代价、和员工讲道理、找替代办法",
                "结果：进度后来怎么补回来的，有没有出事故，领导和员工后来的态度",
            ],
            off_topic: &[
                "发现一个安全隐患并整改，当时没有进度压力，也不用取舍",
                "质量和交期冲突，要不要放行检验结果在临界值的批次",
                "赶急单时协调各部门，没有涉及安全",
            ],
        },
        en: Guide {
            looks_for: &[
                "The clash: under deadline pressure someone wanted to remove a guard, clear a jam running, skip checks or overload",
                "The decision taken: stopping the line, slowing down or fixing first, and how much output it cost",
                "Bringing people along: explaining the risk to the manager or planner, weighing the cost, talking to operators",
                "How it ended: how the schedule was recovered, whether anyone was hurt, how managers and operators reacted",
            ],
            off_topic: &[
                "Finding and fixing a hazard when there was no schedule pressure and no trade-off",
                "Quality against delivery: whether to ship a batch with borderline inspection results",
                "Coordinating departments for a rush order, with no safety question involved",
            ],
        },
    },
    EntryGuide {
        id: "mfg-quality-root-cause",
        zh: Guide {
            looks_for: &[
                "具体的质量问题：哪个产品、什么缺陷、不良率多少、在哪道工序发现的",
                "分析过程：用5个为什么、鱼骨图或8D，排查人机料法环，做了哪些验证试验",
                "找到的根本原因，而不只是表面现象",
                "纠正和预防措施：改工艺参数、改夹具、加防错、更新作业指导书和检验标准",
                "效果：不良率降到多少，同类问题有没有再发生",
            ],
            off_topic: &[
                "安全隐患或未遂事件的处理",
                "设备故障抢修，没有出不良品",
                "只讲怎么安抚和回复客户，没有分析缺陷原因",
                "只说熟悉8D、5个为什么这些工具，没有具体的问题",
            ],
        },
        en: Guide {
            looks_for: &[
                "The defect: which product, what failure, how high the defect rate, at which operation it was caught",
                "The analysis: 5-Why, fishbone or 8D across man, machine, material, method and environment, with trials to confirm",
                "The root cause found, beyond the first visible symptom",
                "Corrective and preventive actions: process settings, fixtures, error-proofing, updated instructions and inspection",
                "The effect: the defect rate afterwards and whether it came back",
            ],
            off_topic: &[
                "A safety hazard or near-miss",
                "Repairing a machine breakdown where no defective parts were involved",
                "Only calming and replying to a customer, with no analysis of why the defect happened",
                "Knowing quality tools like 8D and 5-Why in general, with no particular problem",
            ],
        },
    },
    EntryGuide {
        id: "mfg-customer-complaint",
        zh: Guide {
            looks_for: &[
                "客户投诉的质量问题：哪个客户、什么产品、多少数量、缺陷是什么",
                "围堵措施：冻结库存和在途品、全检或返工、给客户补货、派人去客户处挑选",
                "怎么回复客户：多长时间内给初步答复、提交8D报告、电话沟通或上门",
                "查出的原因和整改，投诉怎么关闭：客户确认、索赔处理、后续批次跟踪",
            ],
            off_topic: &[
                "自己作为消费者买到次品去找商家投诉",
                "厂内自己发现的质量问题，没有流到客户手里",
                "和客户商量交期、赶急单",
            ],
        },
        en: Guide {
            looks_for: &[
                "The complaint: which customer, which product, how many parts, what defect they found",
                "Containment: stock and shipments in transit on hold, sorting or rework, replacement parts, sorting at the customer",
                "The response to the customer: a first reply within a set time, an 8D report, calls or visits",
                "Root cause and fixes, and how it was closed: customer sign-off, any claim settled, later batches monitored",
            ],
            off_topic: &[
                "Complaining as a consumer about a faulty product the candidate bought",
                "A defect caught in-house before anything reached a customer",
                "Negotiating delivery dates with a customer for a rush order",
            ],
        },
    },
    EntryGuide {
        id: "mfg-breakdown",
        zh: Guide {
            looks_for: &[
                "哪台关键设备、出了什么故障、停了多久、影响了多少产量或哪些订单",
                "当时的应对：组织抢修、找备件、联系设备厂家、把生产转到其他设备或调整排产",
                "事后的改进：故障分析、预防性维护、点检表、关键备件储备、操作工自主保全",
                "改进后的效果：停机时间、故障次数或设备综合效率的变化",
            ],
            off_topic: &[
                "产品质量缺陷的原因分析",
                "产线长期存在的瓶颈工序，而不是突发故障",
                "班组缺人，设备都正常运转",
            ],
        },
        en: Guide {
            looks_for: &[
                "Which critical machine, what failed, how long it was down, how much output or which orders were hit",
                "The response: organising the repair, finding spares, calling the supplier, moving work to other machines",
                "Improvements afterwards: failure analysis, preventive maintenance, check sheets, critical spares, operator care",
                "The effect: downtime, number of failures or OEE before and after",
            ],
            off_topic: &[
                "Root-cause analysis of a product defect",
                "A standing bottleneck on the line rather than a sudden failure",
                "A short-staffed shift with all machines running",
            ],
        },
    },
    EntryGuide {
        id: "mfg-new-process",
        zh: Guide {
            looks_for: &[
                "具体是什么新工艺、新设备或新系统，比如新焊接工艺、自动化设备、制造执行系统，时间多紧",
                "怎么学的：跟着厂家工程师、看说明书、在现场反复试、请教有经验的人",
                "怎么在现场推广：编写操作指导、培训操作工、试生产、逐步切换",
                "推广中遇到的问题：员工不会用或不愿用、参数不稳定、良率爬坡、和老流程衔接",
                "最后的结果：多久正式上线，效率或质量有没有达到目标",
            ],
            off_topic: &[
                "在学校或培训班考证书，学到的东西没有在现场用起来",
                "推动员工执行原有的作业指导书",
                "设备突然故障的抢修",
                "业余时间学外语或乐器",
            ],
        },
        en: Guide {
            looks_for: &[
                "What was new: a process, machine or system such as a welding method, an automated cell or an MES, and the deadline",
                "How it was learned: with the supplier's engineer, manuals, trial runs on the floor, asking experienced people",
                "Rolling it out: writing work instructions, training operators, pilot runs, switching over step by step",
                "Problems in the roll-out: operators unable or unwilling, unstable settings, yield ramp-up, links to the old process",
                "The outcome: how long to go live, and whether efficiency or quality targets were met",
            ],
            off_topic: &[
                "Studying for a certificate or a course, with nothing put into use on the floor",
                "Enforcing the existing work instructions",
                "Repairing a sudden machine breakdown",
                "Learning a language or a musical instrument in one's spare time",
            ],
        },
    },
];
