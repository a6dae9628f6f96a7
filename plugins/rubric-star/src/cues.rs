//! The phrases that mark the situation and task of a STAR answer, in Chinese
//! and English. Actions are not found by phrases but by narration (a clause
//! in which the candidate, 我 / I, does something to something), results by
//! what the story says came of the actions (see `star`).
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
    /// rather than what happened around them; the task least, because a
    /// story often makes it plain without stating it.
    pub fn points(self) -> f32 {
        match self {
            Part::Situation => 2.0,
            Part::Task => 1.5,
            Part::Action => 4.0,
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

    /// The cues of the part found by phrase. Actions are found by narration
    /// and results by what the story says came of them (the SDK's
    /// `story_result`), not by phrases; a situation is also found without
    /// a cue (see `star`).
    pub fn cues(self) -> &'static [&'static str] {
        match self {
            Part::Situation => SITUATION,
            Part::Task => TASK,
            Part::Action | Part::Result => &[],
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
    "背景是",
    "情况是",
    "项目中",
    "面临",
    "遇到",
    "at the time",
    "when i was",
    "back in",
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
    "得保证",
    "要保证",
    "必须",
    "交给我",
    "my task",
    "my role",
    "my job was",
    "i was responsible",
    "i was asked",
    "i was given",
    "responsible for",
    "i was in charge",
    "the goal was",
    "our goal",
    "i needed to",
    "i had to",
    "we needed to",
    "we had to",
    "the task was",
    "it was on me",
    "was mine to",
    "fell to me",
    "i took on",
    "i owned the",
    "i had * to",
];
