//! Who may do what, where. One pure rule, [`allowed`], over a role, an
//! action and where the target sits in the org tree; the loaders below find
//! where a job, application, candidate or session sits.
//!
//! | action            | admin | HR (in unit) | department head (in dept) | interviewer        |
//! |-------------------|-------|--------------|---------------------------|--------------------|
//! | read org tree     | yes   | yes          | yes                       | yes                |
//! | manage org, users | yes   | no           | no                        | no                 |
//! | read audit log    | yes   | no           | no                        | no                 |
//! | create jobs       | yes   | yes          | no                        | no                 |
//! | read jobs         | yes   | yes          | yes                       | no                 |
//! | add candidates    | yes   | yes          | no                        | no                 |
//! | read candidates   | yes   | yes          | yes                       | assigned only      |
//! | invite, score     | yes   | yes          | no                        | no                 |
//! | assign interviewer| yes   | yes          | yes                       | no                 |
//! | read reports      | yes   | yes          | yes                       | assigned only      |
//! | read rankings     | yes   | yes          | yes                       | no                 |
//! | read analytics    | yes   | yes          | yes                       | no                 |
//! | read outcomes     | yes   | yes          | yes                       | no                 |
//! | record outcomes   | yes   | yes          | no                        | no                 |
//! | re-weight models  | yes   | yes          | no                        | no                 |
//! | erase, export, legal hold | yes | HR of the whole organisation | no  | no                 |
//!
//! Something in another organisation does not exist for the caller (404);
//! something in their organisation but outside their unit is forbidden (403).

use super::auth::Staff;
use super::error::{ApiError, ApiResult};
use crate::store::{Job, MatchScope, Role, Store, User};

/// What a caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ReadOrg,
    ManageOrg,
    ReadAudit,
    CreateJob,
    ReadJob,
    AddCandidates,
    ReadCandidate,
    Invite,
    Score,
    AssignInterviewer,
    ReadReport,
    ReadRanking,
    /// Move an application through the pipeline.
    MoveStage,
    /// Score a human interview round.
    SubmitScorecard,
    /// Inspect and replay the outbox's deliveries (organisation-wide).
    ManageDeliveries,
    /// Read and record an offer's terms (salary is personal data): HR and administrators.
    ManageOffer,
    /// The funnel, validity and calibration figures of jobs.
    ReadAnalytics,
    /// A hire's probation results and performance ratings.
    ReadOutcomes,
    /// Record them (or import them).
    RecordOutcome,
    /// Propose, accept or reject a job's competency model weights.
    ManageModel,
    /// Erase a candidate, export their data, place a legal hold: every
    /// application of theirs at once, so HR of the whole organisation only.
    ManagePersonalData,
    /// The adverse-impact report, read from candidates' self-identified
    /// groups: compliance and administrators, never HR or interviewers.
    ReadCompliance,
}

/// Where a target sits.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub organisation_id: i64,
    /// The unit and its ancestors (department, branch, region); empty for
    /// organisation-wide targets.
    pub units: Vec<i64>,
    /// The caller is an interviewer assigned to the target's application.
    pub assigned: bool,
}

/// The rule. `None` means the target is in another organisation.
pub fn allowed(user: &User, action: Action, target: &Target) -> Option<bool> {
    if user.organisation_id != target.organisation_id {
        return None;
    }
    // Organisation-wide targets are in everyone's unit; a unit-bound user
    // covers a target only if their unit is on its path to the root.
    let in_unit = user.unit_id.is_none_or(|u| target.units.is_empty() || target.units.contains(&u));
    use Action::*;
    Some(match user.role {
        Role::Admin => true,
        // Deliveries span every department: HR of the whole organisation only.
        Role::Hr if matches!(action, ManageDeliveries | ManagePersonalData) => user.unit_id.is_none(),
        Role::Hr => in_unit && !matches!(action, ManageOrg | ReadAudit | ReadCompliance),
        Role::DepartmentHead => {
            in_unit
                && matches!(
                    action,
                    ReadOrg
                        | ReadJob
                        | ReadCandidate
                        | AssignInterviewer
                        | ReadReport
                        | ReadRanking
                        | SubmitScorecard
                        | ReadAnalytics
                        | ReadOutcomes
                )
        }
        Role::Interviewer => match action {
            ReadOrg => true,
            ReadCandidate | ReadReport | SubmitScorecard => target.assigned,
            _ => false,
        },
        // Organisation-wide duties on personal data, and nothing that reads
        // what a candidate said or how they were scored.
        Role::Compliance => {
            user.unit_id.is_none() && matches!(action, ReadOrg | ReadAudit | ReadCompliance | ManagePersonalData)
        }
    })
}

