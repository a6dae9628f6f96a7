//! The phrases that mark each part of a STAR answer, in Chinese and English.
//!
//! Chinese cues are matched as substrings: they are whole words or set phrases
//! (当时, 我负责, 最终), so no segmentation is needed to find them. English cues
//! are matched case-insensitively on word boundaries.

/// One part of a STAR answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    /// Points the part is worth out of 10: actions weigh most, because they
    /// show what the candidate did rather than what happened around them.
    pub fn points(self) -> f32 {
        match self {
            Part::Situation => 2.0,
            Part::Task => 2.0,
            Part::Action => 3.5,
            Part::Result => 2.5,
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Part::Situation, false) => "situation",
            (Part::Task, false) => "task",
            (Part::Action, false) => "action",
            (Part::Result, false) => "result",
            (Part::Situation, true) => "情境",
            (Part::Task, true) => "任务",
            (Part::Action, true) => "行动",
            (Part::Result, true) => "结果",
        }
    }

    pub fn cues(self) -> &'static [&'static str] {
        match self {
            Part::Situation => &[
                "当时", "那时", "那时候", "有一次", "之前在", "在上一家", "去年", "前年", "背景是",
                "情况是", "项目中", "面临", "遇到",
                "at the time", "when i was", "back in", "last year", "in my previous", "at my previous",
                "in my last", "one time", "once", "we were facing", "the situation", "our team was",
                "the project was", "there was a", "last summer", "last month", "last quarter", "a few years ago",
            ],
            Part::Task => &[
                "我的任务", "我负责", "负责", "我的职责", "目标是", "任务是", "需要我", "要求我",
                "我要", "我需要", "必须",
                "my task", "my role", "my job was", "i was responsible", "i was asked", "responsible for",
                "the goal was", "our goal", "i needed to", "i had to", "we needed to", "we had to",
                "the task was",
            ],
            Part::Action => &[
                "我决定", "我组织", "我分析", "我提出", "我主动", "我带领", "我协调", "我沟通",
                "我制定", "我设计", "我推动", "我安排", "首先", "然后", "接着", "于是我", "我先",
                "我找", "我和",
                "i decided", "i organized", "i organised", "i analyzed", "i analysed", "i proposed",
                "i led", "i built", "i set up", "i talked", "i spoke", "i met", "i created",
                "i designed", "i implemented", "i wrote", "i reorganized", "i coordinated",
                "i scheduled", "i introduced", "i started", "i asked", "i worked with", "first,",
                "then i", "so i", "next,", "i made", "i got", "i ran", "i gathered", "i trained",
            ],
            Part::Result => &[
                "结果", "最终", "最后", "提升了", "提高了", "降低了", "减少了", "缩短了", "增加了",
                "成功", "按时", "完成了", "学到", "获得",
                "as a result", "in the end", "resulted in", "finally", "increased", "reduced",
                "improved", "cut", "saved", "we delivered", "delivered", "on time", "succeeded",
                "the outcome", "i learned", "i learnt", "went up", "went down", "achieved", "fell by", "rose by",
            ],
        }
    }
}
