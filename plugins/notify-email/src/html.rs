//! The HTML body: a simple, accessible page with inline styles only (mail
//! programs drop style sheets), no images and nothing that tracks. Every
//! value is escaped; the link is a button and, under it, written out in full
//! for mail programs and readers that do not show the button.

use crate::address::is_email_address;
use crate::template::{Piece, pieces};
use crate::wording::Language;

const PAGE_STYLE: &str = "margin:0;padding:24px 12px;background-color:#f3f4f6;";
const CARD_STYLE: &str = "max-width:600px;margin:0 auto;padding:32px 28px;background-color:#ffffff;\
                          border-radius:8px;font-family:-apple-system,'Segoe UI','PingFang SC',\
                          'Microsoft YaHei',Arial,sans-serif;font-size:16px;line-height:1.7;color:#1f2937;";
const PARAGRAPH_STYLE: &str = "margin:0 0 16px;";
const LIST_STYLE: &str = "margin:0 0 16px;padding-left:24px;";
const ITEM_STYLE: &str = "margin:0 0 4px;";
// White on #0b5cad is a contrast of 6.5:1, above WCAG AA for any text size.
const BUTTON_STYLE: &str = "display:inline-block;padding:12px 28px;background-color:#0b5cad;color:#ffffff;\
                            font-weight:bold;text-decoration:none;border-radius:6px;";
const FALLBACK_STYLE: &str = "margin:0 0 16px;font-size:14px;color:#4b5563;";
const LINK_STYLE: &str = "color:#0b5cad;word-break:break-all;";

/// `text` safe in HTML text and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `url` may be a link target: only web addresses, never
/// `javascript:` or `data:`.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.chars().any(char::is_whitespace)
}

fn anchor(url: &str, style: &str, label: &str) -> String {
    format!(r#"<a href="{}" style="{style}">{}</a>"#, escape(url), escape(label))
}

/// The whole page around the body's `blocks` (already HTML).
pub fn page(language: Language, subject: &str, blocks: &str) -> String {
    let lang = language.html_lang();
    let subject = escape(subject);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{subject}</title>\n\
         </head>\n<body style=\"{PAGE_STYLE}\">\n\
         <div role=\"article\" aria-roledescription=\"email\" aria-label=\"{subject}\" lang=\"{lang}\" \
         style=\"{CARD_STYLE}\">\n{blocks}</div>\n</body>\n</html>\n"
    )
}

/// One paragraph of the template as HTML, placeholders filled by `value`.
/// A paragraph that is only `{link}` is the button with the link written out
/// under it; lines starting with `- ` are a list; other lines break with `<br>`.
pub fn paragraph<'v>(template: &str, value: impl Fn(&str) -> &'v str, language: Language) -> String {
    let link = value("link");
    if template.trim() == "{link}" && is_web_url(link) {
        return format!(
            "<p style=\"margin:24px 0;\">{}</p>\n<p style=\"{FALLBACK_STYLE}\">{}<br>{}</p>\n",
            anchor(link, BUTTON_STYLE, language.button_label()),
            escape(language.link_fallback()),
            anchor(link, LINK_STYLE, link),
        );
    }
    let mut html = String::new();
    let mut text_lines: Vec<String> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for line in template.lines() {
        match line.strip_prefix("- ") {
            Some(item) => {
                flush_text(&mut html, &mut text_lines);
                items.push(inline(item, &value));
            }
            None => {
                flush_items(&mut html, &mut items);
                text_lines.push(inline(line, &value));
            }
        }
    }
    flush_text(&mut html, &mut text_lines);
    flush_items(&mut html, &mut items);
    html
}

fn flush_text(html: &mut String, lines: &mut Vec<String>) {
    if !lines.is_empty() {
        html.push_str(&format!("<p style=\"{PARAGRAPH_STYLE}\">{}</p>\n", lines.join("<br>\n")));
        lines.clear();
    }
}

fn flush_items(html: &mut String, items: &mut Vec<String>) {
    if !items.is_empty() {
        html.push_str(&format!("<ul style=\"{LIST_STYLE}\">\n"));
        for item in items.drain(..) {
            html.push_str(&format!("<li style=\"{ITEM_STYLE}\">{item}</li>\n"));
        }
        html.push_str("</ul>\n");
    }
}

