//! The audit log's hash chain on SQLite and PostgreSQL: entries written by
//! the store verify; an edited, deleted, reordered or cut-off entry is found
//! and named; a chain recomputed after an edit is caught by a head recorded
//! earlier; entries from before the chain are sealed on open; writers at
//! once never fork it. On PostgreSQL entries are sealed by the store's
//! background sealer, after their write commits: tests that need the chain
//! complete seal it as the sealer would (`Store::seal_audit`), and the
//! sealer itself is tested on its own, with no such call.

use std::time::{Duration, Instant};

use panel::store::{AUDIT_PLATFORM_CHAIN, AuditEntry, AuditProblem, AuditVerification, Store, audit_entry_hash};
use panel_e2e::db::{TestDb, databases, postgres, postgres_url};
use sqlx::Row;

async fn write_entries(store: &Store, n: usize) {
    for i in 0..n {
        store
            .audit("user:1", "report.read", &format!("session:{i}"), "", "127.0.0.1")
            .await
            .expect("audit entry written");
    }
}

/// `n` entries, then the chain sealed up to the last of them.
async fn write_sealed(store: &Store, n: usize) {
    write_entries(store, n).await;
    store.seal_audit().await.expect("seal");
}

/// Verifies until nothing is pending, with no seal of the test's own:
/// what PostgreSQL's background sealer achieves within `deadline`.
async fn verified_once_sealed(store: &Store, deadline: Duration) -> AuditVerification {
    let start = Instant::now();
    loop {
        let report = store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify");
        if report.pending == 0 {
            return report;
        }
        assert!(start.elapsed() < deadline, "{} entries still unsealed after {deadline:?}: {report:?}", report.pending);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn exec(store: &Store, sql: &str) {
    sqlx::query(sql).execute(store.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn problem(db: &TestDb) -> Option<AuditProblem> {
    db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify").problem
}

#[tokio::test]
async fn entries_written_by_the_store_verify() {
    for db in databases().await {
        write_sealed(&db.store, 7).await;
        let report = db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify");
        assert_eq!((report.checked, report.head_seq, report.pending), (7, 7, 0), "{}", db.name);
        assert_eq!(report.problem, None, "{}", db.name);
        let again = db
            .store
            .verify_audit_chain(AUDIT_PLATFORM_CHAIN, Some((3, &head_hash_at(&db.store, 3).await)))
            .await
            .expect("verify");
        assert_eq!(again.problem, None, "{}: an anchor still held", db.name);
    }
}

async fn head_hash_at(store: &Store, seq: i64) -> String {
    sqlx::query("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(seq)
        .fetch_one(store.pool())
        .await
        .expect("entry")
        .try_get("hash")
        .expect("hash")
}

#[tokio::test]
async fn an_edited_entry_is_named_and_undoing_the_edit_restores_the_chain() {
    for db in databases().await {
        write_sealed(&db.store, 6).await;
        exec(&db.store, "UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3").await;
        assert_eq!(problem(&db).await, Some(AuditProblem::Altered { seq: 3 }), "{}", db.name);
        exec(&db.store, "UPDATE audit_log SET detail = '' WHERE seq = 3").await;
        assert_eq!(problem(&db).await, None, "{}", db.name);
        exec(&db.store, "UPDATE audit_log SET at = at + 1 WHERE seq = 5").await;
        assert_eq!(problem(&db).await, Some(AuditProblem::Altered { seq: 5 }), "{}: the time counts", db.name);
    }
}

#[tokio::test]
async fn a_deleted_entry_is_named() {
    for db in databases().await {
        write_sealed(&db.store, 6).await;
        exec(&db.store, "DELETE FROM audit_log WHERE seq = 4").await;
        assert_eq!(problem(&db).await, Some(AuditProblem::Missing { seq: 4, next: 5 }), "{}", db.name);
    }
    for db in databases().await {
        write_sealed(&db.store, 6).await;
        exec(&db.store, "DELETE FROM audit_log WHERE seq >= 5").await;
        assert_eq!(problem(&db).await, Some(AuditProblem::Truncated { from: 5, to: 6 }), "{}: the tail", db.name);
    }
}

#[tokio::test]
async fn reordered_entries_are_found() {
    for db in databases().await {
        write_sealed(&db.store, 6).await;
        exec(&db.store, "UPDATE audit_log SET seq = -2 WHERE seq = 2").await;
        exec(&db.store, "UPDATE audit_log SET seq = 2 WHERE seq = 5").await;
        exec(&db.store, "UPDATE audit_log SET seq = 5 WHERE seq = -2").await;
        assert_eq!(problem(&db).await, Some(AuditProblem::Altered { seq: 2 }), "{}", db.name);
    }
}

#[tokio::test]
async fn a_chain_recomputed_after_an_edit_fails_against_a_head_recorded_earlier() {
    for db in databases().await {
        write_sealed(&db.store, 5).await;
        let recorded = db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify");
        write_sealed(&db.store, 2).await;

        // Someone with write access edits entry 2 and seals the chain again
        // from there, head included.
        exec(&db.store, "UPDATE audit_log SET actor = 'user:2' WHERE seq = 2").await;
        let rows = sqlx::query("SELECT seq, at, actor, action, subject, detail, origin FROM audit_log ORDER BY seq")
            .fetch_all(db.store.pool())
            .await
            .expect("rows");
        let mut hash = panel::store::AUDIT_GENESIS.to_owned();
        for row in &rows {
            let seq: i64 = row.get("seq");
            let entry = AuditEntry {
                at: row.get("at"),
                actor: row.get("actor"),
                action: row.get("action"),
                subject: row.get("subject"),
                detail: row.get("detail"),
                origin: row.get("origin"),
            };
            hash = audit_entry_hash(AUDIT_PLATFORM_CHAIN, &hash, seq, &entry);
            sqlx::query("UPDATE audit_log SET hash = $1 WHERE seq = $2")
                .bind(&hash)
                .bind(seq)
                .execute(db.store.pool())
                .await
                .expect("rewrite");
        }
        sqlx::query("UPDATE audit_heads SET hash = $1 WHERE chain_id = 0")
            .bind(&hash)
            .execute(db.store.pool())
            .await
            .expect("head");

        assert_eq!(problem(&db).await, None, "{}: the rewrite is self-consistent", db.name);
        let anchored = db
            .store
            .verify_audit_chain(AUDIT_PLATFORM_CHAIN, Some((recorded.head_seq, &recorded.head_hash)))
            .await
            .expect("verify");
        assert_eq!(anchored.problem, Some(AuditProblem::NotAsRecorded { seq: 5 }), "{}", db.name);
        let beyond =
            db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, Some((99, &recorded.head_hash))).await.expect("verify");
        assert_eq!(beyond.problem, Some(AuditProblem::RecordedMissing { seq: 99 }), "{}", db.name);
    }
}

#[tokio::test]
async fn entries_from_before_the_chain_are_sealed_when_the_store_opens() {
    for db in databases().await {
        write_sealed(&db.store, 2).await;
        // PostgreSQL's sealer would seal the rows below at once: it waits
        // for the head while the test looks at them unsealed.
        let mut hold = None;
        if db.name == "postgres" {
            let mut tx = db.store.pool().begin().await.expect("begin");
            sqlx::query("SELECT seq FROM audit_heads WHERE chain_id = 0 FOR UPDATE")
                .execute(&mut *tx)
                .await
                .expect("lock");
            hold = Some(tx);
        }
        // As the audit log was before the chain: rows with no place in it.
        for i in 0..3 {
            exec(
                &db.store,
                &format!(
                    "INSERT INTO audit_log (at, actor, action, subject, detail, origin) \
                     VALUES ({i}, 'system', 'session.score', 'session:{i}', '', '')"
                ),
            )
            .await;
        }
        let before = db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify");
        assert_eq!((before.checked, before.pending, before.problem), (2, 3, None), "{}", db.name);
        assert_eq!(before.oldest_pending_at, Some(0), "{}: the oldest unsealed entry's time", db.name);
        match hold {
            // Released, the head goes to the sealer or to this seal, whichever asked first.
            Some(tx) => {
                tx.rollback().await.expect("release");
                assert!(db.store.seal_audit().await.expect("seal") <= 3, "{}", db.name);
            }
            None => assert_eq!(db.store.seal_audit().await.expect("seal"), 3, "{}", db.name),
        }
        let after = db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify");
        assert_eq!((after.checked, after.pending, after.problem), (5, 0, None), "{}", db.name);
        assert_eq!(after.oldest_pending_at, None, "{}", db.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writers_at_once_never_fork_the_chain() {
    for db in databases().await {
        let writers: Vec<_> = (0..8)
            .map(|_| {
                let store = db.store.clone();
                tokio::spawn(async move { write_entries(&store, 10).await })
            })
            .collect();
        for writer in writers {
            writer.await.expect("writer");
        }
        db.store.seal_audit().await.expect("seal");
        let report = db.store.verify_audit_chain(AUDIT_PLATFORM_CHAIN, None).await.expect("verify");
        assert_eq!((report.checked, report.head_seq, report.problem), (80, 80, None), "{}", db.name);
    }
}

/// PostgreSQL only: there audited writes leave their entries to the store's
/// background sealer, which must seal them all, in few transactions, with
/// no call from anyone.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_postgres_the_background_sealer_seals_every_write_in_few_rounds() {
    let Some(url) = postgres_url() else { return };
    let db = postgres(&url).await;
    const WRITES: usize = 200;
    const TASKS: usize = 16;
    let writers: Vec<_> = (0..TASKS)
        .map(|t| {
            let store = db.store.clone();
            tokio::spawn(async move {
                for i in (t..WRITES).step_by(TASKS) {
                    store
                        .audit("user:1", "report.read", &format!("session:{i}"), "", "127.0.0.1")
                        .await
                        .expect("write");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer");
    }
    let report = verified_once_sealed(&db.store, Duration::from_secs(30)).await;
    assert_eq!(report.problem, None, "{report:?}");
    assert_eq!((report.checked, report.head_seq), (WRITES as i64, WRITES as i64), "{report:?}");
    let rounds = db.store.audit_seal_rounds();
    // Wake-ups coalesce: a round seals whatever committed since the last.
    assert!((1..=(WRITES as u64) / 2).contains(&rounds), "{rounds} sealing rounds for {WRITES} writes");
    // Idle, the sealer takes no lock and seals nothing.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(db.store.audit_seal_rounds(), rounds);
}

/// PostgreSQL only: an entry whose transaction commits after later entries
/// were sealed joins the chain after them, and the chain still holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_an_entry_committed_late_is_sealed_after_the_ones_before_it() {
    let Some(url) = postgres_url() else { return };
    let db = postgres(&url).await;
    let mut late = db.store.pool().begin().await.expect("begin");
    let id: i64 = sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail, origin) \
         VALUES (1, 'system', 'session.score', 'session:late', '', '') RETURNING id",
    )
    .fetch_one(&mut *late)
    .await
    .expect("insert")
    .get("id");
    write_entries(&db.store, 3).await;
    let early = verified_once_sealed(&db.store, Duration::from_secs(30)).await;
    assert_eq!((early.checked, &early.problem), (3, &None), "the late entry is not visible yet: {early:?}");
    late.commit().await.expect("commit");
    // Nothing wakes the sealer for this one: its round every second finds it.
    let report = verified_once_sealed(&db.store, Duration::from_secs(30)).await;
    assert_eq!((report.checked, &report.problem), (4, &None), "{report:?}");
    let seq: i64 = sqlx::query("SELECT seq FROM audit_log WHERE id = $1")
        .bind(id)
        .fetch_one(db.store.pool())
        .await
        .expect("late entry")
        .get("seq");
    assert_eq!(seq, 4, "the lowest id, sealed last");
}

/// Each organisation's entries form a chain of their own, numbered from 1:
/// one organisation's trail verifies (and breaks) apart from the others',
/// entries about no organisation go to the platform's chain, and an entry
/// moved from one organisation's chain to another's breaks both.
#[tokio::test]
async fn every_organisation_has_a_chain_of_its_own() {
    for db in databases().await {
        let store = &db.store;
        let acme = store.create_organisation("Acme").await.expect("organisation");
        let globex = store.create_organisation("Globex").await.expect("organisation");
        for i in 0..5 {
            for organisation in [acme, globex] {
                let subject = format!("organisation:{organisation}");
                store.audit("system", "org.read", &subject, &i.to_string(), "").await.expect("audit");
            }
        }
        store.audit("system", "plugin.install", "plugin:rubric-star", "", "").await.expect("audit");
        store.seal_audit().await.expect("seal");

        let reports = store.verify_audit_all().await.expect("verify");
        let summary: Vec<(i64, i64, i64)> = reports.iter().map(|r| (r.chain, r.checked, r.head_seq)).collect();
        assert_eq!(summary, [(AUDIT_PLATFORM_CHAIN, 1, 1), (acme, 5, 5), (globex, 5, 5)], "{}", db.name);
        assert!(reports.iter().all(|r| r.problem.is_none()), "{}: {reports:?}", db.name);

        // An edit in Acme's chain is found there, and only there.
        let edit = format!("UPDATE audit_log SET detail = 'x' WHERE chain_id = {acme} AND seq = 3");
        exec(store, &edit).await;
        let reports = store.verify_audit_all().await.expect("verify");
        let problems: Vec<_> = reports.iter().map(|r| (r.chain, r.problem.clone())).collect();
        assert_eq!(
            problems,
            [(AUDIT_PLATFORM_CHAIN, None), (acme, Some(AuditProblem::Altered { seq: 3 })), (globex, None)],
            "{}",
            db.name
        );
        exec(store, &format!("UPDATE audit_log SET detail = '2' WHERE chain_id = {acme} AND seq = 3")).await;
        assert_eq!(store.verify_audit_chain(acme, None).await.expect("verify").problem, None, "{}", db.name);

        // Acme's last entry moved to the end of Globex's chain, hash and all:
        // Acme's chain is cut short, and it does not verify as Globex's.
        let moved = format!("UPDATE audit_log SET chain_id = {globex}, seq = 6 WHERE chain_id = {acme} AND seq = 5");
        exec(store, &moved).await;
        exec(store, &format!("UPDATE audit_heads SET seq = 6, hash = (SELECT hash FROM audit_log WHERE chain_id = {globex} AND seq = 6) WHERE chain_id = {globex}")).await;
        let acme_report = store.verify_audit_chain(acme, None).await.expect("verify");
        assert_eq!(acme_report.problem, Some(AuditProblem::Truncated { from: 5, to: 5 }), "{}", db.name);
        let globex_report = store.verify_audit_chain(globex, None).await.expect("verify");
        assert_eq!(globex_report.problem, Some(AuditProblem::Altered { seq: 6 }), "{}", db.name);
    }
}
