//! The pages the server renders: the candidate's interview page behind the
//! invitation link, a page for a link that cannot be used, and the HR
//! console's page.
//!
//! The interview page is a shell: its script reads the interview through the
//! API with the link's token and fills in every text from the catalogue in
//! the invitation's language. The link is checked here first, so a bad link
//! gets a plain page in both languages at once, with nothing about anyone on
//! it and nothing the scripts need to get right.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::assets;
use super::catalogue::{LANGUAGES, text};
use crate::api::AppState;
use crate::engine::OpenedLink;
use crate::links::LinkError;

const CANDIDATE_TEMPLATE: &str = include_str!("assets/candidate.html");
const LINK_PROBLEM_TEMPLATE: &str = include_str!("assets/link-problem.html");
const CONSOLE_TEMPLATE: &str = include_str!("assets/console.html");

/// No link token is longer; longer input is not looked at.
const MAX_TOKEN_LEN: usize = 128;

/// Why a link cannot be used, as the candidate is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkProblem {
    Invalid,
    Expired,
    Withdrawn,
    Unavailable,
}

impl LinkProblem {
    fn status(self) -> StatusCode {
        match self {
            LinkProblem::Invalid => StatusCode::NOT_FOUND,
            LinkProblem::Expired | LinkProblem::Withdrawn => StatusCode::GONE,
            LinkProblem::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The catalogue keys of the title and the explanation.
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            LinkProblem::Invalid => ("error.invalid.title", "error.invalid.body"),
            LinkProblem::Expired => ("error.expired.title", "error.expired.body"),
            LinkProblem::Withdrawn => ("error.withdrawn.title", "error.withdrawn.body"),
            LinkProblem::Unavailable => ("error.unavailable.title", "error.unavailable.body"),
        }
    }
}

/// `GET /i/{token}`: the candidate's interview page.
pub async fn candidate(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    if token.len() > MAX_TOKEN_LEN || token.starts_with("pst_") {
        return link_problem(LinkProblem::Invalid);
    }
    match state.engine.open_link(&token).await {
        Ok(OpenedLink::Valid { invitation, .. }) if invitation.revoked => link_problem(LinkProblem::Withdrawn),
        Ok(OpenedLink::Valid { .. }) => html(StatusCode::OK, candidate_page()),
        Ok(OpenedLink::Refused(LinkError::Expired)) => link_problem(LinkProblem::Expired),
        Ok(OpenedLink::Refused(_)) => link_problem(LinkProblem::Invalid),
        Err(e) => {
            // The error names no one: it is about the store, not the link.
            tracing::warn!(error = %e, "opening a candidate link for the interview page failed");
            link_problem(LinkProblem::Unavailable)
        }
    }
}

/// `GET /console` and every address under it: the HR console's page. Its
/// script draws the view the address names from the API, which decides
/// what the signed-in person may see; the page itself holds no data.
pub async fn console() -> Response {
    html(StatusCode::OK, console_page())
}

fn console_page() -> String {
    script_page(CONSOLE_TEMPLATE)
}

fn candidate_page() -> String {
    script_page(CANDIDATE_TEMPLATE)
}

/// A page drawn by its script, with the no-script notice in every language.
fn script_page(template: &str) -> String {
    let noscript = LANGUAGES.map(|language| text(language, "app.noscript")).join(" / ");
    fill(template, &[("assets", &assets::base_path()), ("noscript", noscript.as_str())])
}

fn link_problem(problem: LinkProblem) -> Response {
    html(problem.status(), link_problem_page(problem))
}

fn link_problem_page(problem: LinkProblem) -> String {
    let (title, body) = problem.texts();
    fill(
        LINK_PROBLEM_TEMPLATE,
        &[
            ("assets", &assets::base_path()),
            ("title_en", text("en", title)),
            ("body_en", text("en", body)),
            ("title_zh", text("zh", title)),
            ("body_zh", text("zh", body)),
        ],
    )
}

/// A page that is never cached: its URL holds the candidate's token.
fn html(status: StatusCode, page: String) -> Response {
    (status, [(CONTENT_TYPE, "text/html; charset=utf-8"), (CACHE_CONTROL, "no-store")], page).into_response()
}

/// `template` with each `{{name}}` replaced by its value, HTML-escaped.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |page, (name, value)| page.replace(&format!("{{{{{name}}}}}"), &escape_html(value)))
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder_and_escapes_the_values() {
        let page = fill("<p title=\"{{a}}\">{{a}} {{b}}</p>", &[("a", "x<y & \"z\""), ("b", "ok")]);
        assert_eq!(page, "<p title=\"x&lt;y &amp; &quot;z&quot;\">x&lt;y &amp; &quot;z&quot; ok</p>");
    }

    #[test]
    fn the_pages_leave_no_placeholder_and_no_inline_script_or_style() {
        // An attribute such as `onclick=`: inline code the policy would block.
        let has_inline_handler = |page: &str| {
            page.split(" on").skip(1).any(|rest| {
                let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
                name_len > 0 && rest[name_len..].starts_with('=')
            })
        };
        let pages = [candidate_page(), link_problem_page(LinkProblem::Invalid), console_page()];
        for page in pages {
            assert!(!page.contains("{{"), "{page}");
            // The content security policy would block these; better to know here.
            assert!(!page.contains("<script>") && !page.contains("<style") && !page.contains("style="), "{page}");
            assert!(!has_inline_handler(&page), "{page}");
            assert!(page.contains(&assets::base_path()), "{page}");
        }
        assert!(has_inline_handler("<a onclick=\"x()\">"), "the check itself works");
    }

    #[test]
    fn a_link_problem_page_says_it_in_both_languages_with_its_status() {
        assert_eq!(link_problem(LinkProblem::Expired).status(), StatusCode::GONE);
        assert_eq!(link_problem(LinkProblem::Withdrawn).status(), StatusCode::GONE);
        assert_eq!(link_problem(LinkProblem::Invalid).status(), StatusCode::NOT_FOUND);
        let page = link_problem_page(LinkProblem::Expired);
        assert!(page.contains("This interview link has expired") && page.contains("面试链接已过期"), "{page}");
        assert!(page.contains("Ask the company that invited you") && page.contains("获取新的链接"), "{page}");
    }
}
