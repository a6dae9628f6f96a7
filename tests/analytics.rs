//! Analytics over the API: the funnel against a hand-computed case, and
//! validity on a generated history whose truth is known (later performance
//! depends on one dimension only, one interviewer scores a point and a half
//! above the other), with outcomes recorded one by one and by CSV import.
//! Who may read the figures follows the org tree.

use panel_e2e::api::{TestServer, job_body};
use panel_e2e::db::{TestDb, databases};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

struct Org {
    admin: String,
    hr_a: String,
    hr_b: String,
    dept: [i64; 2],
    job: [i64; 2],
}

async fn org(s: &TestServer) -> Org {
    let (_, admin) = s.bootstrap("Acme", "admin@acme.example").await;
    let mut parent = None;
    for (kind, name) in [("region", "East"), ("branch", "Suzhou")] {
        parent =
            s.post("/api/v1/org/units", &admin, json!({"kind": kind, "name": name, "parent_id": parent})).await["id"]
                .as_i64();
    }
    let mut dept = [0; 2];
    let mut job = [0; 2];
    for (i, name) in ["Assembly", "Logistics"].into_iter().enumerate() {
        let body = json!({"kind": "department", "name": name, "parent_id": parent});
        dept[i] = s.post("/api/v1/org/units", &admin, body).await["id"].as_i64().expect("unit");
        job[i] = s.post("/api/v1/jobs", &admin, job_body(dept[i], "Supervisor")).await["id"].as_i64().expect("job");
    }
    let mut hr = Vec::new();
    for (i, d) in dept.iter().enumerate() {
        let email = format!("hr{i}@acme.example");
        let body =
            json!({"email": email, "name": email, "password": "a long enough password", "role": "hr", "unit_id": d});
        s.post("/api/v1/users", &admin, body).await;
        hr.push(s.login(&email, "a long enough password").await);
    }
    let hr_b = hr.pop().expect("hr b");
    let hr_a = hr.pop().expect("hr a");
    Org { admin, hr_a, hr_b, dept, job }
}

async fn add(s: &TestServer, token: &str, job: i64, name: &str) -> i64 {
    let body = json!({"name": name, "email": format!("{}@example.com", name.to_lowercase())});
    s.post(&format!("/api/v1/jobs/{job}/candidates"), token, body).await["application"]["id"]
        .as_i64()
        .expect("application")
}

async fn move_to(s: &TestServer, token: &str, application: i64, to: &str) {
    let path = format!("/api/v1/applications/{application}/stage");
    let (status, body) = s.call(Method::POST, &path, Some(token), Some(json!({"to": to, "reason": "test"}))).await;
    assert_eq!(status, StatusCode::OK, "{application} to {to}: {body}");
}

fn stage<'a>(funnel: &'a Value, name: &str) -> &'a Value {
    funnel["stages"].as_array().expect("stages").iter().find(|s| s["stage"] == name).expect("the stage")
}

const HOUR_MS: i64 = 3_600_000;

