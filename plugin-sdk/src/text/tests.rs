//! Tests of the text module as a rubric uses it: typical interview answers in
//! Chinese and English.

use super::*;

const STORY_ZH: &str = "当时我们产线每天都完不成产量目标，我负责在一周内找到瓶颈。我先统计了每个工位的节拍，\
    然后重新安排了班次，并在焊接前增加了缓冲区。最终产量在一个月内提升了18%。";
const STORY_EN: &str = "At the time our line was missing its daily target. My task was to find the bottleneck \
    within a week. I analyzed the cycle times of every station, then I reorganized the shifts and I didn't \
    stop there: I introduced a buffer before welding. As a result output increased by 18.5% in a month.";

fn words<'a>(document: &'a Document) -> Vec<&'a str> {
    (0..document.tokens().len()).filter(|&i| document.tokens()[i].is_word()).map(|i| document.word(i)).collect()
}

#[test]
fn chinese_is_segmented_into_words_not_characters_or_whitespace() {
    let document = Document::new("我先统计了每个工位的节拍，然后重新安排了班次。");
    assert_eq!(
        words(&document),
        ["我", "先", "统计", "了", "每个", "工位", "的", "节拍", "然后", "重新", "安排", "了", "班次"]
    );
}

#[test]
fn latin_words_are_lower_cased_and_split_at_apostrophes() {
    let document = Document::new("I'm sure we DIDN'T miss the team's 1,000-unit target: 18.5% up!");
    assert_eq!(
        words(&document),
        ["i", "'m", "sure", "we", "did", "n't", "miss", "the", "team", "'s", "1,000", "unit", "target", "18.5%", "up"]
    );
    let number = document.tokens().iter().find(|t| t.kind == TokenKind::Number).expect("a number");
    assert_eq!(&document.text()[number.start..number.end], "1,000");
}

#[test]
fn every_span_falls_on_character_boundaries_and_covers_the_text() {
    for text in [STORY_ZH, STORY_EN, "混合 text：KPI提升了３０％，OK？\n第二行…end"] {
        let document = Document::new(text);
        let mut previous_end = 0;
        for token in document.tokens() {
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            assert!(token.start >= previous_end && token.end > token.start);
            assert!(text[previous_end..token.start].trim().is_empty(), "only whitespace between tokens");
            previous_end = token.end;
        }
        assert!(text[previous_end..].trim().is_empty());
    }
}

#[test]
fn sentences_and_clauses_split_on_chinese_and_english_punctuation() {
    let document = Document::new(STORY_ZH);
    let sentences: Vec<&str> = document.sentences().iter().map(|s| &STORY_ZH[s.start..s.end]).collect();
    assert_eq!(sentences.len(), 3);
    assert_eq!(sentences[2], "最终产量在一个月内提升了18%");
    assert_eq!(document.clauses().len(), 6);
    let english = Document::new("We met at 9.30 a.m. on Monday. It worked!\nDone");
    let sentences: Vec<&str> = english.sentences().iter().map(|s| &english.text()[s.start..s.end]).collect();
    assert_eq!(sentences, ["We met at 9.30 a.m", "on Monday", "It worked", "Done"]);
}

#[test]
fn chinese_phrases_match_whole_words_only() {
    let cues = PatternSet::new(["负责"]).expect("patterns");
    assert_eq!(cues.find(&Document::new("我负责排班")).len(), 1);
    // 负责人 is one word: "the person in charge", not "was responsible".
    assert!(cues.find(&Document::new("他是负责人")).is_empty());
}

#[test]
fn english_phrases_match_on_word_boundaries_whatever_the_spacing() {
    let cues = PatternSet::new(["lead", "took ownership", "Team"]).expect("patterns");
    assert!(cues.find(&Document::new("the team leader")).iter().all(|m| cues.patterns()[m.pattern].source() == "Team"));
    let text = "I took  ownership of the team's rota";
    let found = cues.find(&Document::new(text));
    let quoted: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(quoted, ["took  ownership", "team"]);
}

#[test]
fn wildcards_span_a_few_tokens_within_a_sentence() {
    let cues = PatternSet::new(["我*推动", "led * team"]).expect("patterns");
    let text = "我主动推动了改版。我们后来。推动";
    let found = cues.find(&Document::new(text));
    assert_eq!(found.iter().map(|m| &text[m.start..m.end]).collect::<Vec<_>>(), ["我主动推动"]);
    let text = "I led the night shift team. I led. The team";
    let found = cues.find(&Document::new(text));
    assert_eq!(found.iter().map(|m| &text[m.start..m.end]).collect::<Vec<_>>(), ["led the night shift team"]);
    assert!(Pattern::parse("*推动").is_err());
    assert!(Pattern::parse("我**推动").is_err());
    assert!(Pattern::parse("  ").is_err());
    assert!(Pattern::parse(&"word ".repeat(13)).is_err(), "more than 12 words");
    assert!(Pattern::parse(&"word ".repeat(12)).is_ok());
}

