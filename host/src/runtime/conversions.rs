//! Conversions between the host's domain types and a WIT version's generated
//! types, for the types whose shape every version shares. Each version's
//! `conv` module invokes [`shared_conversions!`] where `types`, `wit_bank`,
//! `wit_rubric`, `wit_connector`, `wit_notifier`, `domain` and `Failure` name
//! its own, and writes by hand only what changed.

macro_rules! shared_conversions {
    () => {
        impl From<&domain::LocalizedText> for types::LocalizedText {
            fn from(t: &domain::LocalizedText) -> Self {
                Self { locale: t.locale.clone(), text: t.text.clone() }
            }
        }

        impl From<&domain::Dimension> for types::Dimension {
            fn from(d: &domain::Dimension) -> Self {
                Self {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    weight: d.weight,
                    threshold: d.threshold,
                    labels: d.labels.iter().map(Into::into).collect(),
                }
            }
        }

        impl From<&domain::JobProfile> for types::JobProfile {
            fn from(j: &domain::JobProfile) -> Self {
                Self {
                    id: j.id.clone(),
                    title: j.title.clone(),
                    industry: j.industry.clone(),
                    locale: j.locale.clone(),
                    key_role: j.key_role,
                    dimensions: j.dimensions.iter().map(Into::into).collect(),
                    description: j.description.clone(),
                }
            }
        }

        impl From<domain::QuestionKind> for types::QuestionKind {
            fn from(k: domain::QuestionKind) -> Self {
                match k {
                    domain::QuestionKind::SelfIntro => Self::SelfIntro,
                    domain::QuestionKind::Behavioural => Self::Behavioural,
                    domain::QuestionKind::CultureFit => Self::CultureFit,
                    domain::QuestionKind::Open => Self::Open,
                    domain::QuestionKind::FollowUp => Self::FollowUp,
                }
            }
        }

        impl From<types::QuestionKind> for domain::QuestionKind {
            fn from(k: types::QuestionKind) -> Self {
                match k {
                    types::QuestionKind::SelfIntro => Self::SelfIntro,
                    types::QuestionKind::Behavioural => Self::Behavioural,
                    types::QuestionKind::CultureFit => Self::CultureFit,
                    types::QuestionKind::Open => Self::Open,
                    types::QuestionKind::FollowUp => Self::FollowUp,
                }
            }
        }

        impl From<&domain::Answer> for types::Answer {
            fn from(a: &domain::Answer) -> Self {
                Self {
                    question_id: a.question_id.clone(),
                    text: a.text.clone(),
                    transcribed: a.transcribed,
                    locale: a.locale.clone(),
                    think_time_ms: a.think_time_ms,
                    duration_ms: a.duration_ms,
                }
            }
        }

        impl From<types::Evidence> for domain::Evidence {
            fn from(e: types::Evidence) -> Self {
                Self {
                    label: e.label,
                    effect: match e.effect {
                        types::Effect::Positive => domain::Effect::Positive,
                        types::Effect::Negative => domain::Effect::Negative,
                        types::Effect::Neutral => domain::Effect::Neutral,
                    },
                    span: e.span.map(|s| domain::TextSpan { start: s.start, end: s.end }),
                }
            }
        }

        impl From<types::DimensionScore> for domain::DimensionScore {
            fn from(s: types::DimensionScore) -> Self {
                Self {
                    dimension: s.dimension,
                    score: s.score,
                    confidence: s.confidence,
                    evidence: s.evidence.into_iter().map(Into::into).collect(),
                    explanation: s.explanation,
                }
            }
        }

        impl From<&domain::LifecycleEvent> for types::LifecycleEvent {
            fn from(e: &domain::LifecycleEvent) -> Self {
                Self {
                    id: e.id.clone(),
                    kind: e.kind.clone(),
                    candidate_id: e.candidate_id.clone(),
                    job_id: e.job_id.clone(),
                    stage: e.stage.clone(),
                    occurred_at: e.occurred_at.clone(),
                    payload: e.payload.clone(),
                }
            }
        }

        impl From<&domain::PlanRequest> for wit_bank::PlanRequest {
            fn from(r: &domain::PlanRequest) -> Self {
                Self {
                    locale: r.locale.clone(),
                    sections: r
                        .sections
                        .iter()
                        .map(|s| wit_bank::SectionRequest { kind: s.kind.into(), count: s.count })
                        .collect(),
                    seed: r.seed,
                    exclude: r.exclude.clone(),
                }
            }
        }

        impl From<wit_bank::BankInfo> for domain::BankInfo {
            fn from(i: wit_bank::BankInfo) -> Self {
                Self {
                    name: i.name,
                    description: i.description,
                    locales: i.locales,
                    industries: i.industries,
                    dimensions: i.dimensions,
                }
            }
        }

        impl From<wit_rubric::RubricInfo> for domain::RubricInfo {
            fn from(i: wit_rubric::RubricInfo) -> Self {
                Self { name: i.name, description: i.description, locales: i.locales, dimensions: i.dimensions }
            }
        }

        impl From<wit_connector::Outcome> for domain::Outcome {
            fn from(o: wit_connector::Outcome) -> Self {
                match o {
                    wit_connector::Outcome::Applied(r) => Self::Applied(r),
                    wit_connector::Outcome::Duplicate(r) => Self::Duplicate(r),
                    wit_connector::Outcome::Skipped(r) => Self::Skipped(r),
                }
            }
        }

        impl From<wit_notifier::NotifierInfo> for domain::NotifierInfo {
            fn from(i: wit_notifier::NotifierInfo) -> Self {
                Self { name: i.name, description: i.description, channels: i.channels }
            }
        }

        impl From<&domain::Message> for wit_notifier::Message {
            fn from(m: &domain::Message) -> Self {
                Self {
                    id: m.id.clone(),
                    channel: m.channel.clone(),
                    recipient: wit_notifier::Recipient {
                        name: m.recipient.name.clone(),
                        address: m.recipient.address.clone(),
                    },
                    template: m.template.clone(),
                    locale: m.locale.clone(),
                    variables: m.variables.clone(),
                }
            }
        }

        /// A plugin-reported error as the runtime's failure.
        pub(crate) fn returned(e: types::PluginError) -> Failure {
            Failure::Returned { code: e.code, message: e.message, retryable: e.retryable }
        }
    };
}
pub(crate) use shared_conversions;
