//! The phrases that mark the situation, task and result of a STAR answer, in
//! Chinese and English. Actions are not found by phrases but by narration: a
//! clause in which the candidate (我 / I) does something (see `star`).
//!
//! Cues are matched on word boundaries by the SDK's text module: Chinese ones
//! must be whole words of the segmented answer (负责 does not match inside
//! 负责人), English ones whole words in any case.

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

    /// Points the part is worth out of 10 (with 1 more for a measured
    /// result): actions weigh most, because they show what the candidate did
    /// rather than what happened around them.
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

    /// The cues of the part found by phrase (none for actions).
    pub fn cues(self) -> &'static [&'static str] {
        match self {
            Part::Situation => SITUATION,
            Part::Task => TASK,
            Part::Action => &[],
            Part::Result => RESULT,
        }
    }
}

const SITUATION: &[&str] = &[
    "当时",
    "那时",
    "那时候",
    "有一次",
    "之前在",
    "在上一家",
    "去年",
    "前年",
    "那年",
    "上个月",
    "背景是",
    "情况是",
    "项目中",
    "面临",
    "遇到",
    "at the time",
    "when i was",
    "back in",
    "last year",
    "last summer",
    "last month",
    "last quarter",
    "years ago",
    "in my previous",
    "at my previous",
    "in my last",
    "one time",
    "once",
    "we were facing",
    "the situation",
    "there was a",
];

const TASK: &[&str] = &[
    "我的任务",
    "我负责",
    "负责",
    "我的职责",
    "目标是",
    "任务是",
    "需要我",
    "要求我",
    "我需要",
    "my task",
    "my role",
    "my job was",
    "i was responsible",
    "i was asked",
    "responsible for",
    "i was in charge",
    "the goal was",
    "our goal",
    "i needed to",
    "i had to",
    "we needed to",
    "we had to",
    "the task was",
];

const RESULT: &[&str] = &[
    "结果",
    "最终",
    "最后",
    "提升",
    "提高",
    "降低",
    "减少",
    "缩短",
    "增加",
    "节省",
    "回到",
    "成功",
    "按时",
    "提前",
    "学到",
    "达成",
    "as a result",
    "in the end",
    "resulted in",
    "finally",
    "eventually",
    "increased",
    "reduced",
    "improved",
    "cut",
    "saved",
    "fell",
    "rose",
    "dropped",
    "doubled",
    "went up",
    "went down",
    "went from",
    "was back",
    "delivered",
    "on time",
    "succeeded",
    "the outcome",
    "i learned",
    "i learnt",
    "achieved",
];
