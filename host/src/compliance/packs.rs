//! Region policy packs: named, versioned sets of rules a region adopts,
//! each rule with the article it comes from. A pack adds to a region's own
//! settings (it never relaxes them), so switching a region to the EU pack
//! sends every recommendation there to a person.
//!
//! Plugins declare the sensitive things they do in their manifest
//! (`[capabilities] sensitive = ["emotion-inference"]`); a pack that forbids
//! one refuses the binding that would switch such a plugin on in its region,
//! citing the article, and the host never lets it serve a job there even if
//! the region adopts the pack after the binding was made.

use serde::{Deserialize, Serialize};

use super::consent::{self, NoticeVersion, PurposeRule};
use super::retention::{self, Retention};

/// Things a plugin may do that some law restricts. Declared in the plugin's
/// manifest; a package that does one without declaring it is lying about
/// itself, which its signature makes the vendor answerable for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SensitiveCapability {
    /// Infers emotions, affect or intentions from a face, a voice or text.
    EmotionInference,
    /// Sorts people into categories (ethnicity, beliefs, sex life,
    /// orientation, health) from biometric data.
    BiometricCategorisation,
    /// Identifies or verifies a person from their face, voice or other
    /// biometric identifier.
    BiometricIdentification,
}

impl SensitiveCapability {
    pub const ALL: [SensitiveCapability; 3] = [
        SensitiveCapability::EmotionInference,
        SensitiveCapability::BiometricCategorisation,
        SensitiveCapability::BiometricIdentification,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SensitiveCapability::EmotionInference => "emotion-inference",
            SensitiveCapability::BiometricCategorisation => "biometric-categorisation",
            SensitiveCapability::BiometricIdentification => "biometric-identification",
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|c| c.as_str() == text).ok_or_else(|| {
            let known: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
            format!("{text:?} is not a sensitive capability; use one of {}", known.join(", "))
        })
    }
}

/// The packs a region can adopt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PackId {
    /// No rules beyond the region's own settings.
    #[default]
    Default,
    /// The European Union: the AI Act and the GDPR.
    Eu,
    /// Illinois: the Artificial Intelligence Video Interview Act and BIPA.
    UsIllinois,
    /// New York City: Local Law 144 on automated employment decision tools.
    UsNyc,
    /// Mainland China: the Personal Information Protection Law.
    CnPipl,
}

impl PackId {
    pub const ALL: [PackId; 5] = [PackId::Default, PackId::Eu, PackId::UsIllinois, PackId::UsNyc, PackId::CnPipl];

    pub fn pack(self) -> &'static PolicyPack {
        match self {
            PackId::Default => &DEFAULT,
            PackId::Eu => &EU,
            PackId::UsIllinois => &US_ILLINOIS,
            PackId::UsNyc => &US_NYC,
            PackId::CnPipl => &CN_PIPL,
        }
    }
}

/// One capability a pack forbids, and the law that forbids it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Forbidden {
    pub capability: SensitiveCapability,
    pub citation: &'static str,
}

/// A named, versioned set of rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PolicyPack {
    pub id: PackId,
    /// Changes when the rules change; stored with what a pack decided.
    pub version: &'static str,
    pub name: &'static str,
    /// Every recommendation goes to a person before it takes effect.
    pub always_human_review: bool,
    /// Why, when it does.
    pub human_review_citation: Option<&'static str>,
    /// Automation may advance or refer a candidate, never reject one.
    pub forbid_automated_rejection: bool,
    pub forbidden: &'static [Forbidden],
    /// The purposes it asks consent for, and which the interview needs.
    pub purposes: &'static [PurposeRule],
    /// The notice shown before consent (its text: [`super::consent::notice_text`]).
    pub notice: NoticeVersion,
    /// How long what is held of a candidate is kept.
    pub retention: Retention,
}

impl PolicyPack {
    /// The rule that forbids any of `capabilities`, if one does.
    pub fn forbids(&self, capabilities: &[SensitiveCapability]) -> Option<&'static Forbidden> {
        self.forbidden.iter().find(|f| capabilities.contains(&f.capability))
    }
}

static DEFAULT: PolicyPack = PolicyPack {
    id: PackId::Default,
    version: "2026.1",
    name: "Default (no rules beyond the region's settings)",
    always_human_review: false,
    human_review_citation: None,
    forbid_automated_rejection: false,
    forbidden: &[],
    purposes: consent::BASE_PURPOSES,
    notice: NoticeVersion {
        version: "default-2026.1",
        contact_en: "the company that invited you",
        contact_zh: "邀请您的公司",
    },
    retention: retention::KEEP,
};

