//! Migrations run on databases made before them.

use std::str::FromStr;

use sqlx::Row;

use super::*;

/// A SQLite database in `dir` with the migrations before `number` only.
async fn database_before(dir: &Path, number: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    let before = dir.join(format!("migrations-before-{number}"));
    std::fs::create_dir_all(&before).expect("dir");
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite");
    for entry in std::fs::read_dir(&all).expect("migrations") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name.as_str() < number {
            std::fs::copy(&path, before.join(&name)).expect("copy a migration");
        }
    }
    let url = format!("sqlite://{}?mode=rwc", dir.join("old.db").display());
    let pool = connect(&AnyConnectOptions::from_str(&url).expect("url"), Backend::Sqlite, 1).await.expect("pool");
    sqlx::migrate::Migrator::new(before.as_path()).await.expect("old migrations").run(&pool).await.expect("old");
    pool
}

/// A store on `pool` as it opens before its first migration: no writer, no sealer.
fn store_on(pool: &AnyPool) -> Store {
    Store { pool: pool.clone(), backend: Backend::Sqlite, writer: None, answers: None, keys: test_keys(), sealer: None }
}

/// Migration 8 rebuilds the candidates table on SQLite: a database made
/// before it keeps every candidate and every reference to them.
#[tokio::test]
async fn rebuilding_the_candidates_table_keeps_every_row_and_reference() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = database_before(dir.path(), "0008").await;
    let setup = "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Acme', 0); \
                 INSERT INTO org_units (id, organisation_id, parent_id, kind, name, created_at) \
                     VALUES (2, 1, NULL, 'department', 'Assembly', 0); \
                 INSERT INTO jobs (id, organisation_id, department_id, title, industry, locale, competencies, created_at) \
                     VALUES (3, 1, 2, 'Supervisor', '', 'en', '[]', 0); \
                 INSERT INTO candidates (id, organisation_id, name, email, external_ref, created_at) \
                     VALUES (7, 1, 'Li Na', 'li@example.com', 'ats-1', 0), (9, 1, 'Wang Wei', 'w@example.com', NULL, 0); \
                 INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES (11, 9, 3, 'applied', 0)";
    pool.execute(setup).await.expect("rows made before the migration");

    let store = store_on(&pool);
    store.migrate().await.expect("migration 8 on a database with rows");

    let rows = sqlx::query("SELECT id, name, external_ref FROM candidates ORDER BY id").fetch_all(&pool).await;
    let rows: Vec<(i64, String, Option<String>)> =
        rows.expect("candidates").iter().map(|r| (r.get("id"), r.get("name"), r.get("external_ref"))).collect();
    assert_eq!(rows, [(7, "Li Na".into(), Some("ats-1".into())), (9, "Wang Wei".into(), None)]);
    let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&pool).await.expect("check");
    assert!(broken.is_empty(), "{} references broken", broken.len());
    // The reference is no longer unique, and foreign keys still hold.
    pool.execute("INSERT INTO candidates (organisation_id, name, email, external_ref, created_at) VALUES (1, 'X', 'x@example.com', 'ats-1', 0)")
        .await
        .expect("a second record with the same reference");
    let orphan = pool
        .execute("INSERT INTO applications (candidate_id, job_id, stage, created_at) VALUES (999, 3, 'applied', 0)")
        .await;
    assert!(orphan.is_err(), "an application of no candidate was accepted");
}

