//! From offer to leaving: the terms HR offers, what the connectors that set
//! up a new hire's records receive (the offer, the department, the AI
//! interview's assessment), and a hire's departure.

use serde_json::{Value, json};

use super::lifecycle::event_payload;
use super::{Engine, EngineError};
use crate::pipeline::Stage;
use crate::runtime::PluginKind;
use crate::store::{
    AuditBy, ClaimedDelivery, DEPARTURE_REASONS, Departure, Job, NewDeparture, Offer, OfferTerms, PendingEvent,
    StoreError, is_date, new_event_id,
};

/// The event a hire's leaving emits.
pub const EMPLOYEE_LEFT: &str = "employee.left";

/// Events that carry the offer once HR has recorded it: from the offer on.
fn carries_offer(kind: &str) -> bool {
    matches!(
        kind,
        "offer.made" | "offer.accepted" | "candidate.hired" | "employee.started" | "employee.confirmed" | EMPLOYEE_LEFT
    )
}

impl Engine {
    /// Records (or corrects) the offer of an application that has reached
    /// the offer stage or is about to: anything but a closed application.
    pub async fn record_offer(
        &self,
        application_id: i64,
        terms: &OfferTerms,
        by: AuditBy<'_>,
    ) -> Result<Offer, EngineError> {
        let application = self.store.application(application_id).await?;
        let stage = Stage::parse(&application.stage);
        if stage.is_some_and(|s| matches!(s, Stage::Withdrawn | Stage::Rejected | Stage::OfferDeclined)) {
            return Err(EngineError::invalid(
                "application",
                format!("is closed ({}); no offer can be recorded", application.stage),
            ));
        }
        Ok(self.store.put_offer(application_id, terms, self.now_ms(), by).await?)
    }

    /// Records that a hire leaves on `last_day` (`YYYY-MM-DD`) and tells the
    /// connectors bound to the job (`employee.left`), e.g. to deactivate the
    /// directory account. Returns the departure as recorded.
    pub async fn record_departure(
        &self,
        application_id: i64,
        last_day: &str,
        reason: &str,
        by: AuditBy<'_>,
    ) -> Result<Departure, EngineError> {
        if !reason.is_empty() && !DEPARTURE_REASONS.contains(&reason) {
            return Err(EngineError::invalid("reason", format!("must be one of {}", DEPARTURE_REASONS.join(", "))));
        }
        let application = self.store.application(application_id).await?;
        let hired = Stage::parse(&application.stage)
            .is_some_and(|s| matches!(s, Stage::Onboarding | Stage::Probation | Stage::Regular));
        if !hired {
            return Err(EngineError::invalid(
                "application",
                format!("is at {}; only a hire (onboarding, probation or regular) can leave", application.stage),
            ));
        }
        if !is_date(last_day) {
            return Err(EngineError::invalid("last_day", "must be a date written YYYY-MM-DD"));
        }
        let job = self.store.job(application.job_id).await?;
        let candidate = self.store.candidate(application.candidate_id).await?;
        let mut payload = event_payload(application_id, &candidate, &job);
        self.add_hire_details(application_id, &job, EMPLOYEE_LEFT, &mut payload).await?;
        payload["departure"] = json!({ "last_day": last_day, "reason": reason });
        let mut receivers = self.plugins.receivers_for(&job).await;
        receivers.retain(|(_, kind)| *kind == PluginKind::Connector);
        let receivers = self.receivers_taking(&job, EMPLOYEE_LEFT, receivers).await;
        let event = PendingEvent {
            id: new_event_id()?,
            organisation_id: job.organisation_id,
            application_id,
            candidate_id: candidate.id,
            job_id: job.id,
            kind: EMPLOYEE_LEFT.to_owned(),
            stage: application.stage,
            payload,
            receivers,
        };
        let departure = NewDeparture { application_id, last_day, reason, at: self.now_ms(), event };
        self.store.record_departure(&departure, by).await?;
        let NewDeparture { last_day, at, event, .. } = departure;
        Ok(Departure {
            application_id,
            last_day: last_day.to_owned(),
            reason: reason.to_owned(),
            event_id: event.id,
            recorded_at: at,
        })
    }

    /// Adds to an event's payload what the receiving systems need about a
    /// hire: the AI interview's assessment when there is one (training picks
    /// courses from it) and, for events from the offer on, the offer with its
    /// department.
    pub(super) async fn add_hire_details(
        &self,
        application_id: i64,
        job: &Job,
        kind: &str,
        payload: &mut Value,
    ) -> Result<(), EngineError> {
        if let Some(assessment) = self.assessment(application_id).await? {
            payload["assessment"] = assessment;
        }
        if carries_offer(kind)
            && let Some(offer) = self.offer_value(application_id, job).await?
        {
            payload["offer"] = offer;
        }
        Ok(())
    }

    /// The recorded offer with its department, as events carry it.
    async fn offer_value(&self, application_id: i64, job: &Job) -> Result<Option<Value>, EngineError> {
        let Some(offer) = self.store.offer(application_id).await? else { return Ok(None) };
        let department = self.store.unit(job.department_id).await?;
        let mut value = serde_json::to_value(&offer.terms)
            .map_err(|e| StoreError::Corrupt { what: "offer", reason: e.to_string() })?;
        value["department"] = json!({ "id": department.id, "name": department.name });
        Ok(Some(value))
    }

    /// An event's payload as a connector gets it. A hire recorded before HR
    /// entered the offer fails at payroll for want of it; once the offer is
    /// in, the replayed event carries it.
    pub(super) async fn payload_for_connector(&self, d: &ClaimedDelivery, job: &Job) -> Result<String, EngineError> {
        if !carries_offer(&d.kind) {
            return Ok(d.payload.clone());
        }
        let Ok(mut payload) = serde_json::from_str::<Value>(&d.payload) else { return Ok(d.payload.clone()) };
        if payload.get("offer").is_some_and(|o| !o.is_null()) {
            return Ok(d.payload.clone());
        }
        match self.offer_value(d.application_id, job).await? {
            Some(offer) => {
                payload["offer"] = offer;
                Ok(payload.to_string())
            }
            None => Ok(d.payload.clone()),
        }
    }

    /// The newest scored AI interview's decision and per-dimension results.
    async fn assessment(&self, application_id: i64) -> Result<Option<Value>, EngineError> {
        for session in self.store.sessions_of_application(application_id).await?.iter().rev() {
            if let Some(stored) = self.store.recommendation(session.id).await? {
                let r = stored.recommendation;
                let dimensions: Vec<Value> = r
                    .dimensions
                    .iter()
                    .map(|d| json!({ "id": d.id, "name": d.name, "score": d.score, "threshold": d.threshold, "status": d.status }))
                    .collect();
                return Ok(Some(json!({ "decision": r.decision, "dimensions": dimensions })));
            }
        }
        Ok(None)
    }
}
