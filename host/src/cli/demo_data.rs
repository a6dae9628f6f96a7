//! The demo's manufacturing job and candidates: a production supervisor's
//! opening at a manufacturer, and three candidates whose answers range from a
//! full STAR story to slogans. Every text is given in Chinese and English.

use crate::domain::{Dimension, JobProfile, LocalizedText, QuestionKind};

/// A text in both demo languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Both {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Both {
    pub fn pick(&self, zh: bool) -> &'static str {
        if zh { self.zh } else { self.en }
    }
}

pub(crate) const fn both(zh: &'static str, en: &'static str) -> Both {
    Both { zh, en }
}

pub(crate) fn dimension(id: &str, zh: &str, en: &str, weight: f32, threshold: f32) -> Dimension {
    let label = |locale: &str, text: &str| LocalizedText { locale: locale.into(), text: text.into() };
    Dimension { id: id.into(), name: en.into(), weight, threshold, labels: vec![label("zh-CN", zh), label("en", en)] }
}

/// The demo job.
pub(crate) fn supervisor_job(locale: &str) -> JobProfile {
    JobProfile {
        id: "demo-production-supervisor".into(),
        title: if locale.starts_with("zh") { "生产主管".into() } else { "Production Supervisor".into() },
        industry: "manufacturing".into(),
        locale: locale.into(),
        key_role: false,
        dimensions: vec![
            dimension("problem-solving", "解决问题", "Problem solving", 0.35, 7.0),
            dimension("teamwork", "团队协作", "Teamwork", 0.25, 6.5),
            dimension("responsibility", "责任心", "Responsibility", 0.25, 6.5),
            dimension("communication", "沟通能力", "Communication", 0.15, 6.0),
        ],
        description: "Runs a production line of 40 people; owns output, quality and safety.".into(),
    }
}

/// One demo candidate and what they answer.
pub(crate) struct Candidate {
    pub name: Both,
    pub intro: Both,
    /// Behavioural answers, used in turn for the plan's behavioural questions.
    pub stories: &'static [Both],
    pub culture: Both,
    pub open: Both,
    /// The answer to any follow-up question the bank proposes.
    pub follow_up: Both,
}

impl Candidate {
    /// The answer to the `index`-th question of a kind.
    pub fn answer(&self, kind: QuestionKind, index: usize) -> Both {
        match kind {
            QuestionKind::SelfIntro => self.intro,
            QuestionKind::Behavioural => self.stories[index % self.stories.len()],
            QuestionKind::CultureFit => self.culture,
            QuestionKind::Open => self.open,
            QuestionKind::FollowUp => self.follow_up,
        }
    }
}

