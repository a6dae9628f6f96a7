//! Plugins built for each API version the host runs: a 0.1.0 plugin built
//! without the SDK against the frozen WIT loads and runs unchanged beside
//! the first-party plugins, which target 0.2.0.

use panel::domain::AnswerGuide;
use panel::kinds::Rubric;
use panel::runtime::Grants;
use panel_e2e::{STRONG_EN, answer, behavioural_question, load, runtime, supervisor_job};
use semver::Version;

#[tokio::test]
async fn a_plugin_built_for_0_1_0_loads_and_scores_through_the_0_1_0_bindings() {
    let runtime = runtime();
    let legacy = load(&runtime, "legacy-api", Grants::none());
    assert_eq!(*legacy.api_version(), Version::new(0, 1, 0));
    let star = load(&runtime, "rubric-star", Grants::none());
    assert_eq!(*star.api_version(), Version::new(0, 2, 0), "first-party plugins target 0.2.0");

    // A question with a guide: the 0.1.0 rubric cannot be shown it, and
    // everything else must reach it intact.
    let mut question = behavioural_question("en");
    question.dimensions.push("teamwork".into());
    question.guide = Some(AnswerGuide {
        looks_for: vec!["a problem that came back, and how its cause was found".into()],
        off_topic: vec!["a personal fitness goal".into()],
    });
    let rubric = legacy.rubric(r#"{"label":"from-config"}"#).expect("a rubric");
    let scores = rubric.score(&supervisor_job(), &question, &answer("en", STRONG_EN)).await.expect("scores");
    assert_eq!(scores.len(), 2, "one score per dimension asked: {scores:?}");
    for (score, dimension) in scores.iter().zip(["problem-solving", "teamwork"]) {
        assert_eq!(score.dimension, dimension);
        assert_eq!(score.score, 7.0);
        assert_eq!(
            score.explanation,
            format!(
                "question problem-root-cause with 2 dimension(s); answer of {} bytes; label from-config",
                STRONG_EN.len()
            )
        );
    }
    let info = rubric.describe().await.expect("describe");
    assert_eq!(info.name, "Legacy 0.1.0 rubric");

    // The same question through a 0.2.0 rubric in the same runtime.
    let scored =
        star.rubric("{}").expect("a rubric").score(&supervisor_job(), &question, &answer("en", STRONG_EN)).await;
    assert!(scored.expect("rubric-star scores").iter().any(|s| s.dimension == "problem-solving"));
}