/// Migration 19 rebuilds the users table on SQLite for the compliance role:
/// every account keeps its id, and staff sign-in sessions and interviewer
/// assignments still point at them.
#[tokio::test]
async fn rebuilding_the_users_table_keeps_every_account_and_what_points_at_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = database_before(dir.path(), "0019").await;
    let setup = "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Acme', 0); \
                 INSERT INTO users (id, organisation_id, email, name, password_hash, role, unit_id, created_at) \
                     VALUES (4, 1, 'admin@acme.example', 'Admin', 'h', 'admin', NULL, 0), \
                            (6, 1, 'iv@acme.example', 'Interviewer', 'h', 'interviewer', NULL, 0); \
                 INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at) VALUES ('t', 6, 0, 1)";
    pool.execute(setup).await.expect("rows made before the migration");

    let store = store_on(&pool);
    store.migrate().await.expect("migration 19 on a database with accounts");

    let rows = sqlx::query("SELECT id, role FROM users ORDER BY id").fetch_all(&pool).await.expect("users");
    let rows: Vec<(i64, String)> = rows.iter().map(|r| (r.get("id"), r.get("role"))).collect();
    assert_eq!(rows, [(4, "admin".into()), (6, "interviewer".into())]);
    let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&pool).await.expect("check");
    assert!(broken.is_empty(), "{} references broken", broken.len());
    pool.execute("INSERT INTO users (organisation_id, email, name, password_hash, role, created_at) VALUES (1, 'dpo@acme.example', 'DPO', 'h', 'compliance', 0)")
        .await
        .expect("a compliance account");
    let unknown = pool
        .execute("INSERT INTO users (organisation_id, email, name, password_hash, role, created_at) VALUES (1, 'x@acme.example', 'X', 'h', 'owner', 0)")
        .await;
    assert!(unknown.is_err(), "a role that does not exist was accepted");
    let orphan = pool
        .execute("INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at) VALUES ('u', 999, 0, 1)")
        .await;
    assert!(orphan.is_err(), "a session of no account was accepted");
}

/// Migration 16 works out the stays of the applications already there:
/// from their moves, a move back included, and for a stage written without
/// its move, a stay with no known start. From then on the triggers keep them.
#[tokio::test]
async fn stays_are_worked_out_from_the_moves_made_before_them_and_kept_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = database_before(dir.path(), "0016").await;
    let setup = "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Acme', 0); \
                 INSERT INTO org_units (id, organisation_id, parent_id, kind, name, created_at) \
                     VALUES (2, 1, NULL, 'department', 'Assembly', 0); \
                 INSERT INTO jobs (id, organisation_id, department_id, title, industry, locale, competencies, created_at) \
                     VALUES (3, 1, 2, 'Supervisor', '', 'en', '[]', 0); \
                 INSERT INTO candidates (id, organisation_id, name, email, created_at) \
                     VALUES (7, 1, 'A', 'a@example.com', 0), (8, 1, 'B', 'b@example.com', 0), (9, 1, 'C', 'c@example.com', 0); \
                 INSERT INTO applications (id, candidate_id, job_id, stage, created_at) \
                     VALUES (11, 7, 3, 'screened', 100), (12, 8, 3, 'applied', 200), (13, 9, 3, 'onboarding', 300); \
                 INSERT INTO stage_transitions (application_id, from_stage, to_stage, actor, event_id, at) VALUES \
                     (11, 'applied', 'screened', 'hr', 'e1', 150), (11, 'screened', 'applied', 'hr', 'e2', 170), \
                     (11, 'applied', 'screened', 'hr', 'e3', 190), (13, 'applied', 'screened', 'hr', 'e4', 310)";
    pool.execute(setup).await.expect("rows made before the migration");
    let store = store_on(&pool);
    store.migrate().await.expect("migration 16 on a database with rows");

    type Stay = (i64, String, Option<i64>, Option<i64>, i64, i64);
    let stays = || async {
        let rows = sqlx::query(
            "SELECT application_id, stage, entered_at, left_at, is_current, first_time FROM stage_stays ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .expect("stays");
        rows.iter()
            .map(|r| {
                let stay: Stay = (
                    r.get("application_id"),
                    r.get("stage"),
                    r.get("entered_at"),
                    r.get("left_at"),
                    r.get("is_current"),
                    r.get("first_time"),
                );
                stay
            })
            .collect::<Vec<_>>()
    };
    let stay = |app: i64, stage: &str, entered: Option<i64>, left: Option<i64>, current: i64, first: i64| -> Stay {
        (app, stage.to_owned(), entered, left, current, first)
    };
    let before = vec![
        stay(11, "applied", Some(100), Some(150), 0, 1),
        stay(11, "screened", Some(150), Some(170), 0, 1),
        stay(11, "applied", Some(170), Some(190), 0, 0),
        stay(11, "screened", Some(190), None, 1, 0),
        stay(12, "applied", Some(200), None, 1, 1),
        stay(13, "applied", Some(300), Some(310), 0, 1),
        // Moved to screening, then written as onboarding without a move.
        stay(13, "screened", Some(310), None, 0, 1),
        stay(13, "onboarding", None, None, 1, 1),
    ];
    assert_eq!(stays().await, before);

    // A move as the engine makes it (the move, then the stage), and a new
    // application: the triggers carry on.
    let after = "INSERT INTO stage_transitions (application_id, from_stage, to_stage, actor, event_id, at) \
                     VALUES (12, 'applied', 'rejected', 'hr', 'e5', 400); \
                 UPDATE applications SET stage = 'rejected' WHERE id = 12; \
                 INSERT INTO candidates (id, organisation_id, name, email, created_at) VALUES (10, 1, 'D', 'd@example.com', 0); \
                 INSERT INTO applications (id, candidate_id, job_id, stage, created_at) VALUES (14, 10, 3, 'applied', 500)";
    pool.execute(after).await.expect("a move and an application");
    let mut expected = before;
    expected[4] = stay(12, "applied", Some(200), Some(400), 0, 1);
    expected.push(stay(12, "rejected", Some(400), None, 1, 1));
    expected.push(stay(14, "applied", Some(500), None, 1, 1));
    assert_eq!(stays().await, expected);
}

