//! What a good answer to each behavioural question tells, and what answers
//! that miss it tell instead, in Chinese and English: the answer guides of
//! API 0.2.0, planned with the questions, shown to staff beside the answers
//! and read by rubrics (rubric-semantic) to judge relevance.

use panel_plugin_sdk::bank::{EntryGuide, Guide};

/// The guides, by question id.
pub const GUIDES: &[EntryGuide] = &[
    EntryGuide {
        id: "skill-hard-problem",
        zh: Guide {
            looks_for: &[
                "一个具体的技术或业务难题：什么出了问题，为什么常规办法解决不了",
                "自己在其中负责什么，当时的要求和压力：期限、影响到谁",
                "用到的专业知识和方法：查数据、做测试、测算、比较方案、请教专家",
                "动手解决的具体步骤和关键判断",
                "解决后的结果：指标、时间、成本或客户反馈的变化",
            ],
            off_topic: &[
                "和同事在做法上意见不合、怎么沟通的经历，没有专业难题",
                "短时间学会一项新技能的过程，重点在学习而不是解决问题",
                "带领团队分工完成目标，没有自己动用专业知识",
                "生活中的难事，比如装修房子、办手续",
            ],
        },
        en: Guide {
            looks_for: &[
                "A specific technical or business problem: what was failing and why the usual fixes didn't work",
                "The candidate's own part in it and what was at stake: the deadline, who was affected",
                "The expertise brought to bear: analysing data, running tests, calculations, comparing options",
                "The concrete steps taken to fix it and the key judgement calls",
                "The outcome: a change in figures, time, cost or customer feedback",
            ],
            off_topic: &[
                "A disagreement with a colleague and how it was talked through, with no technical problem",
                "Picking up a new skill quickly, where the story is about learning rather than solving",
                "Leading a team to a goal by sharing out the work, without using their own expertise",
                "A tricky problem in private life, such as renovating a flat or sorting out paperwork",
            ],
        },
    },
    EntryGuide {
        id: "skill-quality",
        zh: Guide {
            looks_for: &[
                "一项已经完成或交付的成果里的错误或缺陷：报告、数据、产品、图纸、程序等",
                "怎么发现的：复核、抽检、对账、测试，或者使用方反馈",
                "发现后怎么处理：暂停使用或召回、返工更正、告知相关的人和上级",
                "问题影响了多少，改正后的结果，以及为防止再错加的检查环节",
            ],
            off_topic: &[
                "自己负责的项目延期或没完成，问题在进度而不是质量",
                "客户对服务态度不满，主要是安抚情绪",
                "和同事在工作方法上的分歧",
                "泛泛地说自己细心、追求完美，没有具体的一次",
            ],
        },
        en: Guide {
            looks_for: &[
                "An error or defect in finished or delivered work: a report, figures, a product, drawings, code",
                "How it came to light: a second check, a spot check, reconciling numbers, testing, user feedback",
                "What was done about it: stopping use or recalling it, reworking it, telling those affected and the boss",
                "How far the problem reached, the corrected result, and a check added so it would not recur",
            ],
            off_topic: &[
                "A project of theirs that ran late or was not finished: a schedule problem, not a quality one",
                "A customer upset about the service manner, mostly about calming them down",
                "A disagreement with a colleague over working methods",
                "General claims of being careful and a perfectionist, with no single occasion",
            ],
        },
    },
    EntryGuide {
        id: "team-conflict",
        zh: Guide {
            looks_for: &[
                "和一位同事在具体工作做法上的分歧：各自主张什么方案，分歧在哪里",
                "自己怎么沟通：当面谈、摆数据、听对方的理由、先小范围试一试",
                "有没有请上级或其他同事参与，最后怎么定下来的",
                "结果：用了哪个方案、效果怎样，之后两人的合作关系",
            ],
            off_topic: &[
                "和客户或顾客之间的争执、投诉",
                "同事之间的私人矛盾或性格不合，与工作做法无关",
                "作为负责人给下属分配任务、下达要求",
                "为团队目标放弃了个人利益",
            ],
        },
        en: Guide {
            looks_for: &[
                "A disagreement with a colleague over how to do a piece of work: each one's approach and where they differed",
                "How the candidate handled it: talking face to face, bringing data, hearing the other's reasons, a small trial",
                "Whether a manager or other colleagues were brought in, and how the decision was made",
                "The outcome: which approach was used, how it worked, and how the two worked together afterwards",
            ],
            off_topic: &[
                "An argument or complaint involving a customer or client",
                "A personal falling-out or personality clash between colleagues, unrelated to how the work is done",
                "Handing out tasks and instructions to their own team as its lead",
                "Giving up something personal for the team's goal",
            ],
        },
    },
    EntryGuide {
        id: "team-goal-first",
        zh: Guide {
            looks_for: &[
                "团队当时的具体目标：项目节点、一次交付、季度指标",
                "自己放弃或让出了什么：休假、奖金或提成、想做的工作、个人署名",
                "为什么这样选，具体做了什么：顶班加班、把客户或资源让给同事、接下没人要的部分",
                "团队目标的结果，以及自己为此付出的代价",
            ],
            off_topic: &[
                "主动多做职责以外的事，但没有牺牲个人利益",
                "作为负责人带领团队完成目标",
                "和同事在工作方法上意见不一致",
                "为了家庭放弃了个人的发展机会",
            ],
        },
        en: Guide {
            looks_for: &[
                "The team's concrete goal at the time: a project milestone, a delivery, a quarterly target",
                "What the candidate gave up: leave, a bonus or commission, work they wanted, credit for their work",
                "Why, and what they did: covering shifts, handing a client or resources to a colleague, taking the unwanted part",
                "How the team's goal turned out, and what it cost the candidate",
            ],
            off_topic: &[
                "Doing extra work beyond their role that cost them nothing personally",
                "Leading the team to its goal as the person in charge",
                "A disagreement with a colleague about working methods",
                "Giving up a career opportunity for family reasons",
            ],
        },
    },
    EntryGuide {
        id: "problem-root-cause",
        zh: Guide {
            looks_for: &[
                "一个反复出现的问题：多久出一次、每次造成什么影响、之前怎么临时应付的",
                "查原因的方法：收集记录和数据、对比出问题和不出问题的情况、复现、连问几个为什么",
                "最后找到的根本原因是什么，怎么验证的",
                "针对根本原因做的改动，以及之后问题有没有再出现",
            ],
            off_topic: &[
                "一次性的突发问题，临时处理完就结束，没有追查原因",
                "时间紧、信息不全时快速拍板做决定",
                "发现一份成果里的错误并返工，没有追查为什么总出错",
                "和某位同事之间反复出现的人际矛盾",
            ],
        },
        en: Guide {
            looks_for: &[
                "A problem that kept coming back: how often, what it caused each time, how it had been patched before",
                "How the cause was traced: gathering logs and data, comparing good and bad cases, reproducing it, asking why",
                "The root cause found in the end and how it was confirmed",
                "The change made to remove that cause, and whether the problem came back afterwards",
            ],
            off_topic: &[
                "A one-off emergency that was dealt with on the spot, with no search for a cause",
                "Making a quick call under time pressure with incomplete information",
                "Finding a mistake in finished work and redoing it, without asking why it keeps happening",
                "A recurring personal friction with one colleague",
            ],
        },
    },
    EntryGuide {
        id: "problem-limited-time",
        zh: Guide {
            looks_for: &[
                "必须马上拍板的具体情况：有多少时间、缺了哪些信息、为什么等不了",
                "手头掌握了什么，短时间内问了谁、查了什么",
                "考虑过的几个选项和各自的风险，最后选了哪个、为什么",
                "决定的结果，事后信息补齐时发现判断对不对，有没有调整",
            ],
            off_topic: &[
                "时间充裕、反复调研分析后做的决定",
                "按上级的明确指示执行，自己没有做决定",
                "加班赶工把活干完，没有需要自己判断取舍的地方",
                "人生中的选择，比如选专业、换城市",
            ],
        },
        en: Guide {
            looks_for: &[
                "A situation needing a decision fast: how much time, which information was missing, why it could not wait",
                "What they did know, and who they asked or what they checked in the time available",
                "The options and risks weighed, which one they chose and why",
                "How the decision turned out, whether it held up once the facts were in, and any correction made",
            ],
            off_topic: &[
                "A decision made after plenty of time for research and analysis",
                "Carrying out a manager's clear instruction, with no decision of their own",
                "Working late to meet a deadline, with no judgement call involved",
                "A life choice such as picking a degree or moving city",
            ],
        },
    },
    EntryGuide {
        id: "resp-failure",
        zh: Guide {
            looks_for: &[
                "自己负责的一项具体工作：原定目标是什么，实际差在哪里（延期、超支、没达标、出错）",
                "没达到预期的原因，包括自己该负的责任",
                "当时的补救：告诉了谁、怎么挽回损失",
                "之后具体改了哪些做法：计划、检查、沟通方式，以及后来有没有起作用",
            ],
            off_topic: &[
                "别人负责的工作出了问题，自己只是旁观或评价",
                "一个最终圆满成功的项目，只讲成绩不讲失误",
                "考试没考好、求职被拒等个人经历",
            ],
        },
        en: Guide {
            looks_for: &[
                "Something the candidate was responsible for, what it was meant to achieve and how it fell short",
                "Why it went wrong, including their own part in it",
                "What they did at the time to limit the damage and who they told",
                "What they changed afterwards, such as planning, checks or communication, and whether it worked",
            ],
            off_topic: &[
                "Someone else's work going wrong while the candidate looked on or commented",
                "A project that succeeded in the end, told as a success with no shortfall",
                "A personal setback such as a failed exam or a job rejection",
            ],
        },
    },
    EntryGuide {
        id: "resp-beyond-role",
        zh: Guide {
            looks_for: &[
                "注意到一件不归自己管、也没人负责的事：流程漏洞、积压的工作、没人跟进的问题",
                "没人要求，自己主动做了什么，额外花了多少时间",
                "怎么和原来负责的人或上级打招呼、协调",
                "结果：问题解决了、流程改了、同事或客户受益，本职工作有没有受影响",
            ],
            off_topic: &[
                "上级额外分派的任务，自己服从完成",
                "作为负责人带队完成团队目标",
                "业余时间做志愿者或公益活动，与工作无关",
            ],
        },
        en: Guide {
            looks_for: &[
                "Something outside their job that nobody owned: a gap in a process, a backlog, an issue no one followed up",
                "What they did about it unprompted, and how much extra time it took",
                "How they squared it with the person or manager who normally owns that area",
                "The result: issue fixed, process changed, colleagues or customers better off, and their own job still done",
            ],
            off_topic: &[
                "An extra task their manager assigned, done as asked",
                "Leading their own team to a goal as its lead",
                "Volunteering or charity work outside their job",
            ],
        },
    },
    EntryGuide {
        id: "comm-difficult",
        zh: Guide {
            looks_for: &[
                "对方是谁（上级、同事、客户、合作方），在什么事情上和自己看法不同",
                "先了解对方为什么反对、担心什么",
                "说服的办法：拿数据和案例、算成本收益、先做个小试点、请对方信任的人帮忙",
                "对方最后有没有改变看法，事情怎么推进下去的，或者自己做了哪些让步",
            ],
            off_topic: &[
                "安抚一位情绪激动的顾客、处理投诉",
                "给团队开会鼓劲、激励大家加油干",
                "自己被别人说服、改变了看法",
                "说服家人或朋友接受自己的决定",
            ],
        },
        en: Guide {
            looks_for: &[
                "Who the other person was (a manager, colleague, client, partner) and what they disagreed about",
                "Finding out first why they objected and what worried them",
                "How they made the case: data and examples, costs and benefits, a small pilot, someone the other trusted",
                "Whether the other person came round and how the work moved on, or what the candidate conceded",
            ],
            off_topic: &[
                "Calming down an angry customer and handling a complaint",
                "Giving the team a pep talk to keep them going",
                "Being talked round by someone else and changing their own mind",
                "Persuading family or friends to accept a personal decision",
            ],
        },
    },
    EntryGuide {
        id: "learn-fast",
        zh: Guide {
            looks_for: &[
                "要学的具体技能或知识：一个软件、一台设备、一项规定、一块新业务，以及为什么急着学",
                "用了多长时间、怎么学的：看资料、上课、请教同事或师傅、边做边练",
                "学会后用在了哪件具体工作上",
                "用上之后的效果：按期完成任务、节省时间、减少差错",
            ],
            off_topic: &[
                "长期读书、考证或读学位，没有马上用到工作中",
                "用自己早已掌握的专业知识解决一个难题",
                "业余爱好，比如学乐器、学游泳",
            ],
        },
        en: Guide {
            looks_for: &[
                "The skill or knowledge to learn (a piece of software, a machine, a regulation, a new line of business) and why quickly",
                "How long it took and how they learned: manuals, a course, asking colleagues, practising on the job",
                "The piece of work where they put it to use",
                "The effect of using it: the task delivered on time, time saved, fewer errors",
            ],
            off_topic: &[
                "Years of study, a degree or a certificate not put straight to use at work",
                "Solving a hard problem with expertise they already had",
                "A hobby such as learning an instrument or to swim",
            ],
        },
    },
    EntryGuide {
        id: "lead-team",
        zh: Guide {
            looks_for: &[
                "团队有多少人，要完成的困难目标是什么：时间紧、人手少、任务新",
                "自己作为负责人怎么分工：按各人所长分配任务、定节点、盯进度",
                "怎么激励大家：讲清目标的意义、及时肯定、帮助跟不上的人、自己带头干",
                "遇到阻力或有人掉队时怎么处理",
                "目标最后完成得怎么样，团队成员有什么成长",
            ],
            off_topic: &[
                "作为普通成员配合别人带队，自己不负责分工",
                "一个人独立攻克的难题",
                "和同事在做法上起了争执",
                "组织同学聚会或朋友出游",
            ],
        },
        en: Guide {
            looks_for: &[
                "The size of the team and the hard goal: a tight deadline, too few people, unfamiliar work",
                "How the candidate, as lead, split the work: tasks matched to strengths, milestones, tracking progress",
                "How they kept people going: explaining why it mattered, recognition, helping those behind, leading by example",
                "How they handled resistance or someone falling behind",
                "How far the goal was met, and how team members grew",
            ],
            off_topic: &[
                "Being an ordinary member of a team someone else led, with no say in who did what",
                "A hard problem the candidate solved on their own",
                "An argument with a colleague about how to do the work",
                "Organising a reunion or a trip with friends",
            ],
        },
    },
    EntryGuide {
        id: "customer-upset",
        zh: Guide {
            looks_for: &[
                "一位具体的客户为什么强烈不满，当时的表现：投诉、要求退款、扬言曝光",
                "当场怎么应对：先听完、道歉、稳住对方情绪",
                "查清事实后给出的解决办法：补救、退换、赔偿、上报处理，由谁办的",
                "客户最后的反应，以及之后为避免同类投诉做的改进",
            ],
            off_topic: &[
                "自己作为顾客去投诉别人的经历",
                "和同事之间的分歧，没有客户",
                "说服上级接受自己的方案",
                "泛泛地说自己重视客户、有耐心，没有具体的一次",
            ],
        },
        en: Guide {
            looks_for: &[
                "One particular customer, why they were so unhappy and how it showed: a complaint, a refund demand, threats to go public",
                "How the candidate responded on the spot: listening it out, apologising, calming things down",
                "The fix once the facts were checked: putting it right, a replacement, compensation, escalation, and who did it",
                "How the customer reacted in the end, and what changed to prevent similar complaints",
            ],
            off_topic: &[
                "Complaining about a business as a customer themselves",
                "A disagreement between colleagues with no customer involved",
                "Persuading a manager to accept their proposal",
                "General claims of caring about customers and being patient, with no single occasion",
            ],
        },
    },
];