/// Within a minute of `hours` (applications are stamped by the wall clock,
/// moves by the server's clock, set to it at the start).
fn about(ms: &Value, hours: i64) -> bool {
    ms.as_i64().is_some_and(|ms| (ms - hours * HOUR_MS).abs() < 60_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_funnel_matches_a_hand_computed_case() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_millis();
        s.clock.set(i64::try_from(wall).expect("ms"));
        let o = org(&s).await;
        let hr = &o.hr_a;
        let [a1, a2, _cy, a4] = [
            add(&s, hr, o.job[0], "Ann").await,
            add(&s, hr, o.job[0], "Bo").await,
            add(&s, hr, o.job[0], "Cy").await,
            add(&s, hr, o.job[0], "Di").await,
        ];
        // +1 h: Ann and Di screened; +2 h: Bo; +3 h: Ann invited, Di withdraws;
        // +4 h: Bo rejected; +5 h: Ann passes to the human interview; now +10 h.
        s.clock.advance(HOUR);
        move_to(&s, hr, a1, "screened").await;
        move_to(&s, hr, a4, "screened").await;
        s.clock.advance(HOUR);
        move_to(&s, hr, a2, "screened").await;
        s.clock.advance(HOUR);
        s.post(&format!("/api/v1/applications/{a1}/invitations"), hr, json!({})).await;
        move_to(&s, hr, a4, "withdrawn").await;
        s.clock.advance(HOUR);
        move_to(&s, hr, a2, "rejected").await;
        s.clock.advance(HOUR);
        move_to(&s, hr, a1, "human-interview").await;
        s.clock.advance(HOUR * 5);

        let funnel = s.get(&format!("/api/v1/analytics/funnel?job_id={}", o.job[0]), hr).await;
        let name = &db.name;
        assert_eq!(funnel["applications"], 4, "{name}: {funnel}");
        let counts: Vec<(&str, u64, u64)> =
            ["applied", "screened", "ai-interview", "human-interview", "rejected", "withdrawn"]
                .into_iter()
                .map(|st| {
                    (
                        st,
                        stage(&funnel, st)["current"].as_u64().unwrap_or(99),
                        stage(&funnel, st)["reached"].as_u64().unwrap_or(99),
                    )
                })
                .collect();
        assert_eq!(
            counts,
            [
                ("applied", 1, 4),
                ("screened", 0, 3),
                ("ai-interview", 0, 1),
                ("human-interview", 1, 1),
                ("rejected", 1, 1),
                ("withdrawn", 1, 1)
            ],
            "{name}"
        );
        assert_eq!(stage(&funnel, "screened")["conversion"], 0.75, "{name}");
        assert_eq!(stage(&funnel, "ai-interview")["conversion"], 0.333, "{name}");
        assert_eq!(stage(&funnel, "human-interview")["conversion"], 1.0, "{name}");
        // Applied: stays of 1, 1 and 2 hours (median 1, p90 2); screened: three of 2 hours.
        let applied = &stage(&funnel, "applied")["time_in_stage"];
        assert_eq!(applied["n"], 3, "{name}: {applied}");
        assert!(about(&applied["median_ms"], 1) && about(&applied["p90_ms"], 2), "{name}: {applied}");
        let screened = &stage(&funnel, "screened")["time_in_stage"];
        assert!(
            screened["n"] == 3 && screened["median_ms"] == 2 * HOUR_MS && screened["p90_ms"] == 2 * HOUR_MS,
            "{name}: {screened}"
        );
        // Waiting now: Cy in applied for 10 hours, Ann in the human interview for 5.
        assert!(about(&stage(&funnel, "applied")["waiting_now"]["median_ms"], 10), "{name}");
        assert_eq!(stage(&funnel, "human-interview")["waiting_now"]["median_ms"], 5 * HOUR_MS, "{name}");
        assert_eq!(funnel["longest_wait"], "applied", "{name}");
        assert_eq!(
            (
                funnel["invitations"]["invited"].as_u64(),
                funnel["invitations"]["started"].as_u64(),
                funnel["invitations"]["drop_out"].as_f64()
            ),
            (Some(1), Some(0), Some(0.0)),
            "{name}"
        );

        // Each figure leads to the people behind it, within access.
        let path =
            |which: &str| format!("/api/v1/analytics/applications?job_id={}&stage=screened&which={which}", o.job[0]);
        let reached = s.get(&path("reached"), hr).await;
        let mut names: Vec<&str> =
            reached.as_array().expect("list").iter().filter_map(|a| a["candidate_name"].as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["Ann", "Bo", "Di"], "{name}");
        // HR of the other department sees nothing of this job.
        let (status, _) = s.call(Method::GET, &path("reached"), Some(&o.hr_b), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
        let theirs = s.get("/api/v1/analytics/funnel", &o.hr_b).await;
        assert_eq!(theirs["applications"], 0, "{name}: {theirs}");
        let csv = s
            .http
            .get(format!("{}/api/v1/analytics/funnel?job_id={}&format=csv", s.base, o.job[0]))
            .bearer_auth(hr)
            .send()
            .await
            .expect("csv");
        assert!(csv.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("text/csv")));
        let text = csv.text().await.expect("text");
        assert!(text.lines().any(|l| l.starts_with("screened,0,3,0.75,3,2.0,2.0,")), "{name}: {text}");
    }
}

