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
            "我叫王芳，在汽车零部件工厂做了六年班组长，负责一条四十人的冲压线。",
            "I am Wang Fang. For six years I have led a 40-person stamping line at an auto parts plant.",
        ),
        stories: &[
            both(
                "当时我们产线每天都完不成产量目标，我负责在一周内找到瓶颈。我先统计了每个工位的节拍，\
                 然后重新安排了班次，并在焊接前增加了缓冲区。最终产量在一个月内提升了18%。",
                "At the time our line was missing its daily target every week. My task was to find the bottleneck \
                 within a week. I analyzed the cycle times of every station, then I reorganized the shifts and I \
                 introduced a buffer before welding. As a result output increased by 18% in a month.",
            ),
            both(
                "去年夏天，两个班组因为交接问题经常争吵，我的任务是让交接顺畅。我组织双方一起梳理了交接清单，\
                 并且每周主持一次复盘会。结果三个月内交接失误减少了70%。",
                "Last summer two shifts kept arguing over handovers, and my job was to make handovers work. I got both \
                 teams to write one handover checklist together, and I ran a weekly review. As a result handover \
                 errors fell by 70% within three months.",
            ),
        ],
        culture: both(
            "我认为团队的目标比个人表现更重要，班组的安全和质量是我最看重的。",
            "I believe the team's goal matters more than my own numbers; safety and quality come first.",
        ),
        open: both(
            "我想了解这条线目前最大的瓶颈是什么。",
            "I would like to know what the line's biggest bottleneck is today.",
        ),
        follow_up: both(
            "我学到了先看数据再下结论，之后每次改动前我都会先做一周的测量。",
            "I learned to look at the data before deciding; since then I measure for a week before any change.",
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
