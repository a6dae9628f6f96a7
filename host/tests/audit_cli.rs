//! `panel audit verify` as an operator runs it, on a data directory's
//! SQLite database: every chain (the platform's and each organisation's)
//! holds, then an edited entry is named with its chain and a failing exit
//! status, and a recorded head must be given as `SEQ:HASH` with its chain.

use std::path::Path;
use std::process::{Command, Output};

use panel::store::Store;

fn verify(data: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panel"))
        .args(["audit", "verify", "--data-dir"])
        .arg(data)
        .args(extra)
        .env_remove("PANEL_DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("panel runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn verify_reports_the_head_then_names_an_edited_entry() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("data");
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    let store = runtime.block_on(async {
        let store = Store::open_data_dir(&data).await.expect("store");
        for subject in ["candidate:1", "session:2", "application:3"] {
            store.audit("user:1", "report.read", subject, "", "127.0.0.1").await.expect("audit");
        }
        let acme = store.create_organisation("Acme").await.expect("organisation");
        store.audit("system", "org.read", &format!("organisation:{acme}"), "", "").await.expect("audit");
        (store, acme)
    });
    let (store, acme) = store;

    let held = verify(&data, &[]);
    let stdout = text(&held.stdout);
    assert!(held.status.success(), "{stdout}{}", text(&held.stderr));
    assert!(stdout.contains("platform chain: 3 audit entries checked; head 3:"), "{stdout}");
    assert!(stdout.contains(&format!("organisation {acme}: 1 audit entries checked; head 1:")), "{stdout}");
    let head = stdout.split("head ").nth(1).and_then(|s| s.split_whitespace().next()).expect("a head").to_owned();
    assert!(verify(&data, &["--organisation", "0", "--expect", &head]).status.success(), "the head just printed holds");
    let unanchored = verify(&data, &["--expect", &head]);
    assert!(!unanchored.status.success(), "an anchor without its chain was taken");
    assert!(text(&unanchored.stderr).contains("--organisation"), "{}", text(&unanchored.stderr));
    let other = verify(&data, &["--organisation", &acme.to_string(), "--expect", &head]);
    assert_eq!(other.status.code(), Some(1), "the platform's head held in Acme's chain");

    runtime.block_on(async {
        sqlx::query("UPDATE audit_log SET action = 'nothing' WHERE chain_id = 0 AND seq = 2")
            .execute(store.pool())
            .await
            .expect("tamper");
    });
    let broken = verify(&data, &[]);
    assert_eq!(broken.status.code(), Some(1));
    let stderr = text(&broken.stderr);
    assert!(stderr.contains("platform chain: audit entry 2 was altered"), "{stderr}");
    assert!(!stderr.contains("candidate:1") && !stderr.contains("127.0.0.1"), "no entry is quoted: {stderr}");

    let json = verify(&data, &["--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(report[0]["chain"], 0, "{report}");
    assert_eq!(report[0]["problem"]["kind"], "altered", "{report}");
    assert_eq!(report[0]["problem"]["seq"], 2, "{report}");
    assert_eq!(report[1]["chain"], acme, "{report}");
    assert_eq!(report[1]["problem"], serde_json::Value::Null, "{report}");

    let bad = verify(&data, &["--expect", "three:abc"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("is not an entry number"), "{}", text(&bad.stderr));
}
