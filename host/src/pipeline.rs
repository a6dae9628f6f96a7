//! The hiring pipeline: the stages a candidate moves through, the shape a job
//! may configure within them, and which moves are allowed.
//!
//! applied → screened → ai-interview → human-interview (rounds) → offer →
//! background-check → onboarding → probation → regular, and from any open
//! stage: withdrawn or rejected; from offer: offer-declined.

use serde::{Deserialize, Serialize};

/// Where an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Applied,
    Screened,
    AiInterview,
    HumanInterview,
    Offer,
    BackgroundCheck,
    Onboarding,
    Probation,
    Regular,
    Withdrawn,
    Rejected,
    OfferDeclined,
}

impl Stage {
    /// Every stage: the forward path in order, then the early closes.
    pub const ALL: [Stage; 12] = [
        Stage::Applied,
        Stage::Screened,
        Stage::AiInterview,
        Stage::HumanInterview,
        Stage::Offer,
        Stage::BackgroundCheck,
        Stage::Onboarding,
        Stage::Probation,
        Stage::Regular,
        Stage::Withdrawn,
        Stage::Rejected,
        Stage::OfferDeclined,
    ];

    /// The forward path, in order: [`Stage::ALL`] lists it first, then the
    /// stages that close an application early.
    const PATH: &'static [Stage] = Stage::ALL.split_at(9).0;

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Applied => "applied",
            Stage::Screened => "screened",
            Stage::AiInterview => "ai-interview",
            Stage::HumanInterview => "human-interview",
            Stage::Offer => "offer",
            Stage::BackgroundCheck => "background-check",
            Stage::Onboarding => "onboarding",
            Stage::Probation => "probation",
            Stage::Regular => "regular",
            Stage::Withdrawn => "withdrawn",
            Stage::Rejected => "rejected",
            Stage::OfferDeclined => "offer-declined",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// No move leaves a closed stage.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Regular | Stage::Withdrawn | Stage::Rejected | Stage::OfferDeclined)
    }

    fn position(self) -> Option<usize> {
        Stage::PATH.iter().position(|s| *s == self)
    }

    /// Whether this stage is `other` or further along the forward path;
    /// `None` for the stages that close an application early (which may
    /// have been reached from anywhere).
    pub fn is_at_or_after(self, other: Stage) -> Option<bool> {
        Some(self.position()? >= other.position()?)
    }

    /// The lifecycle event a move into this stage emits.
    pub fn event_kind(self) -> &'static str {
        match self {
            Stage::Applied => "candidate.applied",
            Stage::Screened => "candidate.screened",
            Stage::AiInterview => "interview.invited",
            Stage::HumanInterview => "interview.passed",
            Stage::Offer => "offer.made",
            Stage::BackgroundCheck => "offer.accepted",
            Stage::Onboarding => "candidate.hired",
            Stage::Probation => "employee.started",
            Stage::Regular => "employee.confirmed",
            Stage::Withdrawn => "candidate.withdrawn",
            Stage::Rejected => "candidate.rejected",
            Stage::OfferDeclined => "offer.declined",
        }
    }
}

impl Stage {
    /// The message template a candidate is sent when their application
    /// enters this stage, if any: the result of the AI interview either way.
    pub fn candidate_message(self) -> Option<&'static str> {
        match self {
            Stage::HumanInterview => Some("result-advance"),
            Stage::Rejected => Some("result-thank-you"),
            _ => None,
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shape of one job's pipeline within the standard one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Candidates are screened before the AI interview.
    pub screening: bool,
    /// Human interview rounds required before an offer (0: none).
    pub human_rounds: u32,
    pub background_check: bool,
    pub probation: bool,
    /// When an invited candidate who has not started is reminded: minutes
    /// before their window closes (e.g. `[120, 15]`). Empty: no reminders.
    pub reminders_minutes_before: Vec<u32>,
    /// A candidate the AI interview recommends advancing moves on by itself
    /// (from the AI interview stage). Off: HR moves them.
    pub auto_advance: bool,
    /// A candidate the AI interview recommends rejecting is rejected by
    /// itself, with a short reason they may be shown; never where the
    /// region's policy requires a person. Off: HR decides.
    pub auto_reject: bool,
    /// Within how many days of their interview candidates hear back, as
    /// promised on their completion page; 0: no promise is made.
    pub feedback_days: u32,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            screening: true,
            human_rounds: 1,
            background_check: true,
            probation: true,
            reminders_minutes_before: vec![120],
            auto_advance: false,
            auto_reject: false,
            feedback_days: 0,
        }
    }
}