static EU: PolicyPack = PolicyPack {
    id: PackId::Eu,
    version: "2026.1",
    name: "European Union (AI Act, GDPR)",
    always_human_review: true,
    human_review_citation: Some(
        "GDPR Art. 22(1): a decision based solely on automated processing that significantly affects a person \
         needs human involvement; AI Act Art. 14 and Annex III(4): recruitment systems are high-risk and under \
         human oversight",
    ),
    forbid_automated_rejection: true,
    forbidden: &[
        Forbidden {
            capability: SensitiveCapability::EmotionInference,
            citation: "EU AI Act Art. 5(1)(f): inferring the emotions of a person in the workplace is prohibited",
        },
        Forbidden {
            capability: SensitiveCapability::BiometricCategorisation,
            citation: "EU AI Act Art. 5(1)(g): categorising people by biometric data to infer their race, political \
                       opinions, trade union membership, beliefs, sex life or sexual orientation is prohibited",
        },
    ],
    purposes: consent::BASE_PURPOSES,
    notice: NoticeVersion {
        version: "eu-2026.1",
        contact_en: "the company that invited you or its data protection officer",
        contact_zh: "邀请您的公司或其数据保护官",
    },
    retention: retention::EU,
};

static US_ILLINOIS: PolicyPack = PolicyPack {
    id: PackId::UsIllinois,
    version: "2026.1",
    name: "Illinois (AI Video Interview Act, BIPA)",
    always_human_review: false,
    human_review_citation: None,
    forbid_automated_rejection: false,
    forbidden: &[Forbidden {
        capability: SensitiveCapability::BiometricIdentification,
        citation: "Illinois BIPA, 740 ILCS 14/15(b): a biometric identifier may be collected only with a written \
                   release, which Panel's interview consent is not",
    }],
    purposes: consent::ILLINOIS_PURPOSES,
    notice: NoticeVersion {
        version: "us-illinois-2026.1",
        contact_en: "the company that invited you",
        contact_zh: "邀请您的公司",
    },
    retention: retention::ILLINOIS,
};

static US_NYC: PolicyPack = PolicyPack {
    id: PackId::UsNyc,
    version: "2026.1",
    name: "New York City (Local Law 144)",
    always_human_review: false,
    human_review_citation: None,
    forbid_automated_rejection: false,
    forbidden: &[],
    purposes: consent::BASE_PURPOSES,
    notice: NoticeVersion {
        version: "us-nyc-2026.1",
        contact_en: "the company that invited you",
        contact_zh: "邀请您的公司",
    },
    retention: retention::KEEP,
};

static CN_PIPL: PolicyPack = PolicyPack {
    id: PackId::CnPipl,
    version: "2026.1",
    name: "Mainland China (PIPL)",
    always_human_review: false,
    human_review_citation: None,
    forbid_automated_rejection: true,
    forbidden: &[Forbidden {
        capability: SensitiveCapability::BiometricIdentification,
        citation: "PIPL Art. 28–29: biometric data is sensitive personal information and needs a separate consent, \
                   which Panel's interview consent is not",
    }],
    purposes: consent::PIPL_PURPOSES,
    notice: NoticeVersion {
        version: "cn-pipl-2026.1",
        contact_en: "the company that invited you or its personal information protection officer",
        contact_zh: "邀请您的公司或其个人信息保护负责人",
    },
    retention: retention::PIPL,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_is_reachable_by_its_id_and_cites_what_it_forbids() {
        for id in PackId::ALL {
            let pack = id.pack();
            assert_eq!(pack.id, id);
            for rule in pack.forbidden {
                assert!(rule.citation.contains("Art.") || rule.citation.contains("ILCS"), "{}", rule.citation);
            }
        }
    }

    #[test]
    fn the_eu_pack_forbids_emotion_inference_and_requires_a_person() {
        let eu = PackId::Eu.pack();
        let rule = eu.forbids(&[SensitiveCapability::EmotionInference]).expect("forbidden in the EU");
        assert!(rule.citation.contains("Art. 5(1)(f)"));
        assert!(eu.forbids(&[SensitiveCapability::BiometricIdentification]).is_none());
        assert!(eu.always_human_review && eu.forbid_automated_rejection);
        assert!(PackId::Default.pack().forbids(&SensitiveCapability::ALL).is_none());
    }

    #[test]
    fn pack_ids_and_capabilities_read_as_people_write_them() {
        let id: PackId = serde_json::from_str("\"us-illinois\"").expect("pack id");
        assert_eq!(id, PackId::UsIllinois);
        assert_eq!(SensitiveCapability::parse("emotion-inference"), Ok(SensitiveCapability::EmotionInference));
        let refused = SensitiveCapability::parse("mood").expect_err("unknown");
        assert!(refused.contains("emotion-inference"), "{refused}");
    }
}
