//! The analytics view over a large history: 100,000 applications across 20
//! jobs in 4 departments, with the stage moves, AI interviews (answers and
//! dimension scores), interviewers' scorecards and hires' outcomes such a
//! history has. The real router on a loopback socket answers an
//! administrator's `GET /api/v1/analytics/funnel` and
//! `GET /api/v1/analytics/validity` for the whole organisation and for one
//! department, as the console asks them; criterion reports the time per
//! request. On SQLite always, and on PostgreSQL too when
//! `PANEL_BENCH_DATABASE_URL` names an empty database.
//!
//! Run with `cargo xtask bench -- analytics`. Figures: docs/performance.md.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use panel::api::{ApiConfig, AppState, auth::hash_password};
use panel::domain::{Dimension, Question, QuestionKind};
use panel::engine::{Engine, EngineConfig, ScopedPlugins, SystemClock};
use panel::packages::PluginRegistry;
use panel::store::{NewJob, NewUser, RegionPolicy, Role, Store, UnitKind};
use serde_json::{Value, json};

const APPLICATIONS: i64 = 100_000;
const DEPARTMENTS: usize = 4;
const JOBS_PER_DEPARTMENT: usize = 5;
const QUESTIONS: usize = 5;
const DIMENSIONS: [&str; 4] = ["problem-solving", "teamwork", "responsibility", "communication"];
const PATH: [&str; 9] = [
    "applied",
    "screened",
    "ai-interview",
    "human-interview",
    "offer",
    "background-check",
    "onboarding",
    "probation",
    "regular",
];
/// Of 1,000 applications, how many get at least this far along `PATH`.
const REACHING: [u64; 9] = [1000, 700, 500, 200, 80, 70, 60, 50, 30];
const PASSWORD: &str = "analytics bench password";
const DAY_MS: i64 = 86_400_000;
/// Rows per INSERT statement while seeding.
const BATCH: usize = 500;

/// A deterministic pseudo-random number in 0..1 for (`i`, `salt`).
fn noise(i: i64, salt: u64) -> f64 {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Collects rows and writes them `BATCH` at a time as multi-row INSERTs
/// (generated numbers and fixed words only, so plain literals are safe).
struct Inserts<'a> {
    store: &'a Store,
    table: &'static str,
    columns: &'static str,
    rows: Vec<String>,
}

impl<'a> Inserts<'a> {
    fn new(store: &'a Store, table: &'static str, columns: &'static str) -> Self {
        Inserts { store, table, columns, rows: Vec::with_capacity(BATCH) }
    }

    /// Queues a row; [`seed`] flushes every table, parents first, once one
    /// is full, so no row is written before the row it refers to.
    async fn push(&mut self, row: String) {
        self.rows.push(row);
    }

    fn full(&self) -> bool {
        self.rows.len() >= BATCH
    }

