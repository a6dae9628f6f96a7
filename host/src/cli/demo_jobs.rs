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
            "我叫赵敏，在电商公司做了四年产品经理，负责下单和支付流程，服务每月五百万用户。\
             最能代表我水平的是去年的支付体验改版，我从数据和用户访谈里找问题，带着研发和设计把支付成功率提高了九个百分点。",
            "I am Zhao Min, four years a product manager at an e-commerce company, owning ordering and payment for \
             five million monthly users. The project that best shows my work is last year's payment redesign: I found \
             the problems in the data and in user interviews, and led engineering and design to raise the payment \
             success rate by nine points.",
        ),
        stories: &[
            both(
                "去年双十一后，我们的支付成功率三天内从93%掉到了85%，研发查了服务器也没发现异常。我负责把原因找出来。\
                 我先把失败订单按银行、机型和支付方式拆开统计，发现下滑几乎全部来自安卓新版本的银行卡支付。\
                 接着我对比了新旧版本的埋点数据，定位到新版本把短信验证码的超时从120秒改成了60秒，\
                 很多用户还没收到短信就超时了。我和研发确认后，把超时改回120秒，又加了重发提示，\
                 先灰度给10%的用户验证。一周后支付成功率回到了93.5%。",
                "Right after Singles' Day last year our payment success rate dropped from 93% to 85% in three days, \
                 and engineering had found nothing wrong with the servers. I was responsible for finding the cause. I \
                 broke the failed orders down by bank, device and payment method, and found that almost all of the \
                 drop came from card payments on the new Android release. I then compared the tracking data of the \
                 old and new versions and pinpointed the change: the new release had cut the SMS code timeout from \
                 120 to 60 seconds, so many users timed out before the text arrived. I confirmed it with engineering, \
                 we restored the 120-second timeout and added a resend prompt, and I rolled it out to 10% of users \
                 first to verify it. A week later the success rate was back at 93.5%.",
            ),
            both(
                "去年我想在大促前上线“一键复购”，但研发排期已满，设计也觉得改动太大。我负责推动这件事。\
                 我先分别找研发和设计负责人聊，听他们的顾虑：研发担心影响大促的稳定性，设计担心打乱现有页面。\
                 我用过去半年的数据给大家讲清楚，复购用户贡献了四成订单，这个功能预计能提升5%的转化率。\
                 然后我和他们一起把需求砍成最小版本，只改一个入口，并主动承担了测试用例的编写。\
                 最后双方都同意调整排期，功能在大促前一周上线，复购订单增长了12%。",
                "Last year I wanted to launch one-tap reorder before a big sale, but engineering's schedule was full \
                 and design felt the change was too big. I was responsible for making it happen. I first talked to \
                 the engineering and design leads separately and listened to their concerns: engineering worried \
                 about stability during the sale, design about disrupting the existing pages. I walked them through \
                 six months of data showing that repeat buyers placed 40% of our orders and that the feature could \
                 lift conversion by about 5%. Then we cut the scope together to a single entry point, and I took on \
                 writing the test cases myself. In the end both teams agreed to move the schedule, the feature went \
                 live a week before the sale, and repeat orders grew by 12%.",
            ),
            both(
                "去年我们发现结算页的优惠券入口很少有人点，我的假设是用户没看到可用的券，而不是不想用。\
                 当时我负责设计验证实验。我把用户随机分成两组，各占5%的流量，实验组在结算页直接显示“已为你选好最优券”，\
                 我把核心指标定为下单转化率，同时监控客单价和退款率。实验跑了两周，样本量达到了事先算好的要求。\
                 结果实验组的转化率提升了3.2%，客单价和退款率没有明显变化。\
                 我把数据和用户访谈的结论写成报告，和研发一起把方案推到了全量。",
                "Last year we noticed that few users tapped the coupon entry on the checkout page. My hypothesis was \
                 that users did not see the coupons they could use, not that they did not want them. I was \
                 responsible for designing the experiment. I split users at random into two groups of 5% of traffic \
                 each, and the test group saw the best coupon already applied at checkout. I set order conversion as \
                 the primary metric and monitored basket size and refund rate as guardrails. The test ran for two \
                 weeks, until it reached the sample size I had calculated beforehand. As a result conversion rose by \
                 3.2% in the test group, with no significant change in basket size or refunds. I wrote up the data \
                 together with what users told us in interviews, and rolled it out to all users with engineering.",
            ),
            both(
                "去年618，我牵头协调研发、设计、运营和客服四个团队上线新的分期付款功能，只有六周时间。\
                 我先组织大家开了启动会议，一起把任务拆成二十多项，确保每项都有负责人和截止日期，\
                 并且每天主持十五分钟的进度碰头。上线前一周，支付通道临时改了接口，研发人手不够，\
                 我协调运营的同事帮忙做回归测试，我亲自连着三个晚上和研发一起验证。\
                 最终功能按时上线，首月分期订单占到了8%，也没有出过资损事故。上线后我把这套分工和跟进方式整理成了模板，之后的项目都在用。",
                "For last year's 618 sale I led four teams, engineering, design, operations and customer service, to \
                 launch a new instalment payment feature in six weeks. I first brought everyone together for a \
                 kickoff, where we broke the work into more than twenty tasks, and I made sure each one had an owner \
                 and a deadline. I ran a fifteen-minute stand-up every day to track progress. A week before launch \
                 the payment provider changed its API at short notice and engineering was short of people, so I \
                 coordinated operations colleagues to help with regression testing, and I stayed late three nights \
                 running to verify the builds with engineering. The feature launched on time, instalments made up 8% \
                 of orders in the first month, and we had no payment losses. Afterwards I turned the task list and the \
                 daily stand-up into a template that later projects still use.",
            ),
        ],
        culture: both(
            "我理解的owner意识，是对结果负责，而不只是对自己那部分负责。比如我负责的功能上线后，\
             我会连续一周每天看数据和客服反馈，发现问题先修再复盘，不等别人来找。",
            "To me ownership means being accountable for the outcome, not just for my own part. After a feature of \
             mine launches, I check the data and the support tickets every day for a week, fix problems first and \
             review them afterwards, without waiting for anyone to ask.",
        ),
        open: both(
            "互联网产品能很快看到用户的反馈，我喜欢这种用数据和用户一起把产品做好的节奏。三年后我希望能独立负责一条完整的业务线。\
             想请问这个岗位明年最重要的指标是什么？",
            "Internet products get feedback from users fast, and I like working out with data and users how to make \
             a product better. In three years I would like to own a whole business line. What is the most important \
             metric for this role next year?",
        ),
        follow_up: both(
            "我学到了上线前要先做小范围实验。之后每个功能我都先定义成功指标和监控项，灰度一周、对比数据后再全量，\
             去年这样拦下了两个会拉低转化率的改动。",
            "I learned to run a small experiment before any launch. Since then I define the success metric and the \
             guardrails first, and I roll out to a small share for a week and compare the data before going to \
             everyone; last year that caught two changes that would have hurt conversion.",
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
            "我叫刘洋，在连锁超市做了五年值班经理，管理过十五人的团队，负责排班、收银、库存和每天的销售目标。\
             我们店连续两年在区域的顾客满意度评比里排第一。",
            "I am Liu Yang, five years a duty manager at a supermarket chain, leading a team of fifteen and handling \
             the rota, the tills, stock and the daily sales target. Our store came first in the region's customer \
             satisfaction ranking two years running.",
        ),
        stories: &[
            both(
                "去年一位老顾客拿着穿过几次、吊牌已经剪掉的羽绒服要求退货，按规定不能退。我负责接待他。\
                 我先请他到休息区坐下，倒了杯水，耐心听完他的诉求，原来衣服洗后起球，他觉得是质量问题。\
                 我告诉他我理解他的心情，接着把不能退货的原因解释给他听，同时说明我们可以帮他联系品牌做质量鉴定，\
                 确认是质量问题就免费换新。我当场拍照提交了申请，留了他的电话，三天后主动打电话告诉他结果。\
                 最后品牌同意换新，他还在意见本上写了感谢。之后我把这类情况的处理办法教给了全店员工。",
                "Last year a regular customer brought back a down jacket he had worn several times, with the tags cut \
                 off, and asked for a refund, which our policy did not allow. I was responsible for serving him. I \
                 first asked him to sit down in the lounge area, brought him a glass of water and listened to the \
                 whole story: the jacket had pilled after washing and he felt it was a quality problem. I told him I \
                 understood his frustration, explained clearly why we could not refund it, and offered to send it to \
                 the brand for a quality inspection, with a free replacement if it proved faulty. I photographed it \
                 and filed the claim on the spot, took his number, and called him back three days later with the \
                 result. The brand agreed to replace it and he wrote us a thank-you note. Since then I have taught \
                 the whole team to handle such requests this way.",
            ),
            both(
                "今年国庆第一天，早班有三名店员同时发烧请假，二十人的门店一下少了一半收银员。当时正好我值班，负责全店的运营。\
                 我先在群里说明情况，和大家一起商量调整排班，两名休息的同事主动回来支援。\
                 我把理货员调到收银台，把熟练的收银员和新人搭配在一起，自己也顶了一个收银台，\
                 并确保每个人每两小时轮换休息一次。当天销售额完成了目标的105%，收银台前也没有排起长队。\
                 之后我建立了备班名单，后来再遇到类似情况，半小时内就补上了人。",
                "On the first day of this year's National Day holiday, three of the morning staff called in sick with \
                 a fever at once, and our 20-person store suddenly had half its cashiers. I was in charge of the store \
                 that day. I explained the situation in the staff group chat and worked out a new rota with the team, \
                 and two colleagues who were off came in to help. I moved shelf staff to the tills and paired \
                 experienced cashiers with new ones, covered a till myself and made sure everyone got a break every \
                 two hours. We hit 105% of the day's sales target and the queues at the tills stayed short. Afterwards I \
                 set up a standby list, and the next time it happened we filled the gap within half an hour.",
            ),
            both(
                "去年我和同班的另一位主管在分工上闹了矛盾：她觉得我把补货都推给了她的组，两个组的员工也开始互相抱怨。\
                 我负责化解这件事。我先约她下班后单独聊了聊，认真听她的想法，发现问题出在补货高峰和收银高峰重叠。\
                 我们一起把一天的工作按时段列出来，重新分工：上午她的组补货、我的组支援收银，下午反过来。\
                 我在交班时给两个组讲清楚了新的分工，并且每周和她一起复盘一次。\
                 一个月后两个组的加班时间减少了三成，她后来也主动帮我顶过班。",
                "Last year the other supervisor on my shift and I fell out over how the work was split: she felt I had \
                 pushed all the restocking onto her team, and our two teams started sniping at each other. I \
                 was responsible for sorting it out. I first asked her to talk one to one after work and listened to \
                 her side, and we found that the real problem was the restocking peak overlapping with the checkout \
                 peak. Together we laid out the day's work by time slot and split it again: in the mornings her team \
                 restocked while mine helped at the tills, and in the afternoons the other way round. I explained \
                 the new split to both teams at the shift handover, and she and I ran a short review every week. A \
                 month later overtime in both teams was down by 30%, and she has since covered shifts for me.",
            ),
            both(
                "去年年底盘点时，我发现店里洗护类商品的库存连续两个月比系统少了三千多元。我负责查清原因。\
                 我先把差异按商品和日期拆开，发现集中在几款大包装洗衣液，又调了收银记录和监控，\
                 发现是收银员扫码时常把大包装扫成小包装，并不是被盗。我当天就向区域经理如实汇报了，\
                 承认是我对新员工培训不到位。然后我组织收银员重新培训，给这几款商品贴了醒目的标签，\
                 并在系统里加了价格差异提醒。之后我每周抽查，三个月内差异降到了两百元以内。",
                "At the year-end stock count I found that our laundry and personal-care stock had been more than 3,000 \
                 yuan short of the system figures for two months running. I was responsible for finding out why. I \
                 broke the gap down by product and date and found it was concentrated in a few large packs of \
                 detergent. I then checked the till records and the camera footage and found that cashiers were often \
                 scanning the large packs as small ones; nothing had been stolen. That same day I reported it to the \
                 area manager and admitted that I had not trained the new cashiers well enough. I retrained the \
                 cashiers, put clear labels on those products and added a price-mismatch alert to the till system. I \
                 spot-checked every week afterwards, and within three months the gap was under 200 yuan.",
            ),
        ],
        culture: both(
            "我会先肯定顾客的要求是合理的，向他说明规定背后的原因，再在规定允许的范围内想办法，比如换货、补偿或者帮他向上申请。\
             规定不合理的地方，我会把情况反馈给公司，而不是自己破例。",
            "I would first acknowledge that the request is reasonable and explain the reason behind the rule, then \
             look for what the rules do allow, such as an exchange, compensation or asking head office on the \
             customer's behalf. Where a rule seems wrong, I raise it with the company rather than break it myself.",
        ),
        open: both(
            "我觉得好服务是让顾客感到被重视，而且问题真的被解决。有一次我在家电卖场买的冰箱送错了型号，店员当天就上门换好，\
             还打电话回访，我后来一直在那家买。想请问门店现在最大的挑战是什么？",
            "Good service makes customers feel they matter and actually solves their problem. Once an electronics store \
             delivered the wrong fridge to me; the staff swapped it the same day and called afterwards to check, and I \
             have shopped there ever since. What is the store's biggest challenge right now?",
        ),
        follow_up: both(
            "结果他当场就消气了，还跟我道了谢，三天后我打电话告诉他鉴定结果，他说以后还来我们店。\
             之后我把这类情况的处理办法整理成了几条要点，亲自给全店员工做了培训，并且每周抽查，确保大家都按这个做法接待。",
            "In the end he calmed down and thanked me, and when I called him three days later with the result he said \
             he would keep shopping with us. Afterwards I turned how we handle such cases into a few key points, \
             trained the whole store on them myself and spot-checked every week to make sure everyone followed them.",
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