/// The most reminders one invitation sends.
pub const MAX_REMINDERS: usize = 4;
/// The longest feedback promise, in days.
pub const MAX_FEEDBACK_DAYS: u32 = 60;
/// The most human interview rounds a job may require.
pub const MAX_HUMAN_ROUNDS: u32 = 10;

impl PipelineConfig {
    /// Checks the settings make sense; the error names the field.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.human_rounds > MAX_HUMAN_ROUNDS {
            return Err(("human_rounds", format!("at most {MAX_HUMAN_ROUNDS}")));
        }
        if self.feedback_days > MAX_FEEDBACK_DAYS {
            return Err(("feedback_days", format!("at most {MAX_FEEDBACK_DAYS} days")));
        }
        let reminders = &self.reminders_minutes_before;
        if reminders.len() > MAX_REMINDERS {
            return Err(("reminders_minutes_before", format!("at most {MAX_REMINDERS} reminders")));
        }
        if let Some(bad) = reminders.iter().find(|m| **m == 0 || **m > 90 * 24 * 60) {
            return Err(("reminders_minutes_before", format!("{bad} is not between 1 minute and 90 days")));
        }
        let mut sorted = reminders.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != reminders.len() {
            return Err(("reminders_minutes_before", "each reminder time appears once".into()));
        }
        Ok(())
    }

    /// The reminder lead times in milliseconds.
    pub fn reminders_before_ms(&self) -> Vec<i64> {
        self.reminders_minutes_before.iter().map(|m| i64::from(*m) * 60_000).collect()
    }

    /// Whether this job uses a stage of the forward path.
    pub fn uses(&self, stage: Stage) -> bool {
        match stage {
            Stage::Screened => self.screening,
            Stage::HumanInterview => self.human_rounds > 0,
            Stage::BackgroundCheck => self.background_check,
            Stage::Probation => self.probation,
            _ => true,
        }
    }

    /// The stage after `stage` on this job's forward path.
    pub fn next(&self, stage: Stage) -> Option<Stage> {
        let at = stage.position()?;
        Stage::PATH[at + 1..].iter().copied().find(|s| self.uses(*s))
    }
}

/// Who asks for a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    /// A member of staff.
    Person,
    /// Panel itself (e.g. acting on a recommendation).
    Automation,
    /// Staff sending an AI interview invitation: the application goes
    /// straight to the AI interview, screening included (inviting is the
    /// screening decision), and nowhere else.
    Invitation,
}

/// What the rules need to know about the application beyond its stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveContext {
    /// Human interview rounds with a submitted scorecard.
    pub rounds_done: u32,
    /// The region forbids automated rejection, or requires human review.
    pub automated_rejection_forbidden: bool,
}

/// Why a move was refused, in words HR can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("the application is {from}, a closed stage; nothing moves it any more")]
    Closed { from: Stage },
    #[error("the application is already {stage}")]
    Same { stage: Stage },
    #[error("from {from} the next stage for this job is {next}, not {to}")]
    NotNext { from: Stage, to: Stage, next: String },
    #[error("an offer needs {required} human interview round(s) with a scorecard; {done} done")]
    RoundsMissing { required: u32, done: u32 },
    #[error("this region's policy requires a person to reject a candidate; automation may not")]
    AutomatedRejection,
    #[error("an invitation takes an application to the AI interview only from applied or screened (it is {from})")]
    NotInvited { from: Stage },
    #[error("only an application at the offer stage can decline the offer (it is {from})")]
    NoOffer { from: Stage },
}

