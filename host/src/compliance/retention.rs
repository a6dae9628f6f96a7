//! How long a region's pack lets Panel keep what it holds of a candidate.
//! The rules are plain numbers; [`crate::compliance::purge`] applies them on
//! the engine's clock, so a test's manual clock decides the day.

use serde::Serialize;

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// A retention month: 30 days, whatever the calendar says.
pub const MONTH_DAYS: i64 = 30;

/// A pack's retention rules. `None`: kept until someone erases it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Retention {
    /// Recordings are deleted this many days after the decision on the
    /// application (it reaches a closed stage); answers' text stays.
    pub recordings_days_after_decision: Option<u32>,
    /// Everything of a candidate whose applications all closed without a
    /// hire (at least one rejected) is erased this many months (of 30 days)
    /// after the last decision.
    pub rejected_months: Option<u32>,
    /// An erasure request is completed within this many days.
    pub erasure_within_days: u32,
    /// The law behind the rules, when one sets them.
    #[schema(value_type = Option<String>)]
    pub citation: Option<&'static str>,
}

impl Retention {
    /// When a decision made at `decided_at` lets the recordings go.
    pub fn recordings_due(&self, decided_at: i64) -> Option<i64> {
        self.recordings_days_after_decision.map(|d| decided_at.saturating_add(i64::from(d) * DAY_MS))
    }

    /// When a rejection at `decided_at` lets everything of the candidate go.
    pub fn rejected_due(&self, decided_at: i64) -> Option<i64> {
        self.rejected_months.map(|m| decided_at.saturating_add(i64::from(m) * MONTH_DAYS * DAY_MS))
    }

    /// When an erasure requested at `requested_at` must be done.
    pub fn erasure_due(&self, requested_at: i64) -> i64 {
        requested_at.saturating_add(i64::from(self.erasure_within_days) * DAY_MS)
    }

    /// The rules in a sentence of the notice.
    pub fn describe(&self, zh: bool) -> String {
        let recordings = match (self.recordings_days_after_decision, zh) {
            (Some(d), false) => format!("Recordings are deleted {d} days after the decision on your application."),
            (Some(d), true) => format!("录音录像在您的申请有结论后 {d} 天删除。"),
            (None, false) => "Recordings are kept with your application until it is deleted.".to_owned(),
            (None, true) => "录音录像与您的申请一同保存，直至申请被删除。".to_owned(),
        };
        let rejected = match (self.rejected_months, zh) {
            (Some(m), false) => {
                format!(" If you are not hired, all your data is deleted {m} months after the decision.")
            }
            (Some(m), true) => format!("如未被录用，您的全部数据在结论作出 {m} 个月后删除。"),
            (None, false) => {
                " Otherwise your data is kept until you or the company ask for it to be deleted.".to_owned()
            }
            (None, true) => "其余数据保存至您或公司要求删除为止。".to_owned(),
        };
        let erasure = if zh {
            format!("删除请求在 {} 天内完成。", self.erasure_within_days)
        } else {
            format!(" A request to delete is completed within {} days.", self.erasure_within_days)
        };
        format!("{recordings}{rejected}{erasure}")
    }
}

pub(super) const KEEP: Retention =
    Retention { recordings_days_after_decision: None, rejected_months: None, erasure_within_days: 30, citation: None };

pub(super) const EU: Retention = Retention {
    recordings_days_after_decision: Some(90),
    rejected_months: Some(6),
    erasure_within_days: 30,
    citation: Some("GDPR Art. 5(1)(e) storage limitation; Art. 12(3): a request answered within one month"),
};

pub(super) const ILLINOIS: Retention = Retention {
    recordings_days_after_decision: Some(90),
    rejected_months: Some(12),
    erasure_within_days: 30,
    citation: Some("820 ILCS 42/15: videos deleted within 30 days of the applicant's request"),
};

pub(super) const PIPL: Retention = Retention {
    recordings_days_after_decision: Some(90),
    rejected_months: Some(6),
    erasure_within_days: 15,
    citation: Some("PIPL Art. 19: kept for the shortest time the purpose needs; Art. 47: deletion"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_count_whole_days_from_the_decision() {
        assert_eq!(EU.recordings_due(1_000), Some(1_000 + 90 * DAY_MS));
        assert_eq!(EU.rejected_due(0), Some(180 * DAY_MS));
        assert_eq!(KEEP.recordings_due(5), None);
        assert_eq!(ILLINOIS.erasure_due(0), 30 * DAY_MS);
        assert!(EU.describe(false).contains("90 days") && EU.describe(true).contains("90 天"));
    }
}
