//! A person's name split into family and given name, as directories, HR
//! systems and address books store them: Chinese names start with the family
//! name (one character, or two for the compound surnames), Latin-script
//! names end with it, transcribed names (买买提·艾力) are split at the dot.
//!
//! ```
//! use panel_plugin_sdk::names::PersonName;
//!
//! let name = PersonName::split("欧阳娜娜");
//! assert_eq!((name.family.as_deref(), name.given.as_deref()), (Some("欧阳"), Some("娜娜")));
//! // One word is not guessed at: the formatted name alone.
//! assert_eq!(PersonName::split("Madonna").family, None);
//! ```

/// A name as one text and its parts, where they can be told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The whole name, runs of whitespace made one space.
    pub formatted: String,
    /// The family name (surname), where it can be told apart.
    pub family: Option<String>,
    /// The given name(s), where they can be told apart.
    pub given: Option<String>,
}

/// Two-character Chinese surnames (复姓) in use today; a name starting with
/// one of them has it as the family name.
const COMPOUND_SURNAMES: [&str; 40] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "端木", "独孤", "南宫", "西门", "申屠", "百里", "呼延", "万俟", "闻人", "澹台", "公羊", "太史", "钟离",
    "赫连", "拓跋", "东郭", "濮阳", "司空", "左丘", "第五", "谷梁", "仲孙", "淳于", "单于", "羊舌",
];

/// Separators between the parts of a transcribed name, e.g. 买买提·艾力.
const NAME_DOTS: [char; 3] = ['·', '•', '・'];

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

fn part(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl PersonName {
    /// Splits `name`. A single word or character stays whole: it is the
    /// formatted name, with no parts guessed.
    pub fn split(name: &str) -> Self {
        let formatted = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let whole = |formatted: String| Self { formatted, family: None, given: None };
        let (family, given) = if formatted.contains(NAME_DOTS) {
            // Uyghur and other transcribed names: given name first, family (or father's) name last.
            let given = formatted.split(NAME_DOTS).next().unwrap_or_default();
            let family = formatted.rsplit(NAME_DOTS).next().unwrap_or_default();
            (part(family), part(given))
        } else if formatted.chars().next().is_some_and(is_cjk) && !formatted.contains(' ') {
            let surname_len = COMPOUND_SURNAMES
                .iter()
                .find(|s| formatted.starts_with(**s) && formatted.chars().count() > 2)
                .map_or_else(|| formatted.chars().next().map_or(0, char::len_utf8), |s| s.len());
            let (family, given) = formatted.split_at(surname_len);
            (part(family), part(given))
        } else {
            match formatted.rsplit_once(' ') {
                Some((given, family)) => (part(family), part(given)),
                None => return whole(formatted),
            }
        };
        match (family, given) {
            (Some(family), Some(given)) => Self { formatted, family: Some(family), given: Some(given) },
            _ => whole(formatted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(name: &str) -> (Option<String>, Option<String>) {
        let split = PersonName::split(name);
        (split.family, split.given)
    }

    fn some(family: &str, given: &str) -> (Option<String>, Option<String>) {
        (Some(family.to_owned()), Some(given.to_owned()))
    }

    #[test]
    fn chinese_names_start_with_the_family_name() {
        assert_eq!(parts("王磊"), some("王", "磊"));
        assert_eq!(parts("李晓明"), some("李", "晓明"));
        assert_eq!(parts("欧阳娜娜"), some("欧阳", "娜娜"));
        assert_eq!(parts("司马懿"), some("司马", "懿"));
        assert_eq!(parts("诸葛亮"), some("诸葛", "亮"));
        assert_eq!(parts("上官婉儿"), some("上官", "婉儿"));
        assert_eq!(parts("东方明"), some("东方", "明"));
        // A two-character name that happens to be a compound surname: one and one.
        assert_eq!(parts("欧阳"), some("欧", "阳"));
        assert_eq!(PersonName::split(" 王磊 ").formatted, "王磊");
    }

    #[test]
    fn latin_names_end_with_the_family_name() {
        assert_eq!(parts("Anna Schmidt"), some("Schmidt", "Anna"));
        assert_eq!(parts("Mary Ann  van Dyke"), some("Dyke", "Mary Ann van"));
        assert_eq!(PersonName::split("Mary Ann  van Dyke").formatted, "Mary Ann van Dyke");
    }

    #[test]
    fn transcribed_names_split_at_the_dot() {
        assert_eq!(parts("买买提·艾力"), some("艾力", "买买提"));
        assert_eq!(parts("阿卜杜拉·买买提·艾力"), some("艾力", "阿卜杜拉"));
    }

    #[test]
    fn a_single_word_is_not_guessed_at() {
        for name in ["Madonna", "王", "", "·"] {
            assert_eq!(parts(name), (None, None), "{name:?}");
        }
        assert_eq!(PersonName::split("Madonna").formatted, "Madonna");
    }
}
