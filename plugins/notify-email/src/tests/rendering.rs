//! The built-in wording as candidates receive it: each template in both
//! languages, times, reasons, escaping.

use super::*;

#[test]
fn the_chinese_invitation_explains_the_interview_window_equipment_and_data() {
    let email = sent("invitation", "zh-CN", &[]);
    assert_eq!(email.subject, "Acme 制造诚邀您参加「生产主管」岗位 AI 面试");
    assert_eq!(
        email.text,
        format!(
            "王磊，您好：\n\n\
             感谢您应聘Acme 制造的「生产主管」岗位。我们诚挚地邀请您参加 AI 面试，这是本次招聘流程的第一步。\n\n\
             AI 面试在线进行：页面会依次呈现若干问题，您逐一作答即可，全程约 30 分钟。您可以在以下时间内任选方便的时候开始：\n\
             2026年12月1日 09:00 (UTC+08:00) 至 2026年12月3日 18:00 (UTC+08:00)\n\n\
             {LINK}\n\n\
             开始前，请您准备好：\n\
             - 一个安静、光线充足、不受打扰的环境；\n\
             - 可正常使用的摄像头和麦克风（电脑或手机均可）；若本岗位允许文字作答，您也可以输入文字回答；\n\
             - 稳定的网络，并预留足够的时间一次完成。\n\n\
             关于您的个人信息：您的面试回答仅用于本岗位的招聘评估。开始面试前，页面会展示个人信息处理说明，\
             详细介绍我们如何收集、使用和保存您的信息。\n\n\
             祝您面试顺利！\n\n\
             Acme 制造招聘团队\n"
        ),
        "no reply_to configured: no line inviting replies"
    );
    let html = html(&email);
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains(">开始面试</a>"), "{html}");
    let href = "href=\"https://jobs.acme.example/i/41.Zm9v-YmFy_c2ln?utm=mail&amp;x=1\"";
    assert_eq!(html.matches(href).count(), 2, "a button and the link written out: {html}");
    assert!(html.contains("<li style=\"margin:0 0 4px;\">一个安静、光线充足、不受打扰的环境；</li>"), "{html}");
}

#[test]
fn the_english_invitation_writes_the_window_in_local_time() {
    let email = sent("invitation", "en", &[]);
    assert_eq!(email.subject, "Your invitation to an AI interview for 生产主管 at Acme 制造");
    assert!(
        email.text.contains(
            "within this window:\n1 December 2026, 09:00 (UTC+08:00) to 3 December 2026, 18:00 (UTC+08:00)\n\n"
        ),
        "{}",
        email.text
    );
    assert!(email.text.starts_with("Dear 王磊,\n\n"), "{}", email.text);
    assert!(email.text.contains(&format!("\n\n{LINK}\n\n")), "{}", email.text);
    assert!(email.text.contains("camera and microphone") && email.text.contains("privacy notice"));
    assert!(email.text.ends_with("Kind regards,\nThe Acme 制造 recruitment team\n"), "{}", email.text);
    assert!(html(&email).contains("<html lang=\"en\">") && html(&email).contains(">Start the interview</a>"));
}

#[test]
fn every_template_is_written_in_both_languages() {
    for template in BUILT_IN_TEMPLATES {
        for (locale, lang) in [("zh-CN", "zh-CN"), ("zh", "zh-CN"), ("en-US", "en"), ("fr", "en")] {
            let email = sent(template, locale, &[("reason", "")]);
            let case = format!("{template} {locale}");
            assert!(email.subject.contains("生产主管"), "{case}: {}", email.subject);
            assert!(email.text.contains("王磊") && email.text.contains("Acme 制造"), "{case}: {}", email.text);
            assert!(!email.text.contains('{') && !email.subject.contains('{'), "{case}: {}", email.text);
            assert!(html(&email).contains(&format!("<html lang=\"{lang}\">")), "{case}");
            let carries_link = matches!(template, "invitation" | "reminder");
            assert_eq!(email.text.contains(LINK), carries_link, "{case}: {}", email.text);
            let chinese = lang == "zh-CN";
            assert_eq!(email.text.contains("您好"), chinese, "{case}: {}", email.text);
        }
    }
}