/// Whether `from → to` is allowed for this job, mover and context.
pub fn check(config: &PipelineConfig, from: Stage, to: Stage, mover: Mover, ctx: MoveContext) -> Result<(), MoveError> {
    if from.is_closed() {
        return Err(MoveError::Closed { from });
    }
    if from == to {
        return Err(MoveError::Same { stage: from });
    }
    if mover == Mover::Invitation {
        return match (from, to) {
            (Stage::Applied | Stage::Screened, Stage::AiInterview) => Ok(()),
            _ => Err(MoveError::NotInvited { from }),
        };
    }
    match to {
        Stage::Withdrawn => Ok(()),
        Stage::Rejected if mover == Mover::Automation && ctx.automated_rejection_forbidden => {
            Err(MoveError::AutomatedRejection)
        }
        Stage::Rejected => Ok(()),
        Stage::OfferDeclined if from == Stage::Offer => Ok(()),
        Stage::OfferDeclined => Err(MoveError::NoOffer { from }),
        _ => {
            let next = config.next(from);
            if next != Some(to) {
                let next = next.map_or_else(|| "none".to_owned(), |s| s.to_string());
                return Err(MoveError::NotNext { from, to, next });
            }
            if to == Stage::Offer && ctx.rounds_done < config.human_rounds {
                return Err(MoveError::RoundsMissing { required: config.human_rounds, done: ctx.rounds_done });
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Mover::{Automation, Invitation, Person};
    use super::Stage::*;
    use super::*;

    fn ctx(rounds_done: u32, forbidden: bool) -> MoveContext {
        MoveContext { rounds_done, automated_rejection_forbidden: forbidden }
    }

    #[test]
    fn stages_round_trip_through_their_names() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("hired"), None);
    }

    #[test]
    fn every_forward_move_of_the_standard_pipeline() {
        let config = PipelineConfig { human_rounds: 2, ..Default::default() };
        let mut stage = Applied;
        let mut path = vec![stage];
        while let Some(next) = config.next(stage) {
            check(&config, stage, next, Person, ctx(2, false)).unwrap_or_else(|e| panic!("{stage} → {next}: {e}"));
            stage = next;
            path.push(stage);
        }
        assert_eq!(
            path,
            [Applied, Screened, AiInterview, HumanInterview, Offer, BackgroundCheck, Onboarding, Probation, Regular]
        );
    }

    #[test]
    fn the_table_of_allowed_and_refused_moves() {
        let standard = PipelineConfig::default();
        let lean = PipelineConfig {
            screening: false,
            human_rounds: 0,
            background_check: false,
            probation: false,
            ..Default::default()
        };
        type Case = (&'static str, PipelineConfig, Stage, Stage, Mover, MoveContext, Option<&'static str>);
        let cases: Vec<Case> = vec![
            ("skipping a stage", standard.clone(), Applied, AiInterview, Person, ctx(0, false), Some("next stage")),
            ("inviting skips screening", standard.clone(), Applied, AiInterview, Invitation, ctx(0, false), None),
            ("inviting from screened", standard.clone(), Screened, AiInterview, Invitation, ctx(0, false), None),
            (
                "inviting moves nobody back",
                standard.clone(),
                HumanInterview,
                AiInterview,
                Invitation,
                ctx(0, false),
                Some("only from applied or screened"),
            ),
            (
                "inviting moves nowhere else",
                standard.clone(),
                Applied,
                Screened,
                Invitation,
                ctx(0, false),
                Some("only from applied or screened"),
            ),
            (
                "a job without screening goes straight on",
                lean.clone(),
                Applied,
                AiInterview,
                Person,
                ctx(0, false),
                None,
            ),
            (
                "no offer before the rounds",
                standard.clone(),
                HumanInterview,
                Offer,
                Person,
                ctx(0, false),
                Some("needs 1"),
            ),
            ("offer once the round is done", standard.clone(), HumanInterview, Offer, Person, ctx(1, false), None),
            (
                "a job with no rounds offers after the AI interview",
                lean.clone(),
                AiInterview,
                Offer,
                Person,
                ctx(0, false),
                None,
            ),
            ("no going back", standard.clone(), Offer, Screened, Person, ctx(1, false), Some("next stage")),
            (
                "no background check when the job has none",
                lean.clone(),
                Offer,
                BackgroundCheck,
                Person,
                ctx(0, false),
                Some("next stage"),
            ),
            ("onboarding straight after the offer", lean.clone(), Offer, Onboarding, Person, ctx(0, false), None),
            ("a person rejects anywhere open", standard.clone(), HumanInterview, Rejected, Person, ctx(0, true), None),
            (
                "automation rejects where allowed",
                standard.clone(),
                AiInterview,
                Rejected,
                Automation,
                ctx(0, false),
                None,
            ),
            (
                "automation may not reject where the region forbids it",
                standard.clone(),
                AiInterview,
                Rejected,
                Automation,
                ctx(0, true),
                Some("requires a person"),
            ),
            ("a candidate withdraws", standard.clone(), Onboarding, Withdrawn, Person, ctx(0, false), None),
            (
                "declining needs an offer",
                standard.clone(),
                HumanInterview,
                OfferDeclined,
                Person,
                ctx(1, false),
                Some("offer stage"),
            ),
            ("declining an offer", standard.clone(), Offer, OfferDeclined, Person, ctx(1, false), None),
            ("closed stays closed", standard.clone(), Rejected, Screened, Person, ctx(0, false), Some("closed")),
            ("regular is closed", standard.clone(), Regular, Withdrawn, Person, ctx(0, false), Some("closed")),
            ("no move to the same stage", standard.clone(), Screened, Screened, Person, ctx(0, false), Some("already")),
        ];
        for (name, config, from, to, mover, context, refused) in cases {
            let result = check(&config, from, to, mover, context);
            match refused {
                None => assert!(result.is_ok(), "{name}: {result:?}"),
                Some(words) => {
                    let err = result.expect_err(name).to_string();
                    assert!(err.contains(words), "{name}: {err}");
                }
            }
        }
    }

    #[test]
    fn pipeline_settings_are_checked() {
        let ok = PipelineConfig { reminders_minutes_before: vec![120, 15], ..Default::default() };
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(ok.reminders_before_ms(), [7_200_000, 900_000]);
        let cases = [
            (PipelineConfig { human_rounds: 11, ..Default::default() }, "human_rounds"),
            (PipelineConfig { reminders_minutes_before: vec![0], ..Default::default() }, "reminders_minutes_before"),
            (
                PipelineConfig { reminders_minutes_before: vec![15, 15], ..Default::default() },
                "reminders_minutes_before",
            ),
            (
                PipelineConfig { reminders_minutes_before: vec![1, 2, 3, 4, 5], ..Default::default() },
                "reminders_minutes_before",
            ),
            (
                PipelineConfig { reminders_minutes_before: vec![90 * 24 * 60 + 1], ..Default::default() },
                "reminders_minutes_before",
            ),
        ];
        for (config, field) in cases {
            assert_eq!(config.validate().map_err(|e| e.0), Err(field), "{config:?}");
        }
        let stored: PipelineConfig = serde_json::from_str(r#"{"screening":false}"#).unwrap();
        assert_eq!(
            stored.reminders_minutes_before,
            [120],
            "settings stored before reminders existed read with the default"
        );
    }
}
