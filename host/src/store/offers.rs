//! Offers and departures: the terms HR offered a candidate (what payroll, the
//! directory, the HRIS and training need on hire) and a hire's leaving.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::audit::{AuditBy, insert_audit};
use super::events::{PendingEvent, insert_sealed_event};
use super::{Store, StoreError, StoreResult};

/// How often a salary amount is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SalaryPeriod {
    Year,
    Month,
    Hour,
}

/// A salary: a decimal amount as a string (no binary rounding on its way to
/// payroll), an ISO 4217 currency and how often it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Salary {
    /// E.g. `"18000.00"`: digits with at most two decimals.
    pub amount: String,
    /// ISO 4217, e.g. `CNY`.
    pub currency: String,
    pub period: SalaryPeriod,
}

/// Someone the new hire reports to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Manager {
    pub name: String,
    pub email: String,
}

/// The terms of an offer, as HR records them. (Unknown fields are refused
/// by the API's body reader; `deny_unknown_fields` here would also close the
/// schema of [`Offer`], which flattens these terms beside fields of its own.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OfferTerms {
    /// First working day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Job grade or level, e.g. `M2`.
    pub grade: String,
    pub salary: Salary,
    /// The cost centre the hire is paid from.
    pub cost_centre: String,
    /// The employee number, once the company has assigned one.
    #[serde(default)]
    pub employee_number: Option<String>,
    #[serde(default)]
    pub manager: Option<Manager>,
    /// The hire's company email address, when already chosen.
    #[serde(default)]
    pub work_email: Option<String>,
    /// Place of work.
    #[serde(default)]
    pub location: Option<String>,
}

/// A recorded offer.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Offer {
    pub application_id: i64,
    #[serde(flatten)]
    pub terms: OfferTerms,
    pub updated_by: String,
    pub updated_at: i64,
}

impl OfferTerms {
    /// Checks every field; the error names the first one that is wrong.
    pub fn validate(&self) -> Result<(), StoreError> {
        let invalid = |field: &str, message: &str| Err(StoreError::invalid(field, message));
        if !is_date(&self.start_date) {
            return invalid("start_date", "must be a date written YYYY-MM-DD");
        }
        for (field, value, max) in [("grade", &self.grade, 40), ("cost_centre", &self.cost_centre, 60)] {
            if value.trim().is_empty() || value.chars().count() > max {
                return invalid(field, &format!("must be given, at most {max} characters"));
            }
        }
        if !is_amount(&self.salary.amount) {
            return invalid("salary.amount", "must be a positive decimal with at most two decimals, e.g. \"18000.00\"");
        }
        if self.salary.currency.len() != 3 || !self.salary.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return invalid("salary.currency", "must be an ISO 4217 code in capitals, e.g. CNY");
        }
        let optional = [
            ("employee_number", self.employee_number.as_deref(), 40),
            ("location", self.location.as_deref(), 120),
            ("manager.name", self.manager.as_ref().map(|m| m.name.as_str()), 120),
        ];
        for (field, value, max) in optional {
            if value.is_some_and(|v| v.trim().is_empty() || v.chars().count() > max) {
                return invalid(field, &format!("when given, must be 1 to {max} characters"));
            }
        }
        let emails = [
            ("work_email", self.work_email.as_deref()),
            ("manager.email", self.manager.as_ref().map(|m| m.email.as_str())),
        ];
        for (field, value) in emails {
            if value.is_some_and(|v| !is_email(v)) {
                return invalid(field, "must be an email address");
            }
        }
        Ok(())
    }
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub(crate) fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    let number = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    if !(number(y, 4) && number(m, 2) && number(d, 2)) {
        return false;
    }
    let (m, d): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// The start of a `YYYY-MM-DD` day in UTC, as Unix milliseconds (Howard
/// Hinnant's days-from-civil); `None` for anything else.
pub(crate) fn date_ms(s: &str) -> Option<i64> {
    if !is_date(s) {
        return None;
    }
    let (y, rest) = s.split_at(4);
    let y: i64 = y.parse().ok()?;
    let m: i64 = rest[1..3].parse().ok()?;
    let d: i64 = rest[4..6].parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400_000)
}

fn is_amount(s: &str) -> bool {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && whole.len() <= 12
        && digits(whole)
        && fraction.len() <= 2
        && digits(fraction)
        && s.contains('.') != fraction.is_empty()
        && s.bytes().any(|b| (b'1'..=b'9').contains(&b))
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && s.len() <= 254
        && !s.contains(char::is_whitespace)
}

/// A hire's leaving, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Departure {
    pub application_id: i64,
    /// Last working day, `YYYY-MM-DD`.
    pub last_day: String,
    /// `voluntary`, `involuntary`, `contract-end`, `other`, or empty when
    /// none was given.
    pub reason: String,
    /// The `employee.left` event sent to the connectors bound to the job.
    pub event_id: String,
    pub recorded_at: i64,
}

/// A hire's leaving, with the event that tells the connectors.
#[derive(Debug, Clone)]
pub struct NewDeparture<'a> {
    pub application_id: i64,
    pub reason: &'a str,
    /// Last working day, `YYYY-MM-DD`.
    pub last_day: &'a str,
    pub at: i64,
    pub event: PendingEvent,
}