/// A hired application of `job` with an AI interview scored `dimensions`
/// (composite their mean), written into the store as a scored interview is.
async fn hired_with_scores(
    db: &TestDb,
    s: &TestServer,
    token: &str,
    job: i64,
    n: usize,
    dimensions: &[(&str, f64)],
) -> i64 {
    let application = add(s, token, job, &format!("Hire{n}")).await;
    let dims: Vec<Value> = dimensions
        .iter()
        .map(|(id, score)| json!({"id": id, "name": id, "weight": 0.25, "threshold": 6.0, "score": score, "samples": 1, "status": "meets"}))
        .collect();
    let composite = dimensions.iter().map(|(_, s)| s).sum::<f64>() / dimensions.len() as f64;
    let pool = db.store.pool();
    let session: i64 = sqlx::Row::get(
        &sqlx::query(
            "INSERT INTO interview_sessions (application_id, state, locale, plan, started_at, deadline, finished_at) \
             VALUES ($1, 'scored', 'en', '[]', 0, 1, 1) RETURNING id",
        )
        .bind(application)
        .fetch_one(pool)
        .await
        .expect("a session"),
        0,
    );
    sqlx::query(
        "INSERT INTO recommendations (session_id, job_id, composite, decision, dimensions, reasons, created_at) \
         VALUES ($1, $2, $3, 'advance', $4, '[]', 1)",
    )
    .bind(session)
    .bind(job)
    .bind(composite)
    .bind(Value::Array(dims).to_string())
    .execute(pool)
    .await
    .expect("a recommendation");
    // Two answered questions: one scored along teamwork (what performance
    // follows in the validity test), one at random; each answer scored on
    // two dimensions, as rubrics do.
    let teamwork = dimensions.iter().find(|(id, _)| *id == "teamwork").map_or(5.0, |(_, s)| *s);
    for (seq, (question, score)) in
        [("bank/teamwork-story", teamwork), ("bank/favourite-colour", 5.0 + 3.0 * noise(n, 9))].into_iter().enumerate()
    {
        let asked = json!({"id": question, "kind": "behavioural", "text": format!("Asked: {question}"), "locale": "en",
            "dimensions": ["teamwork"], "think_time_secs": 30, "time_limit_secs": 180});
        let answer: i64 = sqlx::Row::get(
            &sqlx::query(
                "INSERT INTO answers (session_id, seq, question_id, question, text, locale, think_time_ms, duration_ms, \
                 submitted_at) VALUES ($1, $2, $3, $4, 'An answer.', 'en', 1000, 60000, 1) RETURNING id",
            )
            .bind(session)
            .bind(seq as i64)
            .bind(question)
            .bind(asked.to_string())
            .fetch_one(pool)
            .await
            .expect("an answer"),
            0,
        );
        for (dimension, offset) in [("teamwork", 0.5), ("communication", -0.5)] {
            sqlx::query(
                "INSERT INTO dimension_scores (answer_id, dimension, score, confidence, evidence, explanation, \
                 plugin_id, plugin_version, created_at) VALUES ($1, $2, $3, 0.8, '[]', '', 'rubric-star', '0.1.0', 1)",
            )
            .bind(answer)
            .bind(dimension)
            .bind(score + offset)
            .execute(pool)
            .await
            .expect("a score");
        }
    }
    sqlx::query("UPDATE applications SET stage = 'onboarding' WHERE id = $1")
        .bind(application)
        .execute(pool)
        .await
        .expect("hired");
    application
}

