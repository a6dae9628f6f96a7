//! Whether a text is a plain email address (`local@domain.tld`). Not the
//! whole of RFC 5322: the mail server has the last word; this catches what is
//! surely wrong (a name, a phone number, a line break that could forge a
//! header) before it reaches the gateway.

/// Characters that never appear in a deliverable address as Panel stores
/// them: whitespace and controls (header injection), and the separators of
/// address lists and display names.
fn is_forbidden(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\')
}

/// `true` for `wang.lei@example.com`, `王磊@例子.中国`; `false` for anything
/// without exactly one `@`, an empty part, a domain without a dot, or a
/// forbidden character.
pub fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && local.chars().count() <= 64
        && text.chars().count() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && !text.chars().any(is_forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_pass_and_what_is_surely_wrong_does_not() {
        for good in ["wang.lei@example.com", "hr+jobs@acme.example", "王磊@例子.中国", "a@b.co"] {
            assert!(is_email_address(good), "{good}");
        }
        for bad in [
            "",
            "wang.lei",
            "@example.com",
            "wang@",
            "wang@localhost",
            "wang@@example.com",
            "a@b@example.com",
            "wang lei@example.com",
            "wang@example.com\r\nBcc: x@y.z",
            "Wang <wang@example.com>",
            "a@example.com, b@example.com",
            "wang@.example.com",
            "wang@example..com",
            "+8613812345678",
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }
}