    async fn flush(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let sql = format!("INSERT INTO {} ({}) VALUES {}", self.table, self.columns, self.rows.join(","));
        sqlx::query(&sql).execute(self.store.pool()).await.unwrap_or_else(|e| panic!("{}: {e}", self.table));
        self.rows.clear();
    }
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

struct History {
    department: i64,
    jobs: Vec<i64>,
}

/// Seeds the organisation, its staff and the whole history.
async fn seed(store: &Store, now: i64) -> History {
    let org = store.create_organisation("Analytics bench").await.expect("org");
    let region = store.create_unit(org, None, UnitKind::Region, "East", RegionPolicy::default()).await.expect("region");
    let branch = store.create_unit(org, Some(region), UnitKind::Branch, "Plant", RegionPolicy::default()).await;
    let branch = branch.expect("branch");
    let hash = hash_password(PASSWORD).expect("hash");
    let admin = NewUser {
        organisation_id: org,
        email: "admin@bench.example",
        name: "Admin",
        password_hash: &hash,
        role: Role::Admin,
        unit_id: None,
    };
    store.create_user(&admin).await.expect("admin");
    let mut jobs = Vec::new();
    let mut departments = Vec::new();
    let mut interviewers = Vec::new();
    for d in 0..DEPARTMENTS {
        let name = format!("Department {d}");
        let dept = store.create_unit(org, Some(branch), UnitKind::Department, &name, RegionPolicy::default()).await;
        let dept = dept.expect("department");
        departments.push(dept);
        for k in 0..3 {
            let email = format!("interviewer{d}-{k}@bench.example");
            let user = NewUser {
                organisation_id: org,
                email: &email,
                name: &email,
                password_hash: &hash,
                role: Role::Interviewer,
                unit_id: Some(dept),
            };
            interviewers.push(store.create_user(&user).await.expect("interviewer"));
        }
        for j in 0..JOBS_PER_DEPARTMENT {
            let dim =
                |id: &str, weight| Dimension { id: id.into(), name: id.into(), weight, threshold: 6.0, labels: vec![] };
            let job = NewJob {
                department_id: dept,
                title: format!("Job {d}-{j}"),
                industry: "manufacturing".into(),
                locale: if j % 2 == 0 { "zh-CN" } else { "en" }.into(),
                key_role: false,
                description: String::new(),
                dimensions: DIMENSIONS.iter().map(|id| dim(id, 0.25)).collect(),
                requirements: Default::default(),
                review_margin: 0.5,
            };
            jobs.push(store.create_job(&job).await.expect("job"));
        }
    }
    let questions: Vec<String> = (0..QUESTIONS)
        .map(|q| {
            let question = Question {
                id: format!("q{q}"),
                kind: QuestionKind::Behavioural,
                text: format!("Tell us about a time you solved problem number {q} at work."),
                locale: "en".into(),
                dimensions: vec![DIMENSIONS[q % 4].into(), DIMENSIONS[(q + 1) % 4].into()],
                think_time_secs: 30,
                time_limit_secs: 180,
                guide: None,
            };
            serde_json::to_string(&question).expect("question")
        })
        .collect();

    let started = Instant::now();
    let base = 1_000_000;
    let span = 365 * DAY_MS;
    let mut candidates = Inserts::new(store, "candidates", "id, organisation_id, name, email, created_at");
    let mut applications = Inserts::new(store, "applications", "id, candidate_id, job_id, stage, created_at");
    let mut moves =
        Inserts::new(store, "stage_transitions", "application_id, from_stage, to_stage, actor, reason, event_id, at");
    let mut invitations =
        Inserts::new(store, "invitations", "id, application_id, token_hash, opens_at, closes_at, created_at");
    let mut sessions = Inserts::new(
        store,
        "interview_sessions",
        "id, application_id, invitation_id, state, locale, plan, started_at, deadline, finished_at",
    );
    let mut answers = Inserts::new(
        store,
        "answers",
        "id, session_id, seq, question_id, question, text, locale, think_time_ms, duration_ms, submitted_at",
    );
    let mut scores = Inserts::new(
        store,
        "dimension_scores",
        "answer_id, dimension, score, confidence, evidence, explanation, plugin_id, plugin_version, created_at",
    );
    let mut recommendations = Inserts::new(
        store,
        "recommendations",
        "session_id, job_id, composite, decision, dimensions, reasons, created_at",
    );
    let mut cards =
        Inserts::new(store, "scorecards", "application_id, round, user_id, scores, recommendation, submitted_at");
    let mut outcomes = Inserts::new(
        store,
        "outcomes",
        "application_id, kind, on_date, result, rating, source, recorded_by, recorded_at",
    );
    let mut answer_id = base * 10;
    for i in 0..APPLICATIONS {
        let id = base + i;
        let job_index = (i as usize) % jobs.len();
        let job = jobs[job_index];
        let created = now - span + (noise(i, 1) * span as f64) as i64;
        let depth = {
            let draw = (noise(i, 2) * 1000.0) as u64;
            REACHING.iter().rposition(|&n| draw < n).unwrap_or(0)
        };
        let rejected = depth < PATH.len() - 1 && noise(i, 3) < 0.6;
        candidates.push(format!("({id}, {org}, 'Candidate {i}', 'c{i}@bench.example', {created})")).await;
        // Filed as the engine files them, in `applied`; each is put in its
        // stage by its moves (and the stage column set once at the end).
        applications.push(format!("({id}, {id}, {job}, 'applied', {created})")).await;
        let mut at = created;
        for step in 1..=depth {
            at += (noise(i, 10 + step as u64) * 6.0 * DAY_MS as f64) as i64 + DAY_MS / 4;
            let (from, to) = (PATH[step - 1], PATH[step]);
            moves.push(format!("({id}, '{from}', '{to}', 'hr', '', 'e{id}-{step}', {at})")).await;
        }
        if rejected {
            at += DAY_MS;
            moves.push(format!("({id}, '{}', 'rejected', 'hr', '', 'e{id}-r', {at})", PATH[depth])).await;
        }
        // Latent ability behind every score and the outcome, so the
        // validity figures have something to find.
        let ability = noise(i, 4);
        if depth >= 2 {
            let opened = created + DAY_MS;
            invitations.push(format!("({id}, {id}, 'h{id}', {opened}, {}, {opened})", opened + 7 * DAY_MS)).await;
            let plan = literal(&format!("{{\"questions\":[],\"n\":{QUESTIONS}}}"));
            let locale = if job_index.is_multiple_of(2) { "zh-CN" } else { "en" };
            sessions
                .push(format!(
                    "({id}, {id}, {id}, 'scored', '{locale}', {plan}, {opened}, {}, {})",
                    opened + DAY_MS,
                    opened + 3_600_000
                ))
                .await;
            let mut dimension_results = Vec::new();
            for (d, dimension) in DIMENSIONS.iter().enumerate() {
                let score = (2.0 + 6.0 * ability + 2.0 * noise(i, 20 + d as u64)).min(10.0);
                dimension_results.push(json!({
                    "id": dimension, "name": dimension, "weight": 0.25, "threshold": 6.0,
                    "score": score, "samples": 2, "status": if score >= 6.0 { "meets" } else { "below" },
                }));
            }
            let composite = dimension_results.iter().map(|d| d["score"].as_f64().unwrap_or(0.0)).sum::<f64>() / 4.0;
            for (q, question) in questions.iter().enumerate() {
                answer_id += 1;
                answers
                    .push(format!(
                        "({answer_id}, {id}, {q}, 'q{q}', {}, 'An answer.', '{locale}', 5000, 60000, {opened})",
                        literal(question)
                    ))
                    .await;
                for d in [q % 4, (q + 1) % 4] {
                    let score = (1.0 + 7.0 * ability + 2.0 * noise(answer_id, d as u64)).min(10.0);
                    scores
                        .push(format!(
                            "({answer_id}, '{}', {score:.2}, 0.8, '[]', 'Because.', 'rubric-star', '0.1.0', {opened})",
                            DIMENSIONS[d]
                        ))
                        .await;
                }
            }
            let decision = if composite >= 6.0 { "advance" } else { "reject" };
            let dims = literal(&Value::Array(dimension_results).to_string());
            recommendations
                .push(format!("({id}, {job}, {composite:.3}, '{decision}', {dims}, '[]', {})", opened + 3_600_000))
                .await;
        }
        if depth >= 3 {
            let department = job_index / JOBS_PER_DEPARTMENT;
            for k in 0..2 {
                let user = interviewers[department * 3 + (i as usize + k) % 3];
                let lean = [0.0, 1.0, -1.0][(i as usize + k) % 3];
                let mut card = String::from("{");
                for (d, dimension) in DIMENSIONS.iter().enumerate() {
                    let score = (2.0 + 6.0 * ability + lean + 2.0 * noise(i, 40 + d as u64)).clamp(0.0, 10.0);
                    let _ = write!(card, "{}\"{dimension}\":{score:.1}", if d == 0 { "" } else { "," });
                }
                card.push('}');
                cards.push(format!("({id}, 1, {user}, {}, 'advance', {})", literal(&card), at)).await;
            }
        }
        if depth >= 7 {
            let day = format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            let result = if noise(i, 5) < 0.2 + 0.7 * ability { "passed" } else { "failed" };
            outcomes.push(format!("({id}, 'probation', '{day}', '{result}', NULL, 'api', 'hr', {at})")).await;
            let rating = (1.0 + 3.0 * ability + noise(i, 6)).clamp(1.0, 5.0);
            outcomes.push(format!("({id}, 'performance', '{day}', NULL, {rating:.1}, 'api', 'hr', {at})")).await;
        }
        let tables = [
            &mut candidates,
            &mut applications,
            &mut moves,
            &mut invitations,
            &mut sessions,
            &mut answers,
            &mut scores,
            &mut recommendations,
            &mut cards,
            &mut outcomes,
        ];
        if tables.iter().any(|t| t.full()) {
            for table in tables {
                table.flush().await;
            }
        }
    }
    for table in [
        &mut candidates,
        &mut applications,
        &mut moves,
        &mut invitations,
        &mut sessions,
        &mut answers,
        &mut scores,
        &mut recommendations,
        &mut cards,
        &mut outcomes,
    ] {
        table.flush().await;
    }
    sqlx::query(
        "UPDATE applications SET stage = (SELECT t.to_stage FROM stage_transitions t \
         WHERE t.application_id = applications.id ORDER BY t.id DESC LIMIT 1) \
         WHERE EXISTS (SELECT 1 FROM stage_transitions t WHERE t.application_id = applications.id)",
    )
    .execute(store.pool())
    .await
    .expect("applications in their stages");
    // What `panel serve` does at start and every hour.
    store.refresh_statistics().await.expect("statistics");
    eprintln!("analytics: seeded {APPLICATIONS} applications in {:.1} s", started.elapsed().as_secs_f64());
    History { department: departments[0], jobs }
}

/// Where one organisation-wide validity request spends its time, printed
/// once beside criterion's figures (the median of five runs of each part).
async fn breakdown(store: &Store, jobs: &[i64]) {
    async fn median<F: Future>(mut run: impl FnMut() -> F) -> f64 {
        let mut times = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            run().await;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        times[2]
    }
    let measure = panel::engine::analytics::OutcomeMeasure::Performance;
    let rows = median(|| async { store.validity_rows(jobs, measure).await.expect("validity rows") }).await;
    let outcomes = median(|| async { store.outcomes_of_jobs(jobs).await.expect("outcomes") }).await;
    let plugins = Arc::new(ScopedPlugins::new(store.clone(), Arc::new(PluginRegistry::new())));
    let engine = Engine::new(store.clone(), plugins, Arc::new(SystemClock), EngineConfig::default());
    let whole = median(|| async { engine.validity(jobs, measure).await.expect("validity") }).await;
    let (fetched, outcome_rows) = (
        store.validity_rows(jobs, measure).await.expect("validity rows"),
        store.outcomes_of_jobs(jobs).await.expect("outcomes"),
    );
    let names = std::collections::BTreeMap::new();
    let compute =
        median(|| async { panel::engine::analytics::validity::validity(&fetched, &outcome_rows, measure, &names) })
            .await;
    eprintln!(
        "analytics: validity, organisation: rows {rows:.0} ms, outcomes {outcomes:.0} ms, figures {compute:.0} ms, \
         engine {whole:.0} ms"
    );
}

/// Serves the router on a loopback port; returns its address.
async fn serve(store: Store) -> String {
    let plugins = Arc::new(ScopedPlugins::new(store.clone(), Arc::new(PluginRegistry::new())));
    let engine = Engine::new(store, plugins.clone(), Arc::new(SystemClock), EngineConfig::default());
    let state = AppState::new(engine, ApiConfig::default(), plugins);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(panel::api::serve(listener, state, std::future::pending()));
    base
}

async fn fresh_postgres(url: &str) -> Store {
    Store::open(url).await.expect("open the PostgreSQL database PANEL_BENCH_DATABASE_URL names")
}

fn bench_backend(c: &mut Criterion, name: &str, open: impl Future<Output = (Store, Option<tempfile::TempDir>)>) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio");
    let (store, _dir) = rt.block_on(open);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as i64;
    let history = rt.block_on(seed(&store, now));
    rt.block_on(breakdown(&store, &history.jobs));
    let base = rt.block_on(serve(store));
    let http = reqwest::Client::new();
    let token = rt.block_on(async {
        let body = json!({"email": "admin@bench.example", "password": PASSWORD});
        let response = http.post(format!("{base}/api/v1/auth/login")).json(&body).send().await.expect("login");
        let body: Value = response.json().await.expect("login body");
        body["token"].as_str().expect("a token").to_owned()
    });
    let get = |path: String| {
        let (http, token) = (http.clone(), token.clone());
        let url = format!("{base}{path}");
        async move {
            let response = http.get(&url).bearer_auth(&token).send().await.expect("request");
            assert!(response.status().is_success(), "{url}: {}", response.status());
            response.bytes().await.expect("body").len()
        }
    };
    let requests = [
        ("funnel, organisation", "/api/v1/analytics/funnel".to_owned()),
        ("funnel, one department", format!("/api/v1/analytics/funnel?unit_id={}", history.department)),
        ("validity, organisation", "/api/v1/analytics/validity".to_owned()),
        ("validity, one department", format!("/api/v1/analytics/validity?unit_id={}", history.department)),
    ];
    // Fail early, with the status, if a request is refused.
    for (_, path) in &requests {
        rt.block_on(get(path.clone()));
    }
    let mut group = c.benchmark_group(format!("analytics 100k, {name}"));
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for (label, path) in requests {
        group.bench_function(label, |b| b.iter(|| rt.block_on(get(path.clone()))));
    }
    group.finish();
}

fn analytics(c: &mut Criterion) {
    bench_backend(c, "SQLite", async {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_data_dir(dir.path()).await.expect("SQLite");
        (store, Some(dir))
    });
    if let Ok(url) = std::env::var("PANEL_BENCH_DATABASE_URL") {
        bench_backend(c, "PostgreSQL", async move { (fresh_postgres(&url).await, None) });
    }
}

criterion_group!(benches, analytics);
criterion_main!(benches);