impl Store {
    /// Records (or replaces) an application's offer; audited without its terms.
    pub async fn put_offer(
        &self,
        application_id: i64,
        terms: &OfferTerms,
        at: i64,
        by: AuditBy<'_>,
    ) -> StoreResult<Offer> {
        terms.validate()?;
        let details =
            serde_json::to_string(terms).map_err(|e| StoreError::Corrupt { what: "offer", reason: e.to_string() })?;
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO offers (application_id, details, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (application_id) DO UPDATE SET details = $2, updated_by = $3, updated_at = $4",
        )
        .bind(application_id)
        .bind(&details)
        .bind(by.actor)
        .bind(at)
        .execute(&mut *w.tx)
        .await?;
        // The terms are personal data: the audit entry says that they changed, not what they are.
        insert_audit(&mut w, by, "application.offer", &format!("application:{application_id}"), "offer recorded")
            .await?;
        w.commit().await?;
        Ok(Offer { application_id, terms: terms.clone(), updated_by: by.actor.to_owned(), updated_at: at })
    }

    /// An application's offer, when HR has recorded one.
    pub async fn offer(&self, application_id: i64) -> StoreResult<Option<Offer>> {
        let row = sqlx::query("SELECT details, updated_by, updated_at FROM offers WHERE application_id = $1")
            .bind(application_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let details: String = row.try_get("details")?;
            let terms = serde_json::from_str(&details)
                .map_err(|e| StoreError::Corrupt { what: "offer", reason: e.to_string() })?;
            Ok(Offer {
                application_id,
                terms,
                updated_by: row.try_get("updated_by")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .transpose()
    }

    /// The departure recorded for an application, if any.
    pub async fn departure(&self, application_id: i64) -> StoreResult<Option<Departure>> {
        let row = sqlx::query(
            "SELECT application_id, last_day, reason, event_id, recorded_at FROM departures WHERE application_id = $1",
        )
        .bind(application_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Departure {
                application_id: row.try_get("application_id")?,
                last_day: row.try_get("last_day")?,
                reason: row.try_get("reason")?,
                event_id: row.try_get("event_id")?,
                recorded_at: row.try_get("recorded_at")?,
            })
        })
        .transpose()
    }

    /// Records a hire's leaving and its `employee.left` event; a second
    /// departure of the same application is a conflict.
    pub async fn record_departure(&self, departure: &NewDeparture<'_>, by: AuditBy<'_>) -> StoreResult<()> {
        let sealed = self.seal_event_payload(&departure.event).await?;
        let mut w = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO departures (application_id, last_day, event_id, recorded_by, recorded_at, reason) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (application_id) DO NOTHING",
        )
        .bind(departure.application_id)
        .bind(departure.last_day)
        .bind(&departure.event.id)
        .bind(by.actor)
        .bind(departure.at)
        .bind(departure.reason)
        .execute(&mut *w.tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "application {} already has a departure recorded",
                departure.application_id
            )));
        }
        insert_sealed_event(&mut w, &departure.event, &sealed, departure.at).await?;
        let subject = format!("application:{}", departure.application_id);
        insert_audit(&mut w, by, "application.departure", &subject, &format!("last day {}", departure.last_day))
            .await?;
        w.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_the_start_of_their_day_in_utc() {
        assert_eq!(date_ms("1970-01-01"), Some(0));
        assert_eq!(date_ms("2027-01-15"), Some(1_800_000_000_000 - 1_800_000_000_000 % 86_400_000));
        assert_eq!(date_ms("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(date_ms("2024-13-01"), None);
    }

    fn terms() -> OfferTerms {
        OfferTerms {
            start_date: "2027-01-04".into(),
            grade: "M2".into(),
            salary: Salary { amount: "18000.00".into(), currency: "CNY".into(), period: SalaryPeriod::Month },
            cost_centre: "CC-310".into(),
            employee_number: None,
            manager: Some(Manager { name: "Li Na".into(), email: "li.na@example.com".into() }),
            work_email: None,
            location: None,
        }
    }

    #[test]
    fn offers_are_checked_field_by_field() {
        assert!(terms().validate().is_ok());
        let wrong = |change: fn(&mut OfferTerms), field: &str| {
            let mut t = terms();
            change(&mut t);
            let err = t.validate().expect_err(field).to_string();
            assert!(err.starts_with(field), "{field}: {err}");
        };
        wrong(|t| t.start_date = "2027-13-01".into(), "start_date");
        wrong(|t| t.start_date = "4 Jan 2027".into(), "start_date");
        wrong(|t| t.grade = " ".into(), "grade");
        wrong(|t| t.salary.amount = "18,000".into(), "salary.amount");
        wrong(|t| t.salary.amount = "1.234".into(), "salary.amount");
        wrong(|t| t.salary.amount = "0".into(), "salary.amount");
        wrong(|t| t.salary.amount = "12.".into(), "salary.amount");
        wrong(|t| t.salary.currency = "rmb".into(), "salary.currency");
        wrong(|t| t.work_email = Some("not an email".into()), "work_email");
        wrong(|t| t.manager = Some(Manager { name: "X".into(), email: "x".into() }), "manager.email");
        let mut whole = terms();
        whole.salary.amount = "250000".into();
        assert!(whole.validate().is_ok());
    }
}
