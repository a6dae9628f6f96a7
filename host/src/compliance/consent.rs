//! Consent per purpose and the notice a candidate reads before giving it.
//!
//! A region's pack says which purposes it asks consent for and which of them
//! an interview cannot start without ([`PurposeRule`]), and carries a
//! versioned notice in English and Chinese: what is recorded, that AI
//! evaluates it and on which characteristics (the job's competencies, named
//! when the notice is shown), who sees it, how long it is kept (from the
//! pack's [`Retention`](super::retention::Retention)), how to ask for
//! deletion. Consents are stored with the notice version shown, so a
//! changed text is a new version and older consents still say what was read.

use serde::{Deserialize, Serialize};

use super::retention::Retention;

/// What a candidate consents to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// Answers scored by the AI on the job's competencies. Withdrawn: no AI
    /// scoring; a person reviews the answers.
    AiEvaluation,
    /// Video and audio recorded. Withdrawn: no more media is accepted and
    /// the candidate answers in writing.
    Recording,
    /// Personal information sent outside the region (PIPL Art. 38–39).
    TransferAbroad,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::AiEvaluation, Purpose::Recording, Purpose::TransferAbroad];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::AiEvaluation => "ai-evaluation",
            Purpose::Recording => "recording",
            Purpose::TransferAbroad => "transfer-abroad",
        }
    }

    pub fn parse(text: &str) -> Option<Purpose> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// What the consent allows, in words for an error message.
    pub fn describe(self) -> &'static str {
        match self {
            Purpose::AiEvaluation => "your answers being evaluated by AI",
            Purpose::Recording => "your video and audio being recorded",
            Purpose::TransferAbroad => "your personal information being transferred abroad",
        }
    }
}

/// A purpose a pack asks consent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PurposeRule {
    pub purpose: Purpose,
    /// The interview cannot start without it.
    pub required: bool,
    /// Why, when a law says so.
    #[schema(value_type = Option<String>)]
    pub citation: Option<&'static str>,
}

/// The notice of a pack, one version for both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoticeVersion {
    /// Changes whenever the text or the retention it states changes.
    pub version: &'static str,
    /// Who answers deletion requests, in the notice's words.
    pub contact_en: &'static str,
    pub contact_zh: &'static str,
}

/// One section of a notice as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NoticeSection {
    pub title: String,
    pub text: String,
}

/// A notice's text in `locale` (`zh…` is Chinese, anything else English).
/// `characteristics`: the names of the job's competencies the AI scores.
pub fn notice_text(
    organisation: &str,
    characteristics: &[String],
    retention: &Retention,
    notice: &NoticeVersion,
    locale: &str,
) -> Vec<NoticeSection> {
    let zh = locale.starts_with("zh");
    let list = characteristics.join(if zh { "、" } else { ", " });
    let kept = retention.describe(zh);
    let section = |title: &str, text: String| NoticeSection { title: title.to_owned(), text };
    if zh {
        vec![
            section(
                "记录的内容",
                "您的书面回答；如您同意录制，还包括每道题的视频和音频，以及由录音转写的文字。".to_owned(),
            ),
            section(
                "AI 评估",
                format!(
                    "AI 会根据回答的内容，对以下岗位能力进行评分：{list}。AI 不分析您的面部、表情、情绪、声音特征或外貌。\
                     任何决定都不会仅由 AI 作出；如您撤回对 AI 评估的同意，将由工作人员审阅您的回答。"
                ),
            ),
            section(
                "谁能看到",
                format!("仅 {organisation} 负责本岗位招聘的人员；您的数据不会出售，也不会用于本次应聘以外的目的。"),
            ),
            section("保存多久", kept),
            section(
                "如何要求删除",
                format!(
                    "您可以随时通过本链接撤回同意或要求删除您的全部数据，也可以联系{}。删除后您会收到一份删除回执。",
                    notice.contact_zh
                ),
            ),
        ]
    } else {
        vec![
            section(
                "What is recorded",
                "Your written answers; if you agree to recording, the video and audio of each answer and the text \
                 transcribed from it."
                    .to_owned(),
            ),
            section(
                "How AI evaluates it",
                format!(
                    "An AI scores what your answers say on the competencies of this job: {list}. It does not analyse \
                     your face, expressions, emotions, voice characteristics or appearance. No decision is made by \
                     the AI alone; if you withdraw your consent to AI evaluation, a person reviews your answers \
                     instead."
                ),
            ),
            section(
                "Who sees it",
                format!(
                    "Only the people at {organisation} who recruit for this job. Your data is not sold and is used \
                     only for this application."
                ),
            ),
            section("How long it is kept", kept),
            section(
                "How to ask for deletion",
                format!(
                    "You can withdraw a consent or ask for all your data to be deleted at any time through this \
                     link, or by contacting {}. You receive a receipt of what was deleted.",
                    notice.contact_en
                ),
            ),
        ]
    }
}

/// What every pack asks: AI evaluation (required, as the interview always
/// was) and recording (optional: without it the candidate writes).
pub(super) const BASE_PURPOSES: &[PurposeRule] = &[
    PurposeRule { purpose: Purpose::AiEvaluation, required: true, citation: None },
    PurposeRule { purpose: Purpose::Recording, required: false, citation: None },
];

pub(super) const ILLINOIS_PURPOSES: &[PurposeRule] = &[
    PurposeRule {
        purpose: Purpose::AiEvaluation,
        required: true,
        citation: Some("820 ILCS 42/5: consent before AI is used to evaluate a video interview"),
    },
    PurposeRule { purpose: Purpose::Recording, required: false, citation: None },
];

pub(super) const PIPL_PURPOSES: &[PurposeRule] = &[
    PurposeRule { purpose: Purpose::AiEvaluation, required: true, citation: Some("PIPL Art. 14, 24") },
    PurposeRule {
        purpose: Purpose::Recording,
        required: false,
        citation: Some("PIPL Art. 29: separate consent for sensitive personal information"),
    },
    PurposeRule {
        purpose: Purpose::TransferAbroad,
        required: true,
        citation: Some("PIPL Art. 39: separate consent to provide personal information outside the PRC"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::PackId;

    #[test]
    fn every_notice_says_what_the_law_asks_in_both_languages() {
        for id in PackId::ALL {
            let pack = id.pack();
            for locale in ["en", "zh-CN"] {
                let text = notice_text("Acme", &["Teamwork".into()], &pack.retention, &pack.notice, locale);
                assert_eq!(text.len(), 5, "{id:?} {locale}");
                let all: String = text.iter().map(|s| s.text.as_str()).collect();
                assert!(all.contains("Teamwork") && all.contains("Acme"), "{id:?} {locale}: {all}");
            }
            assert!(pack.purposes.iter().any(|r| r.purpose == Purpose::AiEvaluation && r.required), "{id:?}");
        }
        let pipl = PackId::CnPipl.pack();
        assert!(pipl.purposes.iter().any(|r| r.purpose == Purpose::TransferAbroad && r.required));
        assert!(!PackId::Default.pack().purposes.iter().any(|r| r.purpose == Purpose::TransferAbroad));
    }
}
