//! What a good answer to each behavioural question tells, and what answers
//! that miss it tell instead, in Chinese and English: the answer guides of
//! API 0.2.0, planned with the questions, shown to staff beside the answers
//! and read by rubrics (rubric-semantic) to judge relevance.

use panel_plugin_sdk::bank::{EntryGuide, Guide};

/// The guides, by question id.
pub const GUIDES: &[EntryGuide] = &[
    EntryGuide {
        id: "empathy-upset-customer",
        zh: Guide {
            looks_for: &[
                "顾客为什么发火：商品坏了、等太久、被多收了钱、活动规则没说清，当时的场面",
                "先稳住对方情绪：请到一边、让对方把话说完、道歉、表示理解，自己具体说了什么",
                "接着做了什么：查小票或订单、给出退换或补偿的办法、请店长或主管出面",
                "最后怎么收场：顾客平静下来、接受了方案或离开，自己事后的体会",
            ],
            off_topic: &[
                "自己作为顾客在别的店受了气、发了火",
                "和同事或店长之间闹矛盾",
                "顾客心平气和地咨询或提要求，没有情绪",
                "只说自己脾气好、有耐心，没有具体哪一位顾客",
            ],
        },
        en: Guide {
            looks_for: &[
                "Why the customer was angry: a faulty item, a long wait, a wrong charge, a promotion misunderstood; the scene",
                "Calming them first: moving aside, letting them finish, apologising, acknowledging the frustration, the words used",
                "What was done next: checking the receipt or order, offering an exchange or refund, bringing in the supervisor",
                "How it ended: the customer calmer, accepting the solution or leaving, and what the candidate took from it",
            ],
            off_topic: &[
                "The candidate being the angry customer in someone else's shop",
                "A falling-out with a colleague or the store manager",
                "A calm customer asking a routine question, with no anger",
                "Saying one is patient and even-tempered, with no particular customer",
            ],
        },
    },
    EntryGuide {
        id: "empathy-complaint",
        zh: Guide {
            looks_for: &[
                "一位顾客的具体投诉：买了什么、出了什么问题、对方怎么说",
                "查清问题出在哪里：问了谁、看了什么记录",
                "一步步怎么解决的：退换、补偿、跟进，是谁做的",
                "顾客最后的反应，以及之后流程或做法有没有改",
            ],
            off_topic: &[
                "自己作为顾客去投诉别人的经历",
                "和同事之间的分歧或排班冲突，没有顾客",
                "泛泛地说自己重视服务、有耐心，没有具体的一次",
            ],
        },
        en: Guide {
            looks_for: &[
                "One customer's complaint: what they bought or used, what went wrong, what they said",
                "Finding out where it went wrong: who was asked, which receipts, orders or records were checked",
                "The fix step by step: exchange, refund or compensation, a follow-up call, and who did each",
                "How the customer reacted in the end, and whether the shop changed how it works afterwards",
            ],
            off_topic: &[
                "Complaining as a customer about someone else's service",
                "A disagreement with a colleague or a rota clash, with no customer involved",
                "General talk about caring about service and being patient, with no particular case",
            ],
        },
    },
    EntryGuide {
        id: "empathy-saying-no",
        zh: Guide {
            looks_for: &[
                "顾客提的具体要求：过了退货期还要退、没有小票要换、要额外折扣或赠品、要查别人的信息",
                "为什么不能答应：违反了公司哪条规定，这条规定是为什么定的",
                "怎么跟顾客解释：先表示理解，再讲清规定和原因，说话的语气",
                "给了什么替代办法：送修、换成别的优惠、帮忙联系厂家或请主管确认",
                "顾客最后接受了没有，之后的反应",
            ],
            off_topic: &[
                "想办法满足顾客的要求、多做一步让对方很满意",
                "拒绝同事或上级不合理的安排",
                "顾客投诉商品质量问题，按规定给退换了",
            ],
        },
        en: Guide {
            looks_for: &[
                "The request: a return after the deadline, an exchange without a receipt, an extra discount or gift, someone's details",
                "Which rule it broke, and why the rule is there",
                "How it was explained: showing understanding first, then giving the rule and the reason, the tone used",
                "Alternatives offered: a repair, another offer, contacting the supplier or checking with the supervisor",
                "Whether the customer accepted it, and how they reacted",
            ],
            off_topic: &[
                "Going out of one's way to give a customer what they asked for",
                "Turning down an unreasonable request from a colleague or manager",
                "A quality complaint that ended in a refund or exchange the rules allowed",
            ],
        },
    },
    EntryGuide {
        id: "comm-real-problem",
        zh: Guide {
            looks_for: &[
                "电话或线上聊天里，顾客一开始说不清楚：说的和实际问题不一样，或者很着急、说得很乱",
                "怎么一步步问：问订单号、什么时候开始、出现什么情况，先开放地问再逐步缩小",
                "怎么确认没理解错：把问题复述给顾客听、请对方发截图或照片、对照系统记录",
                "弄清以后真正的问题是什么，怎么解决的，顾客的反应",
            ],
            off_topic: &[
                "在店里当面安抚一位发火的顾客，问题本身很清楚",
                "和同事或上级之间的沟通误会",
                "给顾客推荐商品、介绍促销活动",
            ],
        },
        en: Guide {
            looks_for: &[
                "A call or chat where the customer could not say clearly what was wrong, or described something other than the real issue",
                "How the questions went: order number, when it started, what they saw; open questions first, then narrowing down",
                "Checking understanding: repeating it back, asking for a screenshot or photo, comparing with the system records",
                "The real problem once found, how it was solved, and the customer's reaction",
            ],
            off_topic: &[
                "Calming a furious customer face to face, when what had gone wrong was already clear",
                "A misunderstanding with a colleague or manager",
                "Recommending products or explaining a promotion to a customer",
            ],
        },
    },
    EntryGuide {
        id: "customer-extra-mile",
        zh: Guide {
            looks_for: &[
                "顾客的具体需要：想要的尺码没货、急着用、老人或带孩子不方便、特殊场合",
                "自己多做的那一步：从别的店调货、送货上门、下班后帮忙、打电话跟进、记住对方的喜好",
                "为什么这么做，哪些是本职之外的",
                "顾客的反应：当面感谢、写表扬、成了回头客或介绍朋友来",
            ],
            off_topic: &[
                "按规定处理完一次投诉或退换货",
                "帮同事顶班、替同事干活",
                "自己当顾客时受到别人周到的服务",
                "只说自己服务态度好、常被表扬，没有具体的一次",
            ],
        },
        en: Guide {
            looks_for: &[
                "What the customer needed: a size out of stock, something urgently, an elderly customer or a parent, a special occasion",
                "The extra step: ordering from another branch, delivering it, staying late, calling back, remembering their tastes",
                "Why the candidate did it, and what went beyond the usual job",
                "The customer's reaction: thanks, a written compliment, coming back or bringing friends",
            ],
            off_topic: &[
                "Handling a routine complaint or return by the book",
                "Covering a shift or doing extra work for a colleague",
                "Receiving great service oneself as a customer somewhere else",
                "Saying one's service is always praised, with no particular customer",
            ],
        },
    },
    EntryGuide {
        id: "pressure-peak-hours",
        zh: Guide {
            looks_for: &[
                "高峰的具体场面：节假日或促销、排了多长的队、店里有几个人、缺了谁",
                "怎么安排人手：加开收银台、专人引导排队、调人补位、自己顶上",
                "怎么应对顾客：告知要等多久、先办简单的、安抚等急了的顾客",
                "结果：队伍多久消化完、有没有出差错或投诉，之后排班或备货怎么改",
            ],
            off_topic: &[
                "月底冲业绩、完成销售指标的压力",
                "平常不忙的时候一位顾客发脾气",
                "考试或个人事务赶时间的压力",
            ],
        },
        en: Guide {
            looks_for: &[
                "The rush itself: a holiday or promotion, how long the queues were, how many staff on and who was missing",
                "Organising the team: opening another till, someone managing the queue, moving people to cover, stepping in oneself",
                "Handling the customers: telling them the wait, serving quick ones first, calming the impatient",
                "The result: how fast the queue cleared, any mistakes or complaints, changes to rotas or stock afterwards",
            ],
            off_topic: &[
                "Pressure to hit a monthly sales target",
                "One angry customer on an ordinary quiet day",
                "Deadline pressure from exams or personal matters outside work",
            ],
        },
    },
    EntryGuide {
        id: "pressure-target",
        zh: Guide {
            looks_for: &[
                "具体的指标：月度或季度销售额、会员或办卡数量，还差多少、离截止还有多久",
                "做了哪些事：分析哪些货好卖、主动招呼推荐、搭配销售、联系老顾客、在店里搞活动",
                "怎么和同事分工，怎么给自己和大家打气",
                "最后完成得怎么样：完成率多少、差在哪里、之后改了什么做法",
            ],
            off_topic: &[
                "客流高峰排长队时的应对，和业绩指标无关",
                "被顾客误会指责之后怎么调整情绪",
                "上学时为考试分数定的目标",
            ],
        },
        en: Guide {
            looks_for: &[
                "The target: monthly or quarterly sales, memberships or cards, how far behind, how much time was left",
                "What was done: checking what sells, approaching and advising customers, add-on sales, calling regulars, in-store events",
                "How the work was shared with colleagues, and how the candidate kept the team going",
                "The outcome: the percentage reached, what fell short, what changed afterwards",
            ],
            off_topic: &[
                "Coping with queues at a busy time, with no sales target involved",
                "Staying calm after a customer blamed the candidate unfairly",
                "A score goal for exams at school",
            ],
        },
    },
    EntryGuide {
        id: "pressure-blamed",
        zh: Guide {
            looks_for: &[
                "顾客怎么误会或指责自己：以为被多收了钱、说自己态度差、把别人的错算到自己头上",
                "当时心里的感受：委屈、生气、想争辩",
                "怎么稳住自己：先深呼吸、不争辩、把注意力放在解决问题上",
                "接着怎么服务：耐心核实、拿出小票或记录说明，照样把对方的事办好",
                "最后的结果：误会澄清、顾客道歉或态度缓和，自己事后怎么调节",
            ],
            off_topic: &[
                "被店长或同事冤枉、批评，没有顾客",
                "确实是店里出了错引起的投诉，自己负责改正",
                "业绩指标压力大时的紧张",
            ],
        },
        en: Guide {
            looks_for: &[
                "What the customer accused the candidate of: overcharging, rudeness, a mistake someone else made",
                "What it felt like inside: hurt, angry, wanting to argue back",
                "How the candidate steadied themselves: a breath, not arguing, turning to the problem itself",
                "Carrying on serving: checking calmly, showing the receipt or record, still sorting out what they needed",
                "How it ended: the misunderstanding cleared, the customer softening or apologising, how the candidate recovered",
            ],
            off_topic: &[
                "Being blamed or criticised by a manager or colleague, with no customer involved",
                "A complaint where the shop really was at fault and the candidate put it right",
                "Stress from a sales target",
            ],
        },
    },
    EntryGuide {
        id: "team-shift-cover",
        zh: Guide {
            looks_for: &[
                "出了什么状况：同事临时请病假、家里有急事、排班表排错、两人同时休假",
                "空出来的是哪个岗位、哪个时段，对门店营业或热线接听有什么影响",
                "怎么协调的：打电话找人换班、自己加班顶上、重新分配收银和理货、向店长报告",
                "结果：当天营业或接线是否正常，之后排班有没有改进",
            ],
            off_topic: &["和同事为分工闹矛盾", "带新同事、给同事做培训", "排班没问题，只是客流高峰时排队和安抚顾客"],
        },
        en: Guide {
            looks_for: &[
                "What happened: a colleague off sick at short notice, a family emergency, a rota error, two people off at once",
                "Which post and which hours were left open, and the effect on the shop or the phone line",
                "Sorting it out: calling round for a swap, staying on oneself, reassigning tills and shelves, telling the manager",
                "The result: whether the shop or line ran normally that day, and rota changes afterwards",
            ],
            off_topic: &[
                "A clash with a colleague over who does what",
                "Training a new colleague",
                "Handling a crowd of customers at a peak time when the rota was fine",
            ],
        },
    },
    EntryGuide {
        id: "team-conflict",
        zh: Guide {
            looks_for: &[
                "和哪位同事、为什么闹矛盾：谁理货谁收银、轮休怎么排、陈列或做事方法不一样",
                "当时双方各自的想法，自己的态度",
                "怎么处理的：私下找对方谈、各让一步、按规定分工、请店长协调",
                "结果：分工怎么定下来的，之后两人怎么相处和配合",
            ],
            off_topic: &["和顾客之间的争执或冲突", "同事请假后大家一起补位，彼此没有分歧", "和家人或朋友之间的矛盾"],
        },
        en: Guide {
            looks_for: &[
                "Which colleague and what the clash was about: who does tills or shelves, days off, how to do displays or tasks",
                "What each side thought, and the candidate's own attitude",
                "How it was handled: talking privately, meeting halfway, splitting tasks by the rules, asking the manager to step in",
                "The result: how the work was divided, and how the two got on and worked together afterwards",
            ],
            off_topic: &[
                "An argument or clash with a customer",
                "Covering for an absent colleague, with no disagreement",
                "A quarrel with family or friends",
            ],
        },
    },
    EntryGuide {
        id: "team-coach-newcomer",
        zh: Guide {
            looks_for: &[
                "带的是谁、要学什么：收银系统、商品知识、接待顾客的说法、接电话的流程",
                "怎么教的：先示范再让对方做、带着一起上几个班、整理要点清单、在旁边纠正",
                "遇到的难点：学得慢、紧张不敢开口、老出错，自己怎么调整教法",
                "效果：多久能独立上岗，销售或差错情况怎么样",
            ],
            off_topic: &["自己刚入职时被老员工带、自己怎么学会的", "和同事闹矛盾", "自己在短时间内熟悉新商品、新活动"],
        },
        en: Guide {
            looks_for: &[
                "Who was trained and on what: the till system, product knowledge, greeting and advising customers, call handling",
                "How it was taught: showing first then letting them try, shared shifts, a checklist of key points, correcting on the spot",
                "Difficulties: slow progress, nerves with customers, repeated mistakes, and how the candidate changed the approach",
                "The effect: how soon they worked alone, their sales or error rate",
            ],
            off_topic: &[
                "Being trained oneself as a new starter",
                "A disagreement with a colleague",
                "Learning new products or promotions oneself",
            ],
        },
    },
    EntryGuide {
        id: "resp-cash-stock",
        zh: Guide {
            looks_for: &[
                "发现了什么：交班对账长款或短款、盘点数量对不上、商品过期、破损或标错",
                "怎么查的：翻小票和交易记录、看监控、重新清点、核对进货单和调拨单",
                "查出的原因：找错零钱、扫码出错、调拨没入账、供应商少送",
                "怎么处理的：如实上报、调整账目、下架商品、联系供应商，之后加了哪些核对步骤",
            ],
            off_topic: &[
                "收银台排长队、高峰时忙不过来，钱和货都没有问题",
                "冲销售指标、做促销活动",
                "顾客投诉店员服务态度",
            ],
        },
        en: Guide {
            looks_for: &[
                "What was found: the till over or short at cash-up, a stock count that was off, expired, damaged or mislabelled goods",
                "How it was traced: receipts and transaction logs, CCTV, recounts, delivery and transfer notes",
                "The cause found: wrong change, a scanning error, an unrecorded transfer, a short delivery from the supplier",
                "What was done: reporting it honestly, correcting the records, pulling goods, calling the supplier, extra checks after",
            ],
            off_topic: &[
                "Long queues at the till on a busy day, with no money or stock missing",
                "Pushing to hit a sales target or run a promotion",
                "A customer's complaint about a staff member's attitude",
            ],
        },
    },
    EntryGuide {
        id: "resp-fix-recurring",
        zh: Guide {
            looks_for: &[
                "反复出现的具体问题：同一类投诉一再发生、常缺货断码、价签和系统价格对不上、交接漏事",
                "怎么发现它是反复的：查记录、看投诉单、自己留心记下出现了多少次",
                "主动做了什么：找原因、向店长提建议、改流程或做检查表、和同事约定做法",
                "改了以后：同类问题少了多少，做法有没有被其他班次或门店采用",
            ],
            off_topic: &[
                "处理一次顾客投诉，事情解决了就结束，没有防止再发生",
                "某一次收银或盘点对不上账的排查",
                "客流高峰时的临时应对",
            ],
        },
        en: Guide {
            looks_for: &[
                "The problem that kept returning: the same complaint, sizes out of stock, shelf prices not matching the till",
                "How the candidate knew it recurred: records, complaint logs, noting each time it happened",
                "What they did on their own initiative: finding the cause, proposing a fix to the manager, a new routine or checklist",
                "After the change: how much less it happened, and whether other shifts or stores took it up",
            ],
            off_topic: &[
                "Resolving one customer's complaint, with nothing changed to stop it happening again",
                "Tracing a single till or stock discrepancy",
                "Coping on the spot with a busy rush",
            ],
        },
    },
    EntryGuide {
        id: "learn-new-products",
        zh: Guide {
            looks_for: &[
                "要学什么、有多急：换季上新大量商品、新的促销规则、新的退换货政策或系统，几天内就要上岗",
                "怎么学的：看资料做笔记、自己试用商品、请教厂家导购或老员工、编口诀做卡片、同事互相考",
                "怎么用到工作里：给顾客介绍商品、算对优惠、回答问题少出错",
                "效果：多快上手，有没有出错或被顾客问住，销售情况怎么样",
            ],
            off_topic: &["教新同事、给别人做培训", "上学时为考试突击复习", "处理顾客投诉"],
        },
        en: Guide {
            looks_for: &[
                "What had to be learned and how fast: a new season's range, promotion rules, a returns policy or system, within days",
                "How it was learned: reading and notes, trying the products, asking the brand's rep or senior staff, quizzing colleagues",
                "Putting it to use: explaining products to customers, working out discounts correctly, answering without mistakes",
                "The effect: how quickly the candidate was up to speed, mistakes or questions they could not answer, sales",
            ],
            off_topic: &["Training a new colleague", "Cramming for a school exam", "Handling a customer complaint"],
        },
    },
];