#[test]
fn negated_phrases_are_recognised() {
    let cues = PatternSet::new(["负责", "主动帮助", "took ownership", "lead", "我*推动"]).expect("patterns");
    let negated = |text: &str| {
        let document = Document::new(text);
        let found = cues.find(&document);
        assert_eq!(found.len(), 1, "{text}");
        document.is_negated(&found[0])
    };
    assert!(negated("我没有负责这个项目"));
    assert!(negated("我从来没有真正负责过"));
    assert!(negated("我并没有主动帮助同事"));
    assert!(negated("I never took ownership of it"));
    assert!(negated("I didn't really lead it"));
    assert!(negated("我没有推动"));
    assert!(!negated("没有人愿意做，我负责把它做完"), "a negation in another clause does not count");
    assert!(!negated("我不仅负责排班"), "不仅 is not a negation");
    assert!(!negated("Not only did I lead it"));
    assert!(!negated("我主动帮助同事"));
}

#[test]
fn narration_tells_own_past_actions_from_claims_and_plans() {
    let behaviour = |text: &str| {
        let document = Document::new(text);
        document.narration().iter().map(|n| (n.actor, n.is_behaviour())).collect::<Vec<_>>()
    };
    assert_eq!(behaviour("我先统计了每个工位的节拍，然后重新安排了班次"), [(Actor::Me, true), (Actor::Me, true)]);
    assert_eq!(behaviour("我们一起梳理了交接清单"), [(Actor::We, true)]);
    assert_eq!(behaviour("我是一个很有团队精神的人"), [(Actor::Me, false)]);
    assert_eq!(behaviour("如果遇到问题，我会先沟通"), [(Actor::Unstated, false), (Actor::Me, false)]);
    // 会 before a verb is "will"; ending a clause it is a meeting.
    assert_eq!(behaviour("我会组织大家复盘"), [(Actor::Me, false)]);
    assert_eq!(behaviour("我组织双方梳理了清单，并且每周主持一次复盘会"), [(Actor::Me, true), (Actor::Me, true)]);
    assert_eq!(behaviour("I analyzed the logs, then reorganized the shifts"), [(Actor::Me, true), (Actor::Me, true)]);
    assert_eq!(behaviour("I am highly motivated"), [(Actor::Me, false)]);
    assert_eq!(behaviour("I was responsible for it"), [(Actor::Me, false)]);
    assert_eq!(behaviour("I would talk to them"), [(Actor::Me, false)]);
    assert_eq!(behaviour("They fixed it"), [(Actor::Others, false)]);
    let possessive = Document::new("我的任务是找到瓶颈");
    assert_eq!(possessive.narration()[0].actor, Actor::Unstated);
}

#[test]
fn quantities_in_digits_chinese_numerals_and_english_words() {
    let quantities = |text: &str| {
        let document = Document::new(text);
        (0..document.tokens().len())
            .filter(|&i| document.is_quantity(i))
            .map(|i| document.word(i).to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(quantities("产量提升了18%，投诉减少了一半"), ["18%", "一半"]);
    assert_eq!(quantities("从十五分钟降到了五分钟"), ["十五", "五分钟"]);
    assert!(quantities("万一出了问题，我们一个一个查").is_empty());
    assert_eq!(quantities("complaints fell by half in three months, one by one"), ["half", "three"]);
}

#[test]
fn tells_chinese_text_from_english() {
    assert!(Document::new(STORY_ZH).is_chinese());
    assert!(!Document::new(STORY_EN).is_chinese());
    assert!(!Document::new("").is_chinese());
    assert_eq!(Document::new("我们提升了KPI").han_chars(), 5);
    assert_eq!(Document::new("I didn't stop, we're 2").latin_words(), 5);
}

#[test]
fn counts_without_analysis_are_the_documents() {
    let texts = [
        STORY_ZH,
        STORY_EN,
        "",
        "   \n",
        "我们提升了KPI",
        "I didn't stop, we're 2",
        "I DIDN'T stop; WE’RE done, she’s n't o'clock ’tis",
        "当时 任务 我负责 我主动 协调 沟通 团队 合作 结果 提升了30%",
        "产量提升了１８％，成本降到1,000.5元；v1.2 e.g. ABC公司的OKR",
        "㐀㐁 mixed 中文 and English, 3 个 people — “quoted” (brackets) 、顿号",
    ];
    for text in texts {
        let document = Document::new(text);
        let counts = Counts::of(text);
        assert_eq!((counts.han_chars, counts.latin_words), (document.han_chars(), document.latin_words()), "{text}");
        assert_eq!(counts.is_chinese(), document.is_chinese(), "{text}");
    }
}

#[test]
fn excerpts_are_cut_on_characters() {
    let document = Document::new(STORY_ZH);
    assert_eq!(document.excerpt(0, STORY_ZH.len(), 4), "当时我们…");
    assert_eq!(document.excerpt(0, 6, 4), "当时");
}

#[test]
fn the_dictionary_holds_the_rubrics_vocabulary() {
    for word in ["负责", "复盘", "瓶颈", "协调", "沟通", "推诿", "同理心", "抗压"] {
        assert!(is_dictionary_word(word), "{word}");
    }
}

#[test]
fn a_list_of_keywords_is_told_from_a_narrative() {
    assert!(
        Document::new("当时 情况 任务 我负责 我主动 协调 沟通 团队 合作 结果 提升了30%").short_clause_share() > 0.7
    );
    assert!(
        Document::new("Situation, task: I led, I coordinated, teamwork, ownership, increased 30%.")
            .short_clause_share()
            > 0.7
    );
    assert!(Document::new(STORY_ZH).short_clause_share() < 0.3);
    assert!(Document::new(STORY_EN).short_clause_share() < 0.3);
    assert_eq!(Document::new("Short answer.").short_clause_share(), 0.0);
}
