//! Which onboarding courses a new hire gets, and why; the request that
//! enrols them; what the answer means.

use panel_plugin_sdk::event::Payload;
use panel_plugin_sdk::http::Response;
use panel_plugin_sdk::remote::{Call, Connection, Method, check};
use panel_plugin_sdk::{LifecycleEvent, Outcome, PluginError};
use serde_json::{Map, Value, json};

use crate::config::Config;

/// One course to enrol in, and why: `job`, or `dimension:<id>` for a
/// competency the interview found below its threshold (or borderline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub course_id: String,
    pub reason: String,
}

/// The courses for a hire, each once, in the order configured: the job's
/// (matched by job id, then title, then industry; the default courses when
/// none matches), then those of each dimension found below threshold, in the
/// assessment's order. A course chosen twice keeps its first reason.
pub fn choose(config: &Config, event: &LifecycleEvent, payload: &Payload) -> Vec<Enrolment> {
    let mut chosen: Vec<Enrolment> = Vec::new();
    let mut add = |courses: &[String], reason: &str| {
        for course in courses {
            if !chosen.iter().any(|e| &e.course_id == course) {
                chosen.push(Enrolment { course_id: course.clone(), reason: reason.to_owned() });
            }
        }
    };

    let job_keys = [Some(event.job_id.as_str()), Some(payload.job.title.as_str()), payload.job.industry.as_deref()];
    let mut job_matched = false;
    for key in job_keys.into_iter().flatten().filter(|k| !k.is_empty()) {
        if let Some(courses) = config.courses_by_job.get(key) {
            job_matched = true;
            add(courses, "job");
        }
    }
    if !job_matched {
        add(&config.default_courses, "job");
    }

    let dimensions = payload.assessment.iter().flat_map(|a| &a.dimensions);
    for dimension in dimensions {
        let short = dimension.status == "below" || (config.include_borderline && dimension.status == "borderline");
        if let (true, Some(courses)) = (short, config.courses_by_dimension.get(&dimension.id)) {
            add(courses, &format!("dimension:{}", dimension.id));
        }
    }
    chosen
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The learner as the learning system needs them: Panel's id for them, the
/// employee number, name, the email to reach them at work (else their own),
/// department and start date.
fn learner(event: &LifecycleEvent, payload: &Payload) -> Value {
    let offer = payload.offer.as_ref();
    let mut learner = Map::new();
    learner.insert("externalId".into(), json!(format!("panel-{}", event.candidate_id)));
    let fields = [
        ("employeeNumber", offer.and_then(|o| non_empty(o.employee_number.as_deref()))),
        ("name", non_empty(Some(&payload.candidate.name))),
        (
            "email",
            non_empty(offer.and_then(|o| o.work_email.as_deref())).or(non_empty(payload.candidate.email.as_deref())),
        ),
        ("department", offer.and_then(|o| non_empty(o.department.as_ref().map(|d| d.name.as_str())))),
        ("startDate", offer.and_then(|o| non_empty(o.start_date.as_deref()))),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            learner.insert(name.into(), json!(value));
        }
    }
    Value::Object(learner)
}

/// One request enrolling the learner in all the courses: the learning
/// system applies it whole, and the event id as idempotency key makes a
/// replay enrol nobody twice.
pub fn enrol_call(
    connection: &Connection,
    path: &str,
    event: &LifecycleEvent,
    payload: &Payload,
    courses: &[Enrolment],
) -> Call {
    let enrolments: Vec<Value> =
        courses.iter().map(|e| json!({ "courseId": e.course_id, "reason": e.reason })).collect();
    connection
        .call(Method::Post, path)
        .header("idempotency-key", &event.id)
        .header("accept", "application/json")
        .json("application/json", json!({ "learner": learner(event, payload), "enrolments": enrolments }))
}

/// What the learning system's answer means: enrolled, or (409) enrolled by
/// an earlier delivery of the same event. The reference names the courses.
pub fn read_answer(response: Response, courses: &[Enrolment]) -> Result<Outcome, PluginError> {
    let ids: Vec<&str> = courses.iter().map(|e| e.course_id.as_str()).collect();
    let reference = ids.join(",");
    if response.status == 409 {
        return Ok(Outcome::Duplicate(reference));
    }
    check(response, "enrolling in onboarding courses")?;
    Ok(Outcome::Applied(reference))
}

#[cfg(test)]
mod tests {
    use panel_plugin_sdk::remote::AuthScheme;
    use panel_plugin_sdk::testing::set_config;

    use super::*;

    fn event(payload: Value) -> LifecycleEvent {
        LifecycleEvent {
            id: "evt_7c".into(),
            kind: "candidate.hired".into(),
            candidate_id: "7".into(),
            job_id: "3".into(),
            stage: "onboarding".into(),
            occurred_at: "2026-12-01T08:00:00Z".into(),
            payload: payload.to_string(),
        }
    }

    fn hire(dimensions: Value) -> Value {
        json!({
            "candidate": { "id": 7, "name": "王磊", "email": "wang.lei@example.com" },
            "job": { "id": 3, "title": "生产主管", "industry": "manufacturing" },
            "offer": {
                "employee_number": "E1024", "start_date": "2027-01-04",
                "salary": { "amount": "18000.00", "currency": "CNY", "period": "month" },
                "department": { "id": 2, "name": "装配车间" }, "work_email": "wang.lei@acme.example"
            },
            "assessment": { "decision": "advance", "dimensions": dimensions }
        })
    }

