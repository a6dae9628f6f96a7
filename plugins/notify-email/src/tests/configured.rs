//! What the configuration changes: the sender, replies, the company's own
//! wording and its mistakes, and the request the gateway receives.

use super::*;

#[test]
fn a_configured_reply_to_is_offered_and_sent() {
    let config = r#"{"reply_to": "hr@acme.example", "sender_name": "Acme 招聘", "interview_minutes": 20}"#;
    let email = request(config, &message("completion", "zh-CN", &[])).expect("request");
    assert!(email.text.contains("如有任何疑问，欢迎发送邮件至 hr@acme.example。"), "{}", email.text);
    assert_eq!(email.reply_to.as_deref(), Some("hr@acme.example"));
    assert_eq!(email.from_name.as_deref(), Some("Acme 招聘"));
    let invitation = request(config, &message("invitation", "en", &[])).expect("request");
    assert!(invitation.text.contains("It takes about 20 minutes"), "{}", invitation.text);
}

#[test]
fn the_companys_wording_wins_per_template_and_language() {
    let config = json!({"templates": {
        "completion": {"zh": {"subject": "【{organisation}】已收到您的面试",
                              "text": "{name}：\n\n您好，{job_title}面试已提交。{reason}\n\n{organisation} HR"}},
        "invitation": {"en": {"text": "Hi {name},\n\nStart here:\n\n{link}\n\nOpen until {closes_at}."}},
        "invitation-extended": {"en": {"subject": "Extended: {job_title} until {closes_at}"}}
    }});
    set_config(&config.to_string());
    let zh = prepare(&message("completion", "zh-CN", &[])).expect("request");
    assert_eq!(zh.subject, "【Acme 制造】已收到您的面试");
    assert_eq!(zh.text, "王磊：\n\n您好，生产主管面试已提交。\n\nAcme 制造 HR\n");
    assert!(zh.html.as_deref().is_some_and(|h| h.contains(">您好，生产主管面试已提交。</p>")));
    let en = prepare(&message("completion", "en", &[])).expect("request");
    assert_eq!(en.subject, "We have received your AI interview for 生产主管", "no English wording: built-in");

    let own_text = prepare(&message("invitation", "en", &[])).expect("request");
    assert_eq!(own_text.subject, "Your invitation to an AI interview for 生产主管 at Acme 制造", "built-in subject");
    assert_eq!(
        own_text.text,
        format!("Hi 王磊,\n\nStart here:\n\n{LINK}\n\nOpen until 3 December 2026, 18:00 (UTC+08:00).\n")
    );
    assert!(
        own_text.html.as_deref().is_some_and(|h| h.contains(">Start the interview</a>")),
        "a lone link is a button"
    );

    let extended = prepare(&message("invitation", "en", &[("extended", "true")])).expect("request");
    assert_eq!(extended.subject, "Extended: 生产主管 until 3 December 2026, 18:00 (UTC+08:00)");
    assert!(extended.text.starts_with("Dear 王磊,\n\nWe have extended the window"), "built-in text: {}", extended.text);
}

#[test]
fn an_unknown_placeholder_is_refused_naming_where_it_is() {
    let config = r#"{"templates": {"reminder": {"zh": {"text": "{name}，请在{deadline}前完成：{link}"}}}}"#;
    let error = request(config, &message("reminder", "zh-CN", &[])).expect_err("unknown placeholder");
    assert_eq!(error.code, "invalid-config");
    assert!(
        error.message.starts_with("templates.reminder.zh.text: unknown placeholder {deadline}"),
        "{}",
        error.message
    );
    assert!(error.message.contains("{closes_at}"), "the known ones are listed: {}", error.message);
    // A variable the host sends is a placeholder like the documented ones.
    let with_deadline = message("reminder", "zh-CN", &[("deadline", "周五")]);
    let email = request(config, &with_deadline).expect("a variable of the message");
    assert_eq!(email.text, format!("王磊，请在周五前完成：{LINK}\n"));

    let subject = r#"{"templates": {"completion": {"en": {"subject": "Thanks {candidate}"}}}}"#;
    let error = request(subject, &message("completion", "en", &[])).expect_err("unknown placeholder");
    assert!(error.message.starts_with("templates.completion.en.subject: unknown placeholder {candidate}"));
}

#[test]
fn a_template_of_the_companys_own_needs_its_wording() {
    let error = request("{}", &message("offer", "zh-CN", &[])).expect_err("no wording");
    assert_eq!(error.code, "unsupported");
    assert!(error.message.contains("templates.offer.zh.subject and templates.offer.zh.text"), "{}", error.message);
    let config =
        r#"{"templates": {"offer": {"en": {"subject": "An offer from {organisation}", "text": "Dear {name}, ..."}}}}"#;
    let email = request(config, &message("offer", "en", &[])).expect("own template");
    assert_eq!((email.subject.as_str(), email.text.as_str()), ("An offer from Acme 制造", "Dear 王磊, ...\n"));
    let half = r#"{"templates": {"offer": {"en": {"subject": "An offer"}}}}"#;
    assert!(request(half, &message("offer", "en", &[])).is_err_and(|e| e.code == "unsupported"));
}

#[test]
fn the_request_has_the_gateways_shape() {
    let config = r#"{"reply_to": "hr@acme.example"}"#;
    let email = request(config, &message("invitation", "zh-CN", &[])).expect("request");
    let body: Value = serde_json::to_value(&email).expect("json");
    let keys: Vec<&str> = body.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["from_name", "html", "reply_to", "subject", "text", "to"]);
    assert_eq!(body["to"], json!([ADDRESS]));
    assert_eq!(body["from_name"], "Acme 制造", "the organisation when no sender_name is set");
    assert_eq!(body["reply_to"], "hr@acme.example");
    assert_eq!(SEND_URL, "http://mail.panel.internal/v1/messages");
}

#[test]
fn a_recipient_without_an_email_address_is_refused_without_repeating_it() {
    let mut phone = message("invitation", "zh-CN", &[]);
    phone.recipient.address = "+8613812345678".into();
    let error = request("{}", &phone).expect_err("not an email address");
    assert_eq!((error.code.as_str(), error.retryable), ("invalid-input", false));
    assert!(!error.message.contains("138"), "{}", error.message);
}

#[test]
fn a_bad_configuration_is_refused_before_anything_is_sent() {
    for config in [r#"{"reply_to": "hr"}"#, r#"{"utc_offset": "CST"}"#, r#"{"unknown": 1}"#] {
        let error = request(config, &message("completion", "en", &[])).expect_err(config);
        assert_eq!(error.code, "invalid-config", "{config}");
    }
}

#[test]
fn the_readmes_configuration_example_works() {
    let readme = include_str!("../../README.md");
    let example = readme.split("```json\n").nth(1).and_then(|rest| rest.split("\n```").next()).expect("an example");
    let config: Config = serde_json::from_str(example).expect("the example deserialises");
    config.check().expect("the example is valid");
    set_config(example);
    let completion = prepare(&message("completion", "zh-CN", &[])).expect("request");
    assert_eq!(completion.subject, "【Acme 制造】已收到您的「生产主管」面试");
    assert_eq!(completion.from_name.as_deref(), Some("Acme 制造 招聘"));
    let offer = prepare(&message("offer", "en", &[])).expect("request");
    assert_eq!(offer.subject, "Your offer from Acme 制造");
}