/// A line with its text escaped and its placeholders filled; `{link}` inside
/// a sentence is a link showing its address, `{reply_to}` a `mailto:` link.
fn inline<'v>(line: &str, value: &impl Fn(&str) -> &'v str) -> String {
    pieces(line)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => escape(text),
            Piece::Placeholder("link") if is_web_url(value("link")) => anchor(value("link"), LINK_STYLE, value("link")),
            Piece::Placeholder("reply_to") if is_email_address(value("reply_to")) => {
                anchor(&format!("mailto:{}", value("reply_to")), LINK_STYLE, value("reply_to"))
            }
            Piece::Placeholder(name) => escape(value(name)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://jobs.acme.example/i/41.sig?a=1&b=2";

    fn value(name: &str) -> &'static str {
        match name {
            "link" => LINK,
            "name" => "<b>王磊</b> & \"Co\"",
            "reply_to" => "hr@acme.example",
            _ => "",
        }
    }

    #[test]
    fn text_and_values_are_escaped() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        let html = paragraph("Dear {name} <3", value, Language::English);
        assert_eq!(html, "<p style=\"margin:0 0 16px;\">Dear &lt;b&gt;王磊&lt;/b&gt; &amp; &quot;Co&quot; &lt;3</p>\n");
    }

    #[test]
    fn a_lone_link_is_a_button_and_the_address_written_out() {
        let html = paragraph("{link}", value, Language::Chinese);
        let href = "href=\"https://jobs.acme.example/i/41.sig?a=1&amp;b=2\"";
        assert_eq!(html.matches(href).count(), 2, "{html}");
        assert!(html.contains(">开始面试</a>"), "{html}");
        assert!(html.contains("如果按钮无法打开"), "{html}");
        assert!(html.contains(">https://jobs.acme.example/i/41.sig?a=1&amp;b=2</a>"), "{html}");
    }

    #[test]
    fn a_link_in_a_sentence_is_a_link_and_only_web_addresses_are_links() {
        let html = paragraph("Start here: {link}.", value, Language::English);
        assert!(html.contains("Start here: <a href=\"https://jobs.acme.example/i/41.sig?a=1&amp;b=2\""), "{html}");
        let html = paragraph("Write to {reply_to}.", value, Language::English);
        assert!(html.contains("Write to <a href=\"mailto:hr@acme.example\""), "{html}");
        let hostile = |name: &str| if name == "link" { "javascript:alert(1)" } else { "" };
        let html = paragraph("{link}", hostile, Language::English);
        assert!(!html.contains("<a ") && html.contains("javascript:alert(1)"), "{html}");
    }

    #[test]
    fn dash_lines_are_a_list_and_other_lines_break() {
        let html = paragraph("You need:\n- a camera;\n- a {name}.\nThanks", value, Language::English);
        assert_eq!(
            html,
            "<p style=\"margin:0 0 16px;\">You need:</p>\n\
             <ul style=\"margin:0 0 16px;padding-left:24px;\">\n\
             <li style=\"margin:0 0 4px;\">a camera;</li>\n\
             <li style=\"margin:0 0 4px;\">a &lt;b&gt;王磊&lt;/b&gt; &amp; &quot;Co&quot;.</li>\n</ul>\n\
             <p style=\"margin:0 0 16px;\">Thanks</p>\n"
        );
        let html = paragraph("one\ntwo", value, Language::English);
        assert_eq!(html, "<p style=\"margin:0 0 16px;\">one<br>\ntwo</p>\n");
    }

    #[test]
    fn the_page_declares_its_language_and_escapes_the_title() {
        let html = page(Language::Chinese, "面试 <邀请>", "<p>x</p>\n");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), "{html}");
        assert!(html.contains("<title>面试 &lt;邀请&gt;</title>"), "{html}");
        assert!(html.contains("aria-label=\"面试 &lt;邀请&gt;\" lang=\"zh-CN\""), "{html}");
        assert!(!html.contains("<img") && !html.contains("<style") && !html.contains("<script"), "{html}");
    }
}