#[test]
fn the_extended_invitation_and_the_reminder_give_the_new_closing_time() {
    let extended = sent("invitation", "zh-CN", &[("extended", "true")]);
    assert_eq!(extended.subject, "「生产主管」岗位 AI 面试时间已延长");
    assert!(extended.text.contains("新的截止时间为：\n2026年12月3日 18:00 (UTC+08:00)"), "{}", extended.text);
    assert!(extended.text.contains(LINK));
    let extended = sent("invitation", "en", &[("extended", "true")]);
    assert_eq!(extended.subject, "More time for your AI interview for 生产主管");

    let reminder = sent("reminder", "zh-CN", &[]);
    assert_eq!(reminder.subject, "提醒：「生产主管」岗位 AI 面试将于 2026年12月3日 18:00 (UTC+08:00) 截止");
    let reminder = sent("reminder", "en", &[]);
    assert_eq!(
        reminder.subject,
        "Reminder: your AI interview for 生产主管 closes on 3 December 2026, 18:00 (UTC+08:00)"
    );
    assert!(reminder.text.contains("you have not yet started"), "{}", reminder.text);
}

#[test]
fn the_thank_you_gives_the_reason_only_when_there_is_one() {
    let with_reason = sent("result-thank-you", "zh-CN", &[("reason", "本岗位需要三年以上班组管理经验")]);
    assert!(
        with_reason.text.contains("很遗憾，您这次未能进入下一轮。\n\n本岗位需要三年以上班组管理经验。\n\n这一结果"),
        "the reason as its own sentence: {}",
        with_reason.text
    );
    let without = sent("result-thank-you", "zh-CN", &[("reason", "  ")]);
    assert!(without.text.contains("很遗憾，您这次未能进入下一轮。\n\n这一结果"), "{}", without.text);
    assert!(!without.text.contains("\n\n\n"), "no empty paragraph: {}", without.text);
    assert_eq!(without.html.as_deref().map(|h| h.matches("<p ").count()), Some(6));

    let english = sent("result-thank-you", "en", &[("reason", "The role needs a forklift licence!")]);
    assert!(english.text.contains("\n\nThe role needs a forklift licence!\n\n"), "{}", english.text);
    assert_eq!(english.subject, "Your application for 生产主管 at Acme 制造");
    let advance = sent("result-advance", "en", &[("reason", "Your safety answers stood out")]);
    assert!(advance.text.contains("Congratulations!\n\nYour safety answers stood out.\n\n"), "{}", advance.text);
}

#[test]
fn values_are_escaped_in_html_and_kept_as_written_in_text() {
    let hostile = "<script>alert('x')</script> & \"Co\"";
    let email = sent("completion", "en", &[("name", hostile), ("job_title", "R&D <lead>")]);
    let html = html(&email);
    assert!(!html.contains("<script>") && !html.contains("R&D <lead>"), "{html}");
    assert!(html.contains("Dear &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;,"), "{html}");
    assert!(html.contains("<title>We have received your AI interview for R&amp;D &lt;lead&gt;</title>"), "{html}");
    assert!(email.text.starts_with(&format!("Dear {hostile},")), "{}", email.text);
    assert_eq!(email.subject, "We have received your AI interview for R&D <lead>");
}

#[test]
fn subjects_stay_on_one_line_within_the_gateways_length() {
    let email = sent("completion", "en", &[("job_title", "Shift lead\r\nBcc: x@evil.example")]);
    assert_eq!(email.subject, "We have received your AI interview for Shift lead Bcc: x@evil.example");
    let long = sent("completion", "zh-CN", &[("job_title", &"长".repeat(400))]);
    assert_eq!(long.subject.chars().count(), 300, "within the gateway's limit");
    assert!(long.subject.ends_with("长…"), "{}", long.subject);
}

#[test]
fn times_are_written_at_the_configured_offset() {
    let email = request(r#"{"utc_offset": "-05:00"}"#, &message("reminder", "en", &[])).expect("request");
    assert!(email.subject.ends_with("closes on 3 December 2026, 05:00 (UTC-05:00)"), "{}", email.subject);
    let odd = sent("reminder", "en", &[("closes_at", "Friday noon")]);
    assert!(odd.subject.ends_with("closes on Friday noon"), "not a timestamp: sent as given: {}", odd.subject);
}

#[test]
fn the_built_in_wording_uses_known_placeholders_and_is_in_the_readme() {
    let readme = include_str!("../../README.md");
    for template in BUILT_IN_TEMPLATES {
        for extended in [false, true] {
            for language in [Language::Chinese, Language::English] {
                let wording = built_in(template, extended, language).expect("built-in wording");
                let texts = std::iter::once(wording.subject).chain(wording.paragraphs.iter().copied());
                for text in texts {
                    for name in template::placeholders(text) {
                        assert!(KNOWN_PLACEHOLDERS.contains(&name), "{template}: {{{name}}}");
                    }
                    assert!(readme.contains(text), "README.md lacks {template} ({language:?}): {text}");
                }
            }
        }
    }
}