/// Passes when `allowed`, otherwise the error to return.
pub fn require(staff: &Staff, action: Action, target: &Target, what: &str) -> ApiResult<()> {
    match allowed(&staff.user, action, target) {
        Some(true) => Ok(()),
        Some(false) => {
            Err(ApiError::forbidden(format!("your role ({}) does not allow this for {what}", staff.user.role.as_str())))
        }
        None => Err(ApiError::not_found(what)),
    }
}

/// The caller's whole organisation, as a target.
pub fn organisation_target(staff: &Staff) -> Target {
    Target { organisation_id: staff.user.organisation_id, units: Vec::new(), assigned: false }
}

/// Where a department sits.
pub async fn unit_target(store: &Store, unit_id: i64) -> ApiResult<Target> {
    let path = store.unit_path(unit_id).await?;
    let organisation_id = path.first().map(|u| u.organisation_id).unwrap_or_default();
    Ok(Target { organisation_id, units: path.iter().map(|u| u.id).collect(), assigned: false })
}

/// Where a job sits.
pub async fn job_target(store: &Store, job_id: i64) -> ApiResult<Target> {
    let job = store.job(job_id).await?;
    unit_target(store, job.department_id).await
}

/// Passes when the caller may do `action` on an interview session (where
/// its application sits), otherwise the error to return.
pub async fn require_on_session(store: &Store, staff: &Staff, action: Action, session_id: i64) -> ApiResult<()> {
    let session = store.session(session_id).await?;
    let target = application_target(store, session.application_id, staff).await?;
    require(staff, action, &target, &format!("session {session_id}"))
}

/// Passes when the caller may do `action` on an application (where its job
/// sits, or their assignment to it), otherwise the error to return.
pub async fn require_on_application(
    store: &Store,
    staff: &Staff,
    action: Action,
    application_id: i64,
) -> ApiResult<()> {
    let target = application_target(store, application_id, staff).await?;
    require(staff, action, &target, &format!("application {application_id}"))
}

/// The jobs of the caller's organisation on which they may do `action`.
pub async fn jobs_allowed(store: &Store, user: &User, action: Action) -> ApiResult<Vec<Job>> {
    let mut allowed_jobs = Vec::new();
    for job in store.jobs(user.organisation_id).await? {
        if allowed(user, action, &unit_target(store, job.department_id).await?) == Some(true) {
            allowed_jobs.push(job);
        }
    }
    Ok(allowed_jobs)
}

/// The existing candidates an import by `user` may match: those they may
/// read, so that adding someone never reveals or hands over a candidate of
/// a department outside theirs.
pub async fn candidate_match_scope(store: &Store, user: &User) -> ApiResult<MatchScope> {
    if user.role == Role::Admin || user.unit_id.is_none() {
        return Ok(MatchScope::Organisation);
    }
    let jobs = jobs_allowed(store, user, Action::ReadCandidate).await?;
    Ok(MatchScope::Jobs(jobs.into_iter().map(|job| job.id).collect()))
}

