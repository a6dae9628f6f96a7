//! What is this bank's own: its themes, its agreed time limits and its
//! follow-up rules on realistic answers. Everything that holds for any bank on
//! the kit is the SDK's conformance check.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::testing;

use super::*;

#[test]
fn conforms_to_the_bank_kit() {
    testing::conformance::<RetailServiceBank>(&CATALOGUE, include_str!("../plugin.toml"), include_str!("../README.md"));
}

#[test]
fn every_section_has_enough_questions_with_the_agreed_time_limits() {
    let of = |kind| questions::ENTRIES.iter().filter(move |e| e.kind == kind);
    assert_eq!(of(QuestionKind::SelfIntro).count(), 1);
    assert!(of(QuestionKind::Behavioural).count() >= 10);
    assert!(of(QuestionKind::CultureFit).count() >= 2);
    assert!(of(QuestionKind::Open).count() >= 2);
    for e in questions::ENTRIES {
        let allowed = match e.kind {
            QuestionKind::Behavioural => 180..=240,
            QuestionKind::CultureFit => 120..=180,
            _ => 120..=120,
        };
        assert!(allowed.contains(&e.time_limit_secs), "{}: {} s", e.id, e.time_limit_secs);
    }
}

#[test]
fn the_bank_covers_its_own_themes() {
    let info = RetailServiceBank::describe();
    assert_eq!(info.industries, ["retail", "customer-service"]);
    for theme in ["communication", "empathy", "stress-tolerance", "customer-focus", "teamwork", "responsibility"] {
        assert!(info.dimensions.iter().any(|d| d == theme), "{theme} missing from {:?}", info.dimensions);
    }
}

/// The bank's follow-up to `text` answering its question `question_id` in `locale`.
fn follow_up(question_id: &str, text: &str, locale: &str) -> Option<Question> {
    let question = testing::question(&CATALOGUE, question_id, locale);
    testing::follow_up::<RetailServiceBank>(&testing::store_supervisor(), &question, text)
}

fn follow_up_id(question_id: &str, text: &str, locale: &str) -> Option<String> {
    follow_up(question_id, text, locale).map(|q| q.id)
}

#[test]
fn an_answer_blaming_the_customer_is_asked_what_would_be_done_differently() {
    let zh = follow_up(
        "empathy-upset-customer",
        "那个顾客就是无理取闹，商品过了退货期还非要退，我按规定拒绝了，他就投诉我。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "empathy-upset-customer.follow-up-handle-differently");
    assert_eq!(zh.kind, QuestionKind::FollowUp);
    assert!(zh.text.contains("不同的处理方式"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["empathy", "customer-focus"]);

    let en = follow_up(
        "pressure-blamed",
        "Honestly it wasn't my fault, the customer was just being unreasonable about the queue.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "pressure-blamed.follow-up-handle-differently");
    assert!(en.text.contains("differently"), "{}", en.text);

    let reflective = "那位顾客当时确实不讲理，但事后换位思考，他等了四十分钟，换谁都会急。后来我们在高峰时加了一个人专门引导排队，他临走时还跟我说了谢谢。";
    assert_eq!(follow_up_id("empathy-upset-customer", reflective, "zh-CN"), None);
}

#[test]
fn a_complaint_story_without_its_ending_is_asked_how_the_customer_felt() {
    let zh = follow_up(
        "empathy-complaint",
        "有位顾客投诉我们送错了货，我先道歉，然后马上联系仓库重新发货，并且送了一张优惠券。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "empathy-complaint.follow-up-customer-at-the-end");
    assert!(zh.text.contains("顾客的情绪"), "{}", zh.text);

    let en = follow_up(
        "empathy-complaint",
        "A customer was very unhappy that her order arrived broken and she complained loudly at the till. I apologised and arranged a replacement.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "empathy-complaint.follow-up-customer-at-the-end");
    assert!(en.text.contains("feel"), "{}", en.text);
}

#[test]
fn a_complaint_story_without_a_change_afterwards_is_asked_what_was_changed() {
    let zh = follow_up(
        "empathy-complaint",
        "顾客因为等了很久很生气，我请他先坐下，给他倒了杯水，尽快帮他办完，最后他很满意地走了。",
        "zh-CN",
    )
    .expect("a follow-up");
    assert_eq!(zh.id, "empathy-complaint.follow-up-prevent-recurrence");
    assert!(zh.text.contains("再次发生"), "{}", zh.text);
    assert_eq!(zh.dimensions, ["responsibility", "problem-solving"]);

    let en = follow_up(
        "empathy-upset-customer",
        "He was angry about a double charge. I refunded it on the spot and he calmed down and thanked me.",
        "en",
    )
    .expect("a follow-up");
    assert_eq!(en.id, "empathy-upset-customer.follow-up-prevent-recurrence");
}

#[test]
fn a_complete_complaint_story_gets_no_follow_up() {
    let zh = "顾客投诉我们少找了钱，我当场核对监控，确实是收银员算错了，马上道歉并补上，顾客很满意。之后我们规定大额现金必须唱收唱付，再也没出过这种问题。";
    assert_eq!(follow_up_id("resp-cash-stock", zh, "zh-CN"), None);
    let en = "A customer complained that her delivery was two days late. I apologised, tracked it and had it sent by courier; she thanked me in the end. Afterwards we changed the cut-off time so orders after 4 pm are promised a day later.";
    assert_eq!(follow_up_id("empathy-complaint", en, "en"), None);
}

#[test]
fn an_answer_gets_at_most_one_follow_up_and_only_to_a_behavioural_question() {
    // Blaming the customer and leaving out the ending: the blame is asked about.
    let both = "The customer complained about nothing, he was impossible to please.";
    assert_eq!(
        follow_up_id("empathy-complaint", both, "en").as_deref(),
        Some("empathy-complaint.follow-up-handle-differently")
    );
    assert_eq!(follow_up_id("culture-rule-vs-customer", "顾客再生气也要按规定来。", "zh-CN"), None);
    assert_eq!(follow_up_id("open-good-service", "Once I complained and nobody listened.", "en"), None);
}