    fn config(config: Value) -> Config {
        set_config(&config.to_string());
        panel_plugin_sdk::host::config().expect("config")
    }

    fn chosen(config: &Config, payload: Value) -> Vec<(String, String)> {
        let event = event(payload);
        let payload = Payload::parse(&event.payload).expect("payload");
        choose(config, &event, &payload).into_iter().map(|e| (e.course_id, e.reason)).collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(c, r)| ((*c).to_owned(), (*r).to_owned())).collect()
    }

    fn courses() -> Value {
        json!({
            "endpoint": "https://lms.example",
            "courses_by_job": {
                "3": ["LINE-LEAD-101"],
                "生产主管": ["LEAN-201", "LINE-LEAD-101"],
                "manufacturing": ["SAFE-101"],
                "retail": ["STORE-101"]
            },
            "default_courses": ["WELCOME-100"],
            "courses_by_dimension": { "safety": ["SAFE-201", "SAFE-101"], "communication": ["COMM-110"], "teamwork": ["TEAM-120"] }
        })
    }

    #[test]
    fn courses_come_from_the_job_and_the_dimensions_below_threshold_each_once() {
        let dimensions = json!([
            { "id": "safety", "name": "安全意识", "score": 5.5, "threshold": 7.0, "status": "below" },
            { "id": "communication", "name": "沟通", "score": 6.8, "threshold": 7.0, "status": "borderline" },
            { "id": "teamwork", "name": "团队", "score": 8.0, "threshold": 7.0, "status": "meets" },
            { "id": "learning", "name": "学习", "score": null, "threshold": 7.0, "status": "below" }
        ]);
        let config = config(courses());
        assert_eq!(
            chosen(&config, hire(dimensions.clone())),
            pairs(&[
                ("LINE-LEAD-101", "job"),
                ("LEAN-201", "job"),
                ("SAFE-101", "job"),
                ("SAFE-201", "dimension:safety"),
            ])
        );
        let mut borderline = courses();
        borderline["include_borderline"] = json!(true);
        let with_borderline = chosen(&self::config(borderline), hire(dimensions));
        assert_eq!(with_borderline.last(), Some(&("COMM-110".to_owned(), "dimension:communication".to_owned())));
    }

    #[test]
    fn a_job_without_courses_of_its_own_gets_the_default_ones() {
        let mut payload = hire(json!([]));
        payload["job"] = json!({ "id": 9, "title": "店长", "industry": "logistics" });
        let mut event = event(payload);
        event.job_id = "9".into();
        let payload = Payload::parse(&event.payload).expect("payload");
        let chosen = choose(&config(courses()), &event, &payload);
        assert_eq!(chosen, [Enrolment { course_id: "WELCOME-100".into(), reason: "job".into() }]);
        let mut none = hire(json!([]));
        none["assessment"] = Value::Null;
        let nothing = config(json!({ "endpoint": "https://lms.example" }));
        assert!(self::chosen(&nothing, none).is_empty());
    }

    #[test]
    fn the_request_enrols_the_learner_in_every_course_at_once() {
        let connection =
            Connection::new("https://lms.example/api", Some("lms-key"), AuthScheme::Header, Some("x-api-key"))
                .expect("valid");
        let event = event(hire(json!([])));
        let payload = Payload::parse(&event.payload).expect("payload");
        let courses = [
            Enrolment { course_id: "SAFE-101".into(), reason: "job".into() },
            Enrolment { course_id: "SAFE-201".into(), reason: "dimension:safety".into() },
        ];
        let call = enrol_call(&connection, "/enrolments", &event, &payload, &courses);
        assert_eq!((call.method, call.url.as_str()), (Method::Post, "https://lms.example/api/enrolments"));
        assert!(call.headers.contains(&("x-api-key".into(), "${secret:lms-key}".into())));
        assert!(call.headers.contains(&("idempotency-key".into(), "evt_7c".into())));
        assert_eq!(
            call.body,
            Some(json!({
                "learner": {
                    "externalId": "panel-7", "employeeNumber": "E1024", "name": "王磊",
                    "email": "wang.lei@acme.example", "department": "装配车间", "startDate": "2027-01-04"
                },
                "enrolments": [
                    { "courseId": "SAFE-101", "reason": "job" },
                    { "courseId": "SAFE-201", "reason": "dimension:safety" }
                ]
            }))
        );
        let mut no_offer = hire(json!([]));
        no_offer["offer"] = Value::Null;
        let event = self::event(no_offer);
        let payload = Payload::parse(&event.payload).expect("payload");
        let call = enrol_call(&connection, "/enrolments", &event, &payload, &courses);
        let learner = &call.body.expect("body")["learner"];
        assert_eq!(*learner, json!({ "externalId": "panel-7", "name": "王磊", "email": "wang.lei@example.com" }));
    }

    #[test]
    fn answers_become_outcomes_or_classified_errors() {
        let courses = [Enrolment { course_id: "SAFE-101".into(), reason: "job".into() }];
        let answer = |status: u16| Response { status, headers: Vec::new(), body: b"{}".to_vec() };
        assert!(matches!(read_answer(answer(201), &courses), Ok(Outcome::Applied(ref r)) if r == "SAFE-101"));
        assert!(matches!(read_answer(answer(409), &courses), Ok(Outcome::Duplicate(_))));
        assert!(read_answer(answer(429), &courses).is_err_and(|e| e.retryable));
        assert!(read_answer(answer(404), &courses).is_err_and(|e| !e.retryable && e.code == "upstream-rejected"));
    }
}
