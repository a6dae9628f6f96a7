//! Constructors and small helpers on the contract's shared types, so plugins
//! read as what they mean rather than as struct literals.

use crate::{
    Answer, BankInfo, ConnectorInfo, DimensionScore, Effect, Evidence, NotifierInfo, PluginError, Question,
    QuestionKind, RubricInfo, TextSpan,
};

impl PluginError {
    /// An error with a conventional `code` (see the WIT docs for the list).
    pub fn new(code: &str, message: impl Into<String>, retryable: bool) -> Self {
        Self { code: code.to_owned(), message: message.into(), retryable }
    }

    /// The host sent something the plugin cannot use.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new("invalid-input", message, false)
    }

    /// The plugin's configuration is wrong; say which field and why.
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new("invalid-config", message, false)
    }

    /// The plugin does not handle this locale, kind or event.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new("unsupported", message, false)
    }

    /// A remote system timed out or answered 5xx (but 501 and 505) or 429:
    /// worth retrying.
    pub fn upstream_unavailable(message: impl Into<String>) -> Self {
        Self::new("upstream-unavailable", message, true)
    }

    /// A remote system refused the request (4xx), or does not implement it
    /// (501, 505): retrying cannot help.
    pub fn upstream_rejected(message: impl Into<String>) -> Self {
        Self::new("upstream-rejected", message, false)
    }

    /// The host refused a capability the plugin needed.
    pub fn capability_denied(message: impl Into<String>) -> Self {
        Self::new("capability-denied", message, false)
    }

    /// A bug in the plugin.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("internal", message, false)
    }
}

impl Evidence {
    /// Evidence found at `span` of the answer's text.
    pub fn span(label: impl Into<String>, effect: Effect, span: TextSpan) -> Self {
        Self { label: label.into(), effect, span: Some(span) }
    }

    /// Evidence about the answer as a whole (its length, its timing).
    pub fn feature(label: impl Into<String>, effect: Effect) -> Self {
        Self { label: label.into(), effect, span: None }
    }
}

impl TextSpan {
    /// The span of bytes `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start: start as u32, end: end as u32 }
    }
}

impl DimensionScore {
    /// A score for `dimension`, clamped to 0–10, with confidence clamped to 0–1
    /// (NaN and -0.0 become 0).
    pub fn new(dimension: &str, score: f32, confidence: f32, explanation: impl Into<String>) -> Self {
        let clamp = |x: f32, max: f32| if x > 0.0 { x.min(max) } else { 0.0 };
        Self {
            dimension: dimension.to_owned(),
            score: clamp(score, 10.0),
            confidence: clamp(confidence, 1.0),
            evidence: Vec::new(),
            explanation: explanation.into(),
        }
    }

    /// Adds the evidence behind the score.
    pub fn with_evidence(mut self, evidence: impl IntoIterator<Item = Evidence>) -> Self {
        self.evidence.extend(evidence);
        self
    }
}

impl Answer {
    /// The text at `span`, or "" if the span does not fall on the text's
    /// character boundaries.
    pub fn quote(&self, span: TextSpan) -> &str {
        self.text.get(span.start as usize..span.end as usize).unwrap_or("")
    }
}

impl Question {
    /// A question with no think time; set fields directly for the rest.
    pub fn new(
        id: impl Into<String>,
        kind: QuestionKind,
        locale: &str,
        text: impl Into<String>,
        dimensions: &[&str],
        time_limit_secs: u32,
    ) -> Self {
        Self {
            id: id.into(),
            kind,
            text: text.into(),
            locale: locale.to_owned(),
            dimensions: dimensions.iter().map(|d| (*d).to_owned()).collect(),
            think_time_secs: 0,
            time_limit_secs,
            guide: None,
        }
    }

    /// The question with what a good answer tells (`looks_for`) and what
    /// answers that miss it tell instead (`off_topic`), for rubrics.
    pub fn with_guide(mut self, looks_for: &[&str], off_topic: &[&str]) -> Self {
        let owned = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect();
        self.guide = Some(crate::AnswerGuide { looks_for: owned(looks_for), off_topic: owned(off_topic) });
        self
    }
}

impl RubricInfo {
    /// A rubric description with no locales or dimensions listed yet.
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        Self { name: name.into(), description: description.into(), locales: Vec::new(), dimensions: Vec::new() }
    }
}

impl BankInfo {
    /// A bank description with no locales, industries or dimensions listed yet.
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: description.into(),
            locales: Vec::new(),
            industries: Vec::new(),
            dimensions: Vec::new(),
        }
    }
}

impl ConnectorInfo {
    /// A connector description acting on the given event kinds.
    pub fn new(name: impl Into<String>, description: impl Into<String>, event_kinds: &[&str]) -> Self {
        Self {
            name: name.into(),
            description: description.into(),
            event_kinds: event_kinds.iter().map(|k| (*k).to_owned()).collect(),
            pulls_outcomes: false,
        }
    }

    /// The description of a connector that also reads outcomes
    /// ([`crate::Connector::pull_outcomes`]).
    pub fn pulling_outcomes(mut self) -> Self {
        self.pulls_outcomes = true;
        self
    }
}

impl NotifierInfo {
    /// A notifier description sending on the given channels.
    pub fn new(name: impl Into<String>, description: impl Into<String>, channels: &[&str]) -> Self {
        Self {
            name: name.into(),
            description: description.into(),
            channels: channels.iter().map(|c| (*c).to_owned()).collect(),
        }
    }
}