/// Deterministic noise in −1..1.
fn noise(i: usize, salt: u64) -> f64 {
    let x = (i as u64 + 1).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(salt).rotate_left(17);
    (x % 2001) as f64 / 1000.0 - 1.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validity_finds_the_dimension_that_predicts_and_the_interviewer_who_scores_high() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        let name = &db.name;
        // Two interviewers of department A.
        let mut interviewers = Vec::new();
        for who in ["generous", "strict"] {
            let email = format!("{who}@acme.example");
            let body = json!({"email": email, "name": who, "password": "a long enough password", "role": "interviewer", "unit_id": o.dept[0]});
            interviewers.push(s.post("/api/v1/users", &o.admin, body).await["id"].as_i64().expect("user"));
        }
        let mut csv = String::from("application_id,kind,on_date,result,rating\n");
        for i in 0..40 {
            // Performance follows teamwork; the other dimensions are noise.
            let teamwork = 4.0 + 5.0 * (i as f64 / 39.0);
            let dims = [
                ("problem-solving", 6.5 + 2.0 * noise(i, 1)),
                ("teamwork", teamwork),
                ("responsibility", 6.5 + 2.0 * noise(i, 2)),
                ("communication", 6.5 + 2.0 * noise(i, 3)),
            ];
            let application = hired_with_scores(&db, &s, &o.hr_a, o.job[0], i, &dims).await;
            let rating = (1.0 + 4.0 * (teamwork - 4.0) / 5.0 + 0.4 * noise(i, 4)).clamp(1.0, 5.0);
            if i % 2 == 0 {
                let body = json!({"kind": "performance", "on_date": "2027-12-31", "rating": rating});
                let (status, body) = s
                    .call(
                        Method::POST,
                        &format!("/api/v1/applications/{application}/outcomes"),
                        Some(&o.hr_a),
                        Some(body),
                    )
                    .await;
                assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
                // Probation as well: passed along teamwork; an extended one
                // is no result yet.
                let result = match i {
                    0 => "extended",
                    _ if teamwork >= 6.5 => "passed",
                    _ => "failed",
                };
                let body = json!({"kind": "probation", "on_date": "2027-06-30", "result": result});
                let path = format!("/api/v1/applications/{application}/outcomes");
                let (status, body) = s.call(Method::POST, &path, Some(&o.hr_a), Some(body)).await;
                assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
            } else {
                csv.push_str(&format!("{application},performance,2027-12-31,,{rating:.3}\n"));
            }
            // Both interviewers score every candidate's teamwork: one 1.5 above the AI, one on it.
            for (k, user) in interviewers.iter().enumerate() {
                let score = (teamwork + if k == 0 { 1.5 } else { 0.0 } + 0.2 * noise(i, 5 + k as u64)).clamp(0.0, 10.0);
                sqlx::query(
                    "INSERT INTO scorecards (application_id, round, user_id, scores, recommendation, notes, submitted_at) \
                     VALUES ($1, 1, $2, $3, 'advance', '', 1)",
                )
                .bind(application)
                .bind(*user)
                .bind(json!({"teamwork": score}).to_string())
                .execute(db.store.pool())
                .await
                .expect("a scorecard");
            }
        }
        // Hired by writing the stage without its moves (as an import might):
        // where they are and what they reached counts, time spent does not.
        let funnel = s.get(&format!("/api/v1/analytics/funnel?job_id={}", o.job[0]), &o.hr_a).await;
        let figures = |st: &str| {
            let f = stage(&funnel, st);
            (
                f["current"].as_u64(),
                f["reached"].as_u64(),
                f["time_in_stage"]["n"].as_u64(),
                f["waiting_now"]["n"].as_u64(),
            )
        };
        assert_eq!(figures("onboarding"), (Some(40), Some(40), Some(0), Some(0)), "{name}: {funnel}");
        assert_eq!(figures("applied"), (Some(0), Some(40), Some(0), Some(0)), "{name}: {funnel}");
        // A bad row and a row of another department's hire are refused by line; the rest recorded.
        let other = hired_with_scores(&db, &s, &o.admin, o.job[1], 99, &[("teamwork", 5.0)]).await;
        csv.push_str("nope,performance,2027-12-31,,3\n");
        csv.push_str(&format!("{other},performance,2027-12-31,,3\n"));
        let (status, report) =
            s.raw(Method::POST, "/api/v1/outcomes/import", Some(&o.hr_a), "text/csv", csv.clone()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {report}");
        assert_eq!((report["recorded"].as_u64(), report["failed"].as_u64()), (Some(20), Some(2)), "{name}: {report}");
        let failed: Vec<(u64, &str)> = report["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["status"] == "failed")
            .map(|r| (r["line"].as_u64().unwrap_or(0), r["field"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(failed, [(22, "application_id"), (23, "application_id")], "{name}: {report}");
        // Importing again changes nothing.
        let (_, again) = s.raw(Method::POST, "/api/v1/outcomes/import", Some(&o.hr_a), "text/csv", csv).await;
        assert_eq!(again["recorded"], 20, "{name}");

        let validity = s.get(&format!("/api/v1/analytics/validity?job_id={}", o.job[0]), &o.hr_a).await;
        assert_eq!(validity["hires"], 40, "{name}: {validity}");
        let dimension = |id: &str| {
            validity["dimensions"].as_array().expect("dims").iter().find(|d| d["dimension"] == id).expect("dim").clone()
        };
        let teamwork = dimension("teamwork");
        assert!(teamwork["ai"]["r"].as_f64().is_some_and(|r| r > 0.9), "{name}: {teamwork}");
        assert!(teamwork["ai"]["low"].as_f64().is_some_and(|low| low > 0.5), "{name}: {teamwork}");
        assert!(teamwork["human"]["r"].as_f64().is_some_and(|r| r > 0.9), "{name}: {teamwork}");
        for noise_dim in ["problem-solving", "responsibility", "communication"] {
            let d = dimension(noise_dim);
            let (low, high) = (d["ai"]["low"].as_f64().expect("low"), d["ai"]["high"].as_f64().expect("high"));
            assert!(low < 0.0 && high > 0.0, "{name}: {noise_dim} should show no reliable link: {d}");
            assert!(
                d["human"]["r"].is_null() && d["human"]["note"].as_str().is_some_and(|n| n.contains("not enough data")),
                "{name}: {d}"
            );
        }
        // The question answered along teamwork tells later performers
        // apart; the other does not (the mean of each answer's two scores).
        let question = |id: &str| {
            validity["questions"].as_array().expect("questions").iter().find(|q| q["question_id"] == id).cloned()
        };
        let story = question("bank/teamwork-story").expect("the teamwork question");
        assert_eq!(story["text"], "Asked: bank/teamwork-story", "{name}: {story}");
        assert_eq!(story["discrimination"]["n"], 40, "{name}: {story}");
        assert!(story["discrimination"]["r"].as_f64().is_some_and(|r| r > 0.9), "{name}: {story}");
        let colour = question("bank/favourite-colour").expect("the other question");
        let (low, high) = (colour["discrimination"]["low"].as_f64(), colour["discrimination"]["high"].as_f64());
        assert!(low.is_some_and(|l| l < 0.0) && high.is_some_and(|h| h > 0.0), "{name}: {colour}");
        let path = format!("/api/v1/analytics/validity?job_id={}&measure=probation", o.job[0]);
        let probation = s.get(&path, &o.hr_a).await;
        assert_eq!(probation["hires"], 19, "{name}: an extended probation is no result: {probation}");
        let story = probation["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .find(|q| q["question_id"] == "bank/teamwork-story");
        let story = story.expect("the teamwork question");
        assert_eq!(story["discrimination"]["n"], 19, "{name}: {story}");
        assert!(story["discrimination"]["r"].as_f64().is_some_and(|r| r > 0.5), "{name}: {story}");
        let calibration = validity["interviewers"].as_array().expect("interviewers");
        let leaning = |who: &str| {
            calibration.iter().find(|c| c["name"] == who).map(|c| c["leaning"].clone()).expect("calibrated")
        };
        assert_eq!(leaning("generous"), "higher", "{name}: {calibration:?}");
        assert_eq!(leaning("strict"), "lower", "{name}: relative to the generous colleague: {calibration:?}");
        let agreement = validity["agreement"]
            .as_array()
            .expect("agreement")
            .iter()
            .find(|a| a["dimension"] == "teamwork")
            .expect("teamwork")
            .clone();
        assert!(
            agreement["difference"]["mean"].as_f64().is_some_and(|m| (m - 0.75).abs() < 0.1),
            "{name}: {agreement}"
        );

        // Outcomes are HR's and the department's: not the other department's HR, not an interviewer.
        let path = format!("/api/v1/analytics/validity?job_id={}", o.job[0]);
        assert_eq!(s.call(Method::GET, &path, Some(&o.hr_b), None).await.0, StatusCode::FORBIDDEN, "{name}");
        let interviewer = s.login("generous@acme.example", "a long enough password").await;
        let theirs = s.get("/api/v1/analytics/validity", &interviewer).await;
        assert_eq!(theirs["hires"], 0, "{name}: an interviewer may read no job's figures");
        // Only hires have outcomes.
        let fresh = add(&s, &o.hr_a, o.job[0], "Fresh").await;
        let (status, refused) = s
            .call(
                Method::POST,
                &format!("/api/v1/applications/{fresh}/outcomes"),
                Some(&o.hr_a),
                Some(json!({"kind": "probation", "on_date": "2027-06-30", "result": "passed"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{name}: {refused}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_analytics_view_draws_its_figures_and_leads_to_the_people_behind_them() {
    use crate::browser::Chromium;
    use crate::console_sign_in::sign_in;

    let db = panel_e2e::db::sqlite().await;
    let s = TestServer::start(&db).await;
    let o = org(&s).await;
    for i in 0..12 {
        let teamwork = 4.0 + 5.0 * (i as f64 / 11.0);
        let dims = [("problem-solving", 6.0 + noise(i, 1)), ("teamwork", teamwork)];
        let application = hired_with_scores(&db, &s, &o.hr_a, o.job[0], i, &dims).await;
        let rating = 1.0 + 4.0 * (teamwork - 4.0) / 5.0;
        let body = json!({"kind": "performance", "on_date": "2027-12-31", "rating": rating});
        s.post(&format!("/api/v1/applications/{application}/outcomes"), &o.hr_a, body).await;
    }
    let chromium = Chromium::launch().await;
    let tab = sign_in(&chromium, &s.base, "admin@acme.example", "/console/analytics").await;
    tab.wait_until("document.querySelector('#validity-chart .row') !== null", "the validity chart").await;
    // The funnel: every stage of the path drawn, with the 12 hires in onboarding (and so having reached it).
    assert_eq!(tab.eval::<f64>("document.querySelectorAll('#funnel-chart .row').length").await, 9.0);
    assert_eq!(tab.text("#an-stages tr[data-stage='onboarding'] td:nth-child(2)").await, "12");
    assert_eq!(tab.text("#an-stages tr[data-stage='onboarding'] td:nth-child(3)").await, "12");
    assert_eq!(tab.text("#an-stages tr[data-stage='onboarding'] td:nth-child(4)").await, "100%");
    assert_eq!(
        tab.text("#an-stages tr[data-stage='offer'] td:nth-child(4)").await,
        "–",
        "nobody reached the offer stage"
    );
    // Validity: a dot for teamwork, far to the right; problem solving's too.
    assert!(tab.eval::<bool>("document.querySelector(\"#validity-chart [data-item='teamwork'] .dot\") !== null").await);
    let teamwork: f64 =
        tab.eval("Number(document.querySelector(\"#validity-chart [data-item='teamwork'] .value\").textContent)").await;
    assert!(teamwork > 0.9, "teamwork r {teamwork}");
    tab.screenshots("console-10-analytics").await;
    // A count leads to the candidates behind it.
    tab.click("#an-stages tr[data-stage='onboarding'] button[data-which='current']").await;
    tab.wait_until("document.querySelectorAll('#an-behind-list li').length === 12", "the 12 hires listed").await;
    // Narrowed to the other department's job: nothing there.
    tab.eval::<bool>(&format!("(document.getElementById('an-job').value = '{}', true)", o.job[1])).await;
    tab.click("#an-filters button[type='submit']").await;
    tab.wait_until("document.getElementById('an-stages').querySelector(\"tr[data-stage='onboarding'] td:nth-child(2)\").textContent === '0'", "the other job's empty funnel").await;
    tab.assert_no_problems(|_| false);
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weights_are_refitted_from_outcomes_and_a_person_decides() {
    for db in databases().await {
        let s = TestServer::start(&db).await;
        let o = org(&s).await;
        let name = &db.name;
        let propose = |body: Value| {
            let (s, hr, job) = (&s, o.hr_a.clone(), o.job[0]);
            async move { s.call(Method::POST, &format!("/api/v1/jobs/{job}/weight-proposals"), Some(&hr), Some(body)).await }
        };
        // Too few hires: no proposal, and why.
        let (status, refused) = propose(json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{name}: {refused}");
        assert!(
            refused["error"]["message"].as_str().is_some_and(|m| m.contains("not enough data")),
            "{name}: {refused}"
        );

        for i in 0..30 {
            let teamwork = 4.0 + 5.0 * (i as f64 / 29.0);
            let dims = [
                ("problem-solving", 6.5 + 2.0 * noise(i, 1)),
                ("teamwork", teamwork),
                ("responsibility", 6.5 + 2.0 * noise(i, 2)),
                ("communication", 6.5 + 2.0 * noise(i, 3)),
            ];
            let application = hired_with_scores(&db, &s, &o.hr_a, o.job[0], i, &dims).await;
            let rating = (1.0 + 4.0 * (teamwork - 4.0) / 5.0 + 0.3 * noise(i, 4)).clamp(1.0, 5.0);
            let body = json!({"kind": "performance", "on_date": "2027-12-31", "rating": rating});
            s.post(&format!("/api/v1/applications/{application}/outcomes"), &o.hr_a, body).await;
        }
        let (status, proposal) = propose(json!({"measure": "performance"})).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {proposal}");
        let weights = proposal["reweighting"]["weights"].as_array().expect("weights");
        let teamwork = weights.iter().find(|w| w["dimension"] == "teamwork").expect("teamwork");
        assert!(teamwork["proposed"].as_f64() > teamwork["current"].as_f64(), "{name}: {teamwork}");
        assert!(weights.iter().all(|w| w["proposed"].as_f64().is_some_and(|p| p >= 0.0)), "{name}: {weights:?}");
        let (now, then) =
            (&proposal["reweighting"]["current_validity"]["r"], &proposal["reweighting"]["proposed_validity"]["r"]);
        assert!(then.as_f64() > now.as_f64(), "{name}: validity {now} -> {then}");
        assert!(proposal["reweighting"]["movers"].as_array().is_some_and(|m| !m.is_empty()), "{name}: {proposal}");
        assert_eq!(proposal["status"], "proposed", "{name}");

        // The department's HR of another department may not decide; this one accepts.
        let id = proposal["id"].as_i64().expect("id");
        let accept = format!("/api/v1/weight-proposals/{id}/accept");
        assert_eq!(
            s.call(Method::POST, &accept, Some(&o.hr_b), Some(json!({}))).await.0,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        let (status, model) =
            s.call(Method::POST, &accept, Some(&o.hr_a), Some(json!({"note": "fits our reviews"}))).await;
        assert_eq!((status, model["version"].as_i64()), (StatusCode::OK, Some(2)), "{name}: {model}");
        let (status, _) = s.call(Method::POST, &accept, Some(&o.hr_a), Some(json!({}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{name}: decided already");
        let models = s.get(&format!("/api/v1/jobs/{}/competency-models", o.job[0]), &o.hr_a).await;
        assert_eq!(models.as_array().map(Vec::len), Some(2), "{name}: {models}");
        let job = s.get(&format!("/api/v1/jobs/{}", o.job[0]), &o.hr_a).await;
        let live = job["profile"]["dimensions"]
            .as_array()
            .expect("dims")
            .iter()
            .find(|d| d["id"] == "teamwork")
            .expect("teamwork")["weight"]
            .as_f64();
        assert!(live.is_some_and(|w| (w - teamwork["proposed"].as_f64().unwrap_or(0.0)).abs() < 1e-3), "{name}: {job}");
        // A second proposal, rejected, changes nothing.
        let (_, second) = propose(json!({})).await;
        let reject = format!("/api/v1/weight-proposals/{}/reject", second["id"]);
        let (status, rejected) =
            s.call(Method::POST, &reject, Some(&o.hr_a), Some(json!({"note": "wait a quarter"}))).await;
        assert_eq!((status, rejected["status"].as_str()), (StatusCode::OK, Some("rejected")), "{name}");
        assert_eq!(
            s.get(&format!("/api/v1/jobs/{}/competency-models", o.job[0]), &o.hr_a).await.as_array().map(Vec::len),
            Some(2)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_interview_replays_identically_and_a_changed_score_is_found() {
    let db = panel_e2e::db::sqlite().await;
    let s = TestServer::start(&db).await;
    let o = org(&s).await;
    let application = add(&s, &o.admin, o.job[0], "Replayed").await;
    let invited = s.post(&format!("/api/v1/applications/{application}/invitations"), &o.admin, json!({})).await;
    let session =
        panel_e2e::api::take_interview(&s, invited["token"].as_str().expect("token"), panel_e2e::STRONG_EN).await;
    s.wait_scored(session).await;
    let replay = s.post(&format!("/api/v1/sessions/{session}/replay"), &o.admin, json!({})).await;
    assert_eq!(replay["identical"], true, "{replay}");
    assert_eq!(replay["model_version"], 1, "{replay}");
    let report = s.get(&format!("/api/v1/sessions/{session}/report"), &o.admin).await;
    assert_eq!(report["recommendation"]["model_version"], 1, "{report}");
    // A score changed in the database behind Panel's back is found.
    sqlx::query("UPDATE dimension_scores SET score = score / 2 WHERE id = (SELECT MIN(id) FROM dimension_scores)")
        .execute(db.store.pool())
        .await
        .expect("tamper");
    let replay = s.post(&format!("/api/v1/sessions/{session}/replay"), &o.admin, json!({})).await;
    assert_eq!(replay["identical"], false, "{replay}");
    assert!(
        replay["differences"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d.as_str().is_some_and(|d| d.contains("then")))),
        "{replay}"
    );
}
