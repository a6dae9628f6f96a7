//! Tracing: every plugin call has a span naming the plugin, its version, the
//! function and the duration. Tracing caches per-callsite interest
//! process-wide, so the test rebuilds that cache once its thread-local
//! subscriber is in place.

use std::io::Write;
use std::sync::{Arc, Mutex};

use panel::kinds::Rubric;
use panel::runtime::Grants;
use panel_e2e::{STRONG_EN, answer, behavioural_question, load, runtime, supervisor_job};

/// Collects formatted tracing output for one test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("capture lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_call_has_a_span_naming_plugin_version_function_and_duration() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests of this binary may have run the same callsites first, with
    // no subscriber interested, and tracing caches that per callsite
    // process-wide: ask every callsite again now that this one listens.
    tracing::callsite::rebuild_interest_cache();

    let runtime = runtime();
    let star = load(&runtime, "rubric-star", Grants::none()).rubric("{}").expect("a rubric");
    star.score(&supervisor_job(), &behavioural_question("en"), &answer("en", STRONG_EN)).await.expect("score");

    let log = String::from_utf8(captured.0.lock().expect("capture lock").clone()).expect("utf-8 log");
    let close = log.lines().find(|l| l.contains("plugin.call") && l.contains("close")).unwrap_or_else(|| {
        panic!("no closed plugin.call span in:\n{log}");
    });
    for field in ["plugin=rubric-star@0.1.0", "kind=rubric", "function=\"score\"", "outcome=\"ok\"", "duration_us="] {
        assert!(close.contains(field), "{field} missing from {close}");
    }
    // Candidate answers are personal data: the span carries none of the text.
    assert!(!log.contains("bottleneck"), "answer text leaked into logs:\n{log}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_plugins_log_lines_cannot_forge_lines_or_drive_a_terminal() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let runtime = runtime();
    let hostile =
        load(&runtime, "hostile-rubric", Grants::none()).rubric(r#"{"attack":"forged-log"}"#).expect("rubric");
    hostile.score(&supervisor_job(), &behavioural_question("en"), &answer("en", "x")).await.expect("score");

    let log = String::from_utf8(captured.0.lock().expect("capture lock").clone()).expect("utf-8 log");
    let line = log.lines().find(|l| l.contains("administrator password changed")).unwrap_or_else(|| {
        panic!("the plugin's line is missing from:\n{log}");
    });
    assert!(line.contains("panel::plugin") && line.contains("hostile-rubric@0.1.0"), "one line, named: {line}");
    assert!(line.contains("ok\\n2026-01-01T00:00:00Z ERROR") && line.contains("\\u{1b}[2J"), "escaped: {line}");
    assert!(!log.contains('\x1b'), "no escape sequence reaches the log");
    assert!(!log.lines().any(|l| l.starts_with("2026-01-01T00:00:00Z ERROR")), "no forged line:\n{log}");
}