/// Whether `caller` may give work (an interview to hold) to `colleague`:
/// someone in the caller's part of the org tree, or working
/// organisation-wide. The staff list shows exactly these.
pub async fn may_give_work_to(store: &Store, caller: &User, colleague: &User) -> ApiResult<bool> {
    let target = match colleague.unit_id {
        Some(unit) => unit_target(store, unit).await?,
        None => Target { organisation_id: colleague.organisation_id, ..Target::default() },
    };
    Ok(allowed(caller, Action::AssignInterviewer, &target) == Some(true))
}

/// Where an application sits, and whether `staff` is assigned to it.
pub async fn application_target(store: &Store, application_id: i64, staff: &Staff) -> ApiResult<Target> {
    let application = store.application(application_id).await?;
    let mut target = job_target(store, application.job_id).await?;
    target.assigned = staff.user.role == Role::Interviewer && store.is_assigned(application_id, staff.user.id).await?;
    Ok(target)
}

/// Checks `action` on a candidate: allowed if it is allowed on any of the
/// candidate's applications.
pub async fn require_candidate(store: &Store, candidate_id: i64, staff: &Staff, action: Action) -> ApiResult<()> {
    let candidate = store.candidate(candidate_id).await?;
    let what = format!("candidate {candidate_id}");
    if candidate.organisation_id != staff.user.organisation_id {
        return Err(ApiError::not_found(&what));
    }
    let applications = store.applications_of_candidate(candidate_id).await?;
    for application in &applications {
        let target = application_target(store, application.id, staff).await?;
        if allowed(&staff.user, action, &target) == Some(true) {
            return Ok(());
        }
    }
    // A candidate without applications belongs to the whole organisation.
    let organisation_wide = Target { organisation_id: candidate.organisation_id, units: Vec::new(), assigned: false };
    if applications.is_empty()
        && staff.user.unit_id.is_none()
        && allowed(&staff.user, action, &organisation_wide) == Some(true)
    {
        return Ok(());
    }
    Err(ApiError::forbidden(format!("your role ({}) does not allow this for {what}", staff.user.role.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, unit_id: Option<i64>) -> User {
        User { id: 1, organisation_id: 1, email: "x@example.com".into(), name: "X".into(), role, unit_id }
    }

    #[test]
    fn unit_scoping_follows_the_tree() {
        // Region 1 > branch 2 > departments 3 and 4.
        let dept3 = Target { organisation_id: 1, units: vec![3, 2, 1], assigned: false };
        let dept4 = Target { organisation_id: 1, units: vec![4, 2, 1], assigned: false };
        let hr_region = user(Role::Hr, Some(1));
        let hr_dept3 = user(Role::Hr, Some(3));
        assert_eq!(allowed(&hr_region, Action::ReadCandidate, &dept4), Some(true));
        assert_eq!(allowed(&hr_dept3, Action::ReadCandidate, &dept3), Some(true));
        assert_eq!(allowed(&hr_dept3, Action::ReadCandidate, &dept4), Some(false));
        let head = user(Role::DepartmentHead, Some(3));
        assert_eq!(allowed(&head, Action::ReadJob, &dept3), Some(true));
        assert_eq!(allowed(&head, Action::Invite, &dept3), Some(false));
        let other_org = Target { organisation_id: 2, ..dept3.clone() };
        assert_eq!(allowed(&user(Role::Admin, None), Action::ReadJob, &other_org), None);
        // Erasure and export reach every application: HR of the whole organisation only.
        assert_eq!(allowed(&user(Role::Hr, None), Action::ManagePersonalData, &dept3), Some(true));
        assert_eq!(allowed(&hr_region, Action::ManagePersonalData, &dept4), Some(false));
        assert_eq!(allowed(&head, Action::ManagePersonalData, &dept3), Some(false));
        let interviewer = user(Role::Interviewer, Some(3));
        assert_eq!(allowed(&interviewer, Action::ReadReport, &dept3), Some(false));
        assert_eq!(allowed(&interviewer, Action::ReadReport, &Target { assigned: true, ..dept3 }), Some(true));
    }
}
