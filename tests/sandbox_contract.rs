//! What a plugin hands back is held to the contract: one score per
//! dimension, bounded text (error messages, explanations, evidence) with
//! control characters escaped, follow-up ids only the host makes, and a
//! failure that says what the plugin did (exited, broke a host call's rules)
//! rather than that it "could not be started".

use std::sync::Arc;

use panel::kinds::{Connector, QuestionBank, Rubric};
use panel::runtime::{Failure, Grants, LoadedPlugin, PluginError, PluginRuntime};
use panel_e2e::{answer, behavioural_question, load, supervisor_job, test_config};

struct Plugins {
    rubric: Arc<LoadedPlugin>,
    bank: Arc<LoadedPlugin>,
    connector: Arc<LoadedPlugin>,
}

fn plugins() -> &'static Plugins {
    static PLUGINS: std::sync::OnceLock<Plugins> = std::sync::OnceLock::new();
    PLUGINS.get_or_init(|| {
        let runtime = PluginRuntime::new(test_config()).expect("runtime");
        Plugins {
            rubric: load(&runtime, "hostile-rubric", Grants::none()),
            bank: load(&runtime, "hostile-bank", Grants::none()),
            connector: load(&runtime, "hostile-connector", Grants::none()),
        }
    })
}

async fn attack(config: &str) -> PluginError {
    let rubric = plugins().rubric.rubric(config).expect("a rubric");
    let error = rubric
        .score(&supervisor_job(), &behavioural_question("en"), &answer("en", "an answer"))
        .await
        .expect_err("the attack must not succeed");
    assert!(error.to_string().contains("hostile-rubric@0.1.0"), "names the plugin: {error}");
    error
}

fn invalid_output(error: &PluginError) -> &str {
    match &error.failure {
        Failure::InvalidOutput { reason } => reason,
        other => panic!("expected InvalidOutput, got {other:?}"),
    }
}

#[tokio::test]
async fn scoring_one_dimension_many_times_is_a_contract_violation() {
    let error = attack(r#"{"attack":"stuff-dimension"}"#).await;
    assert!(invalid_output(&error).contains("scored `problem-solving` more than once"), "{error}");
    assert!(error.is_fault());
}

#[tokio::test]
async fn a_huge_error_message_is_a_fault_and_never_travels_on_whole() {
    let error = attack(r#"{"attack":"huge-error","bytes":8388608}"#).await;
    let reason = invalid_output(&error);
    assert!(reason.contains("over the limit of 4096 bytes"), "{reason}");
    assert!(error.is_fault(), "it counts towards the breaker");
    assert!(error.to_string().len() < 500, "bounded: {} bytes", error.to_string().len());
}

#[tokio::test]
async fn control_characters_in_an_error_cannot_forge_log_lines_or_drive_a_terminal() {
    let error = attack(r#"{"attack":"forged-log-error"}"#).await;
    let text = error.to_string();
    assert!(!text.chars().any(char::is_control), "{text:?}");
    assert!(text.contains("failed\\n2026-01-01T00:00:00Z ERROR") && text.contains("\\u{1b}[2J"), "{text}");
}

#[tokio::test]
async fn explanations_and_evidence_are_bounded() {
    let error = attack(r#"{"attack":"long-explanation","bytes":100000}"#).await;
    assert!(invalid_output(&error).contains("an explanation is 100000 bytes long"), "{error}");
    let error = attack(r#"{"attack":"evidence-flood"}"#).await;
    assert!(
        invalid_output(&error).contains("gave 5000 evidence items for `problem-solving`, over the limit of 32"),
        "{error}"
    );
}

#[tokio::test]
async fn a_plugin_that_exits_is_reported_as_exiting() {
    let error = attack(r#"{"attack":"exit"}"#).await;
    // WASI passes on only whether the exit was a success: status 3 is 1.
    assert_eq!(error.failure, Failure::Exited { code: 1 });
    assert!(error.to_string().contains("exited with status 1 instead of returning a result"), "{error}");
    assert!(error.is_fault());
}

#[tokio::test]
async fn breaking_a_host_calls_rules_is_reported_as_such() {
    let connector = plugins().connector.connector(r#"{"attack":"over-send"}"#).expect("a connector");
    let event = panel::domain::LifecycleEvent {
        id: "evt-1".into(),
        kind: "candidate.hired".into(),
        candidate_id: "1".into(),
        job_id: "1".into(),
        stage: "onboarding".into(),
        occurred_at: "2026-11-22T10:00:00Z".into(),
        payload: "{}".into(),
    };
    let error = connector.handle(&event).await.expect_err("a megabyte in one blocking write");
    match &error.failure {
        Failure::HostCall { reason } => assert!(reason.contains("4096"), "{reason}"),
        other => panic!("expected HostCall, got {other:?}"),
    }
    let text = error.to_string();
    assert!(text.contains("hostile-connector@0.1.0") && text.contains("broke the rules of a host call"), "{text}");
    assert!(!text.contains("could not be started"), "{text}");
}

#[tokio::test]
async fn a_bank_may_not_plan_a_question_with_a_follow_up_id() {
    let bank = plugins().bank.question_bank(r#"{"attack":"follow-up-id"}"#).expect("a bank");
    let request =
        panel::domain::PlanRequest { locale: "en".into(), sections: Vec::new(), seed: 1, exclude: Vec::new() };
    let error = bank.plan(&supervisor_job(), &request).await.expect_err("`b1~follow-up` is the host's id");
    assert!(invalid_output(&error).contains("`b1~follow-up`"), "{error}");
    assert!(error.to_string().contains("hostile-bank@0.1.0"), "{error}");
    // Without the attack the same bank plans.
    let bank = plugins().bank.question_bank("{}").expect("a bank");
    assert_eq!(bank.plan(&supervisor_job(), &request).await.expect("a plan").len(), 7);
}
