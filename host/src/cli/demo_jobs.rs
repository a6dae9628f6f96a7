//! The demo's other two industries: an internet company's product manager
//! and a retail chain's store supervisor, each with candidates whose
//! answers range from full STAR stories to generalities, in Chinese and
//! English. (The manufacturing job is in `demo_data`.)

use super::demo_data::{Both, Candidate, both, dimension};
use crate::domain::JobProfile;

pub(crate) fn product_manager_job(locale: &str) -> JobProfile {
    JobProfile {
        id: "demo-product-manager".into(),
        title: if locale.starts_with("zh") { "产品经理".into() } else { "Product Manager".into() },
        industry: "internet".into(),
        locale: locale.into(),
        key_role: false,
        dimensions: vec![
            dimension("problem-solving", "用户思维与问题解决", "User thinking and problem solving", 0.35, 7.0),
            dimension("communication", "跨团队协作", "Cross-team collaboration", 0.3, 6.5),
            dimension("professional-skill", "专业能力", "Product skill", 0.2, 6.5),
            dimension("teamwork", "团队协作", "Teamwork", 0.15, 6.0),
        ],
        description: "Owns the checkout experience of a shopping app with 5 million monthly users.".into(),
    }
}

pub(crate) fn store_supervisor_job(locale: &str) -> JobProfile {
    JobProfile {
        id: "demo-store-supervisor".into(),
        title: if locale.starts_with("zh") { "门店主管".into() } else { "Store Supervisor".into() },
        industry: "retail".into(),
        locale: locale.into(),
        key_role: false,
        dimensions: vec![
            dimension("communication", "沟通与同理心", "Communication and empathy", 0.35, 6.5),
            dimension("responsibility", "抗压与责任心", "Composure and responsibility", 0.3, 6.5),
            dimension("teamwork", "团队协作", "Teamwork", 0.2, 6.0),
            dimension("problem-solving", "解决问题", "Problem solving", 0.15, 6.0),
        ],
        description: "Runs a 20-person store: service, staff rota, stock and the day's sales target.".into(),
    }
}

pub(crate) const PRODUCT_CANDIDATES: &[Candidate] = &[
    Candidate {
        name: both("赵敏", "Zhao Min"),
        intro: both(
            "我叫赵敏，在电商公司做了四年产品经理，负责下单和支付流程。",
            "I am Zhao Min, four years a product manager at an e-commerce company, owning ordering and payment.",
        ),
        stories: &[
            both(
                "当时我们的支付成功率只有82%，我的任务是在一个季度内把它提高。我先分析了失败订单的日志，\
                 然后访谈了二十位用户，发现银行卡验证步骤太长。我和研发、风控一起重新设计了验证流程。\
                 结果支付成功率提升到了91%。",
                "At the time our payment success rate was only 82%, and my task was to raise it within a quarter. I \
                 analyzed the logs of failed orders, then I interviewed twenty users and found the card check was \
                 too long. I redesigned the check with engineering and risk. As a result the success rate rose to 91%.",
            ),
            both(
                "去年研发和运营对一个促销功能的上线时间争执不下，我负责协调。我先把双方的顾虑列成清单，\
                 然后提出先在一个城市灰度上线。最终功能按时上线，投诉减少了一半。",
                "Last year engineering and operations could not agree when to launch a promotion feature, and I was \
                 responsible for settling it. I listed both sides' concerns, then I proposed a staged launch in one city. \
                 As a result it launched on time and complaints fell by half.",
            ),
        ],
        culture: both(
            "我相信用户的问题比团队内部的分歧更重要，先对齐目标再讨论方案。",
            "I believe the user's problem matters more than our internal disagreements; agree on the goal first.",
        ),
        open: both("这个岗位明年最重要的指标是什么？", "What is the most important metric for this role next year?"),
        follow_up: both(
            "我学到了上线前要先做小范围实验，之后每个功能我都会先定义成功指标。",
            "I learned to run a small experiment before a launch; since then I define the success metric first.",
        ),
    },
    Candidate {
        name: both("孙浩", "Sun Hao"),
        intro: both(
            "我是孙浩，做过两年产品助理，主要写需求文档。",
            "I am Sun Hao, two years a product assistant, mostly writing requirement documents.",
        ),
        stories: &[both(
            "当时有一个功能用户反馈很差，我负责收集意见。我整理了用户反馈，和设计师讨论了几次改版。",
            "At the time users disliked one feature and I was responsible for collecting feedback. I sorted the \
             feedback and discussed a redesign with the designer a few times.",
        )],
        culture: both("我愿意多学习，配合团队。", "I am keen to learn and to support the team."),
        open: both("请问团队有多少人？", "How big is the team?"),
        follow_up: both("后来改版上线了，反馈好了一些。", "The redesign shipped and the feedback got somewhat better."),
    },
    Candidate {
        name: both("周婷", "Zhou Ting"),
        intro: both("我叫周婷，我对互联网很有热情。", "I am Zhou Ting and I am passionate about the internet."),
        stories: &[both(
            "我非常注重用户体验，沟通能力强，总能把事情做好。",
            "I care deeply about user experience, I communicate well and I always get things done.",
        )],
        culture: both("我很喜欢贵公司的产品。", "I love your company's products."),
        open: both("没有问题。", "No questions."),
        follow_up: both("我会更加努力。", "I will try harder."),
    },
];

