//! The template language shared by the built-in wording and the company's own:
//! `{placeholder}` names (lowercase letters, digits and `_`) filled from the
//! message; any other brace is text. Paragraphs are separated by a blank line.

/// A piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text to write as it is.
    Text(&'a str),
    /// A `{placeholder}`, by name.
    Placeholder(&'a str),
}

fn is_placeholder_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The pieces of `template`, in order.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut search_from = 0;
    while let Some(open) = template[search_from..].find('{').map(|i| search_from + i) {
        let after = &template[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                if text_start < open {
                    pieces.push(Piece::Text(&template[text_start..open]));
                }
                pieces.push(Piece::Placeholder(&after[..close]));
                text_start = open + 1 + close + 1;
                search_from = text_start;
            }
            _ => search_from = open + 1,
        }
    }
    if text_start < template.len() {
        pieces.push(Piece::Text(&template[text_start..]));
    }
    pieces
}

/// The placeholder names in `template`.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    pieces(template).into_iter().filter_map(|piece| match piece {
        Piece::Placeholder(name) => Some(name),
        Piece::Text(_) => None,
    })
}

/// The paragraphs of a text: separated by blank lines, trimmed, empty ones
/// dropped. Windows line endings are read as plain ones.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs.into_iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_lowercase_names_in_braces_and_other_braces_are_text() {
        assert_eq!(
            pieces("Hi {name}, {not a key} {Name} {} {job_title}{"),
            vec![
                Piece::Text("Hi "),
                Piece::Placeholder("name"),
                Piece::Text(", {not a key} {Name} {} "),
                Piece::Placeholder("job_title"),
                Piece::Text("{"),
            ]
        );
        assert_eq!(pieces("{a}{b2}"), vec![Piece::Placeholder("a"), Piece::Placeholder("b2")]);
        assert_eq!(placeholders("{x} and {{y}} and {_z}").collect::<Vec<_>>(), vec!["x", "y"]);
        assert_eq!(pieces(""), vec![]);
    }

    #[test]
    fn paragraphs_are_split_on_blank_lines_keeping_single_line_breaks() {
        assert_eq!(
            paragraphs("\n Dear {name},\r\n\r\nLine one\nline two  \n   \n\n\n- a\n- b\n"),
            vec!["Dear {name},", "Line one\nline two", "- a\n- b"]
        );
        assert!(paragraphs(" \n\n ").is_empty());
    }
}