pub(crate) const CANDIDATES: &[Candidate] = &[
    Candidate {
        name: both("王芳", "Wang Fang"),
        intro: both(
            "我叫王芳，在汽车零部件工厂做了六年班组长，负责一条四十人的冲压线，两班倒，主要做车门和底盘的冲压件。\
             这几年我带的班组产量、良率和安全都排在车间前列。",
            "I am Wang Fang. For six years I have led a 40-person stamping line at an auto parts plant, running two \
             shifts that make door and chassis panels. Over those years my team has been among the best in the shop \
             on output, yield and safety.",
        ),
        stories: &[
            both(
                "去年我们冲压线的废料率一直在6%左右，每月多耗十几吨钢板，我负责在一个季度内把损耗降下来。\
                 我先带着两个班组长统计了一个月的废料，按模具和班次分类，发现七成废料出在两副旧模具换型后的调试上。\
                 我和工艺员一起分析原因，重新设定了这两副模具的调试参数，并把首件检验改成调机后立即抽检三件。\
                 之后我每周跟踪废料数据，和改之前对比。三个月后废料率降到了3.5%，一年节省材料费约四十万元。",
                "Last year scrap on our stamping line sat at around 6%, more than ten tonnes of steel a month, and I \
                 was responsible for bringing it down within a quarter. I had the two shift leads log every scrapped \
                 part for a month, sorted the scrap by die and by shift, and found that seventy percent of it came \
                 from setting up two old dies after changeovers. I analysed the cause with the process engineer, we \
                 reset the setup parameters for those two dies, and I changed the first-article check so that three \
                 parts are inspected right after every setup. I then tracked the scrap data every week and compared \
                 it with the figures from before. Three months later scrap was down to 3.5%, saving about 400,000 \
                 yuan of material a year.",
            ),
            both(
                "前年十月正赶上旺季，班组里一下有六个人请了病假，四十人的线只剩三十四人，客户的订单一件都不能少。\
                 我负责保证当月按时交付。我先把大家召集起来说明情况，听取了每个人的想法，然后重新排班，\
                 把熟练工和新人搭配在一起，又和隔壁班组商量借来两名员工支援。我自己每天顶一个工位，\
                 并确保没有人连续加班超过两天。结果那个月我们按时交付了全部订单，良率也没有下降。",
                "Two Octobers ago, right in peak season, six people on my team went off sick at once, leaving our \
                 40-person line with 34, and the customer's order could not be a single part short. I was \
                 responsible for delivering that month on time. I brought the team together to explain the \
                 situation and listened to everyone's ideas, then I reworked the rota, paired experienced operators \
                 with new ones, and agreed with the neighbouring team to borrow two of their people. I covered a \
                 station myself every day and made sure nobody worked overtime more than two days in a row. As a \
                 result we delivered every order on time that month, and yield did not drop.",
            ),
            both(
                "去年我们线上连续两周出现冲压件毛刺超标，我到现场查下来，发现几位老员工嫌麻烦，跳过了清理模具的步骤。\
                 我的任务是让大家真正按作业指导书做。作为班组长，我先在班前会议上承认这是我管理上的疏漏，然后和老员工一对一地谈，\
                 听他们说清理步骤太繁琐。我和工艺员一起把十二步简化成七步，做成图示贴在每个工位上，并亲自示范了一遍。\
                 之后一个月我每个班次都去抽查了，确保每个人都按新的作业指导书操作。结果一个月后毛刺不良率从2%降到了0.3%，之后再也没有出现过。",
                "Last year our line had burrs out of spec for two weeks running. I went to the line to look and found \
                 that a few senior operators were skipping the die-cleaning step because it took too long. My job was to get everyone to follow the work instruction. As the \
                 team lead I admitted at the pre-shift meeting that this was a lapse in my supervision, then I talked \
                 to the senior operators one to one and heard that the cleaning procedure was too cumbersome. With \
                 the process engineer I cut it from twelve steps to seven, put a picture guide at every station and \
                 demonstrated it myself. For the next month I made sure everyone followed the new work instruction, \
                 spot-checking every shift. As a result the burr defect rate fell from 2% to 0.3% within a month, \
                 and the problem never came back.",
            ),
            both(
                "去年夏天，白班和夜班因为交接不清经常争吵，有一次夜班不知道一副模具刚修过，差点批量报废。\
                 我负责把交接理顺。我先分别找两个班的班长聊，听他们各自的顾虑，然后组织双方一起梳理出一张交接清单，\
                 写明设备状态、质量异常和待办事项。我在交接时当面给大家讲解了清单怎么填，并且每周主持一次交接复盘，\
                 把发现的问题反馈给双方。三个月内交接失误减少了七成，两个班后来还互相顶过班。",
                "Last summer the day and night shifts kept arguing over handovers, and once the night shift did not \
                 know a die had just been repaired and nearly scrapped a whole batch. I was responsible for fixing the \
                 handover. I first talked to the two shift leads separately and listened to each side's concerns, \
                 then I brought both shifts together to write one handover checklist covering machine status, quality \
                 issues and open tasks. I walked everyone through how to fill it in at the handover itself, and I ran \
                 a weekly handover review and fed back what we found to both shifts. Within three months handover \
                 errors fell by 70%, and the two shifts have since covered for each other.",
            ),
        ],
        culture: both(
            "我不会同意放行。临界值的产品按规定要复检，我会先把这批货隔离，安排质检加急复检，\
             同时如实告诉计划部门和客户可能会晚一两天。质量问题流到客户那里，损失比晚交付大得多。",
            "I would not let it ship. Borderline parts have to be re-inspected under our rules, so I would quarantine \
             the batch, ask quality for an urgent re-check and tell planning and the customer honestly that it may \
             be a day or two late. A defect that reaches the customer costs far more than a late delivery.",
        ),
        open: both(
            "我喜欢看到一件产品从钢板变成零件的过程，也喜欢带团队把数字一点点做好。在这个岗位上，\
             我最想做成的是把总装车间的一次合格率提上去。想请问目前这条线最大的瓶颈是什么？",
            "I like seeing steel turn into parts, and I like leading a team that gets the numbers better bit by bit. \
             What I would most like to achieve here is a higher first-pass yield in final assembly. May I ask what \
             the line's biggest bottleneck is today?",
        ),
        follow_up: both(
            "结果三个月里相关的不良和失误都降到了目标以内。我每周亲自对比数据，连续三个月稳定才算真正解决。\
             我从中学到，问题不能只靠事后救火，之后我把每次改进都写进了作业指导书和交接清单，\
             并在班前会议上给大家讲清楚了为什么要这样做。",
            "As a result defects and errors stayed within target for three months. I personally compared the data \
             every week and only called it solved once it had held for three months. I learned that problems cannot \
             just be fire-fought afterwards, so since then I have written every improvement into the work \
             instructions and the handover checklist, and I explained at the pre-shift meeting why we do it that way.",
        ),
    },
    Candidate {
        name: both("李强", "Li Qiang"),
        intro: both(
            "我是李强，做过三年质检员，一年多的代理班长。",
            "I am Li Qiang: three years as a quality inspector and a year as acting shift lead.",
        ),
        stories: &[both(
            "当时有一批产品的次品率很高，我负责排查原因。我和同事一起检查了设备和原材料，也和供应商沟通了几次。",
            "At the time one batch had a high defect rate and I was responsible for finding out why. I checked the \
             machines and the raw material with a colleague and I talked to the supplier several times.",
        )],
        culture: both("我比较踏实，愿意听从安排。", "I am steady and happy to follow the plan."),
        open: both("请问这个岗位有培训吗？", "Is there training for this role?"),
        follow_up: both("后来次品率降下来了，大概降低了一半。", "In the end the defect rate came down, by about half."),
    },
    Candidate {
        name: both("陈静", "Chen Jing"),
        intro: both("我叫陈静，我工作很努力。", "My name is Chen Jing and I work hard."),
        stories: &[both(
            "我是一个很有团队精神的人，总是全力以赴，大家都喜欢和我合作。",
            "I am a hard worker and a team player who always gives 100 percent.",
        )],
        culture: both("我很认同公司的文化。", "I really like the company culture."),
        open: both("没有问题。", "No questions."),
        follow_up: both("我会继续努力。", "I will keep working hard."),
    },
];