pub(crate) const RETAIL_CANDIDATES: &[Candidate] = &[
    Candidate {
        name: both("刘洋", "Liu Yang"),
        intro: both(
            "我叫刘洋，在连锁超市做了五年值班经理，管理过十五人的团队。",
            "I am Liu Yang, five years a duty manager at a supermarket chain, leading a team of fifteen.",
        ),
        stories: &[
            both(
                "当时一位顾客因为退货被拒在店里大声投诉，我负责处理。我先把顾客请到安静的地方，\
                 耐心听完他的诉求，然后查了小票和退货政策，为他办理了换货并送了优惠券。\
                 结果顾客当场表示满意，之后还成了会员。",
                "At the time a customer was shouting in the store because his return was refused, and I was \
                 responsible for handling it. I first took him somewhere quiet and listened to the whole story, \
                 then I checked the receipt and the policy and arranged an exchange with a voucher. As a result he \
                 left satisfied and later joined our membership.",
            ),
            both(
                "当时春节前客流是平时的三倍，我的任务是保证收银不排长队。我先重新安排了班次，然后培训了两名理货员收银，\
                 并在高峰时段开放了临时收银台。最终平均排队时间从十五分钟降到了五分钟。",
                "At the time, before Spring Festival, footfall was three times normal, and my task was to keep the \
                 checkout queues short. I reorganized the rota, I trained two shelf staff on the tills and I set up \
                 a temporary till at peak hours. As a result the average wait fell from fifteen minutes to five.",
            ),
        ],
        culture: both(
            "我认为顾客的信任和团队的配合比个人业绩更重要。",
            "I believe the customers' trust and the team working together matter more than my own sales.",
        ),
        open: both("门店现在最大的挑战是什么？", "What is the store's biggest challenge right now?"),
        follow_up: both(
            "我学到了先安抚情绪再解决问题，之后我把这个做法教给了所有新员工。",
            "I learned to calm the feelings before solving the problem; since then I teach this to every new hire.",
        ),
    },
    Candidate {
        name: both("吴倩", "Wu Qian"),
        intro: both("我是吴倩，做过三年导购。", "I am Wu Qian, three years a sales assistant."),
        stories: &[both(
            "当时有顾客对商品质量不满意，我负责接待。我向顾客道了歉，并请店长来处理。",
            "At the time a customer was unhappy with a product's quality and I was responsible for serving her. I \
             apologised and asked the store manager to handle it.",
        )],
        culture: both("我性格开朗，喜欢和人打交道。", "I am outgoing and I like working with people."),
        open: both("上班时间是怎样的？", "What are the working hours?"),
        follow_up: both("后来店长给她退了款。", "In the end the manager refunded her."),
    },
];

/// A demo job: its profile in a locale, the department it sits in, and its candidates.
pub(crate) struct DemoJob {
    pub profile: fn(&str) -> JobProfile,
    /// Region, branch, department.
    pub units: [Both; 3],
    pub candidates: &'static [Candidate],
}

pub(crate) static JOBS: [DemoJob; 3] = [
    DemoJob {
        profile: super::demo_data::supervisor_job,
        units: [both("华东区", "East China"), both("苏州工厂", "Suzhou plant"), both("总装车间", "Final assembly")],
        candidates: super::demo_data::CANDIDATES,
    },
    DemoJob {
        profile: product_manager_job,
        units: [both("华北区", "North China"), both("北京总部", "Beijing HQ"), both("交易产品部", "Checkout product")],
        candidates: PRODUCT_CANDIDATES,
    },
    DemoJob {
        profile: store_supervisor_job,
        units: [both("华南区", "South China"), both("深圳门店群", "Shenzhen stores"), both("福田店", "Futian store")],
        candidates: RETAIL_CANDIDATES,
    },
];
