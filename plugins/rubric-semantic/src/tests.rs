use panel_plugin_sdk::{Answer, Question, QuestionKind};

use super::*;

fn question(dimensions: &[&str]) -> Question {
    Question::new("q", QuestionKind::Behavioural, "en", "Describe a customer complaint you handled.", dimensions, 180)
}

fn answer(text: &str) -> Answer {
    Answer {
        question_id: "q".into(),
        text: text.into(),
        transcribed: false,
        locale: "en".into(),
        think_time_ms: 10_000,
        duration_ms: 60_000,
    }
}

#[test]
fn every_anchor_group_is_embedded_in_the_answer_language() {
    let anchors = Anchors::built_in();
    let texts = Texts::new(anchors, &Config::default(), &question(&["customer-focus"]), &answer("x"), Language::En);
    assert_eq!(texts.all[0], "x");
    assert!(texts.all.iter().skip(2).all(|t| !t.chars().any(panel_plugin_sdk::text::is_han)), "English anchors only");
    let zh = Texts::new(anchors, &Config::default(), &question(&["customer-focus"]), &answer("我"), Language::Zh);
    assert!(zh.all.iter().skip(2).all(|t| t.chars().any(panel_plugin_sdk::text::is_han)), "Chinese anchors only");
    assert!(texts.all.len() <= 2 * judge::BATCH);
}

#[test]
fn without_embeddings_relevance_is_not_judged_and_carries_no_weight() {
    let scores =
        SemanticRubric::score_with(&Config::default(), &question(&["customer-focus"]), &answer("A story."), &|_| {
            Err(EmbedError::NotAvailable("no model here".into()))
        })
        .expect("scores");
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].dimension, RELEVANCE);
    assert_eq!(scores[0].confidence, 0.0);
    assert!(scores[0].explanation.contains("Relevance not judged: no model here"), "{}", scores[0].explanation);
}

#[test]
fn an_answer_closer_to_a_contrast_story_is_off_topic_and_says_what_it_tells_of() {
    // Vectors made by hand: the answer is the first contrast anchor.
    let anchors = Anchors::built_in();
    let texts = Texts::new(anchors, &Config::default(), &question(&["customer-focus"]), &answer("x"), Language::En);
    let n = texts.all.len();
    let unit = |i: usize| {
        let mut v = vec![0.0f32; n];
        v[i] = 1.0;
        v
    };
    let contrast_start = texts.all.iter().position(|t| t == anchors.contrast_text(0, Language::En)).expect("contrast");
    let mut vectors: Vec<Vec<f32>> = (0..n).map(unit).collect();
    vectors[0] = unit(contrast_start);
    let judged = judge::judge(&texts, &vectors, Language::En);
    assert_eq!(judged.score, 0.0, "{judged:?}");
    assert_eq!(judged.closest_contrast, Some(Closest::Contrast(0)));
    let score = explain(&judged, anchors, &texts, &question(&["customer-focus"]), Language::En);
    assert!(score.explanation.contains("a personal goal outside work"), "{}", score.explanation);
    // And the answer that is the question itself is relevant.
    vectors[0] = unit(1);
    let own_start = 2;
    vectors[0][own_start] = 1.0;
    let norm = 2f32.sqrt();
    vectors[0].iter_mut().for_each(|x| *x /= norm);
    let judged = judge::judge(&texts, &vectors, Language::En);
    assert!(judged.score >= judge::RELEVANT, "{judged:?}");
}

#[test]
fn the_questions_guide_is_judged_against_and_its_off_topic_story_named() {
    let anchors = Anchors::built_in();
    let guided = question(&["customer-focus"]).with_guide(
        &["a customer's complaint and what had gone wrong"],
        &["a disagreement with a colleague over the rota"],
    );
    let texts = Texts::new(anchors, &Config::default(), &guided, &answer("x"), Language::En);
    let looks_for = texts.all.iter().position(|t| t.starts_with("a customer's complaint")).expect("looks-for embedded");
    let off_topic = texts.all.iter().position(|t| t.starts_with("a disagreement")).expect("off-topic embedded");
    let n = texts.all.len();
    let unit = |i: usize| {
        let mut v = vec![0.0f32; n];
        v[i] = 1.0;
        v
    };
    let mut vectors: Vec<Vec<f32>> = (0..n).map(unit).collect();
    // An answer that is the guide's off-topic story: off-topic, in the bank's words.
    vectors[0] = unit(off_topic);
    let judged = judge::judge(&texts, &vectors, Language::En);
    assert_eq!((judged.score, judged.closest_contrast), (0.0, Some(Closest::OffTopic(off_topic))));
    let score = explain(&judged, anchors, &texts, &guided, Language::En);
    assert!(score.explanation.contains("a disagreement with a colleague over the rota"), "{}", score.explanation);
    // An answer that tells what the guide looks for (and the question): relevant.
    vectors[0] = unit(1);
    vectors[0][looks_for] = 1.0;
    vectors[0].iter_mut().for_each(|x| *x /= 2f32.sqrt());
    assert!(judge::judge(&texts, &vectors, Language::En).score >= judge::RELEVANT);
    // A guide in the other language is left out.
    let zh = Texts::new(anchors, &Config::default(), &guided, &answer("我"), Language::Zh);
    assert!(!zh.all.iter().any(|t| t.starts_with("a customer's complaint")));
}

#[test]
fn other_question_kinds_are_not_judged() {
    let mut q = question(&["customer-focus"]);
    q.kind = QuestionKind::SelfIntro;
    let scores =
        SemanticRubric::score_with(&Config::default(), &q, &answer("Hi"), &|_| panic!("not called")).expect("ok");
    assert!(scores.is_empty());
}

#[test]
fn the_compiled_anchors_are_anchors_json() {
    let json: serde_json::Value = serde_json::from_str(include_str!("anchors.json")).expect("valid JSON");
    let anchors = Anchors::built_in();
    let dimensions = json["dimensions"].as_object().expect("dimensions");
    assert_eq!(anchors.dimensions.len(), dimensions.len());
    for (id, d) in dimensions {
        for (language, key) in [(Language::En, "en"), (Language::Zh, "zh")] {
            let expected: Vec<&str> = d[key].as_array().expect("list").iter().filter_map(|v| v.as_str()).collect();
            assert_eq!(anchors.for_dimension(id, language), expected.as_slice(), "{id} {key}");
        }
    }
    let contrast = json["contrast"].as_array().expect("contrast");
    assert_eq!(anchors.contrast.len(), contrast.len());
    for (i, c) in contrast.iter().enumerate() {
        for (language, key) in [(Language::En, "en"), (Language::Zh, "zh")] {
            assert_eq!(Some(anchors.contrast_text(i, language)), c[key].as_str());
            assert_eq!(Some(anchors.contrast_label(i, language)), c["label"][key].as_str());
        }
    }
}