/// A keyring for a store made by hand: these tests read the rows as the
/// migrations leave them, before any start seals them.
/// Migration 20 gives each organisation a chain of its own: the entries
/// sealed into the single chain before it stay the platform's chain and
/// still verify, its head carried over; new entries about an organisation
/// start that organisation's chain at 1.
#[tokio::test]
async fn the_single_chain_becomes_the_platforms_and_organisations_start_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = database_before(dir.path(), "0020").await;
    pool.execute("INSERT INTO organisations (id, name, created_at) VALUES (1, 'Acme', 0)").await.expect("organisation");
    // Three entries sealed as the single chain sealed them.
    let mut hash = audit_chain::GENESIS.to_owned();
    for seq in 1..=3_i64 {
        let entry = AuditEntry {
            at: seq,
            actor: "user:1".into(),
            action: "report.read".into(),
            subject: format!("session:{seq}"),
            detail: String::new(),
            origin: String::new(),
        };
        hash = audit_chain::entry_hash(audit::PLATFORM_CHAIN, &hash, seq, &entry);
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, subject, detail, origin, seq, hash) \
             VALUES ($1, $2, $3, $4, '', '', $5, $6)",
        )
        .bind(seq)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(seq)
        .bind(&hash)
        .execute(&pool)
        .await
        .expect("a sealed entry");
    }
    sqlx::query("UPDATE audit_head SET seq = 3, hash = $1").bind(&hash).execute(&pool).await.expect("head");

    let store = store_on(&pool);
    store.migrate().await.expect("migration 20 on a sealed chain");
    let platform = store.verify_audit_chain(audit::PLATFORM_CHAIN, None).await.expect("verify");
    assert_eq!((platform.checked, platform.head_seq, &platform.head_hash, &platform.problem), (3, 3, &hash, &None));

    store.audit("system", "org.read", "organisation:1", "", "").await.expect("audit");
    let chains = store.verify_audit_all().await.expect("verify");
    let summary: Vec<_> = chains.iter().map(|c| (c.chain, c.checked, c.problem.is_none())).collect();
    assert_eq!(summary, [(0, 3, true), (1, 1, true)]);
}

fn test_keys() -> Arc<crate::crypto::Keyring> {
    let key = crate::crypto::MasterKey::generate().expect("a master key");
    Arc::new(crate::crypto::Keyring::new(Arc::new(key)))
}
