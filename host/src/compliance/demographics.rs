//! The categories a candidate may self-identify in, for the adverse-impact
//! report: the sex and race/ethnicity categories EEO-1 reports and NYC Local
//! Law 144's bias audits use. Every answer is optional; "prefer not to say"
//! is the same as not answering.

/// `(category, the values it takes)`.
pub const CATEGORIES: &[(&str, &[&str])] = &[
    ("sex", &["female", "male", "another"]),
    (
        "race-ethnicity",
        &[
            "hispanic-or-latino",
            "white",
            "black-or-african-american",
            "native-hawaiian-or-pacific-islander",
            "asian",
            "american-indian-or-alaska-native",
            "two-or-more",
        ],
    ),
];

/// Checks one answer; the error names the category and what it takes.
pub fn check(category: &str, value: &str) -> Result<(), String> {
    let Some((_, values)) = CATEGORIES.iter().find(|(c, _)| *c == category) else {
        let known: Vec<&str> = CATEGORIES.iter().map(|(c, _)| *c).collect();
        return Err(format!("{category:?} is not a category; use {}", known.join(" or ")));
    };
    if values.contains(&value) { Ok(()) } else { Err(format!("{category} takes one of {}", values.join(", "))) }
}

pub fn is_category(category: &str) -> bool {
    CATEGORIES.iter().any(|(c, _)| *c == category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_against_their_category() {
        assert_eq!(check("sex", "female"), Ok(()));
        assert!(check("sex", "asian").expect_err("wrong category").contains("female, male, another"));
        assert!(check("religion", "x").expect_err("no such category").contains("sex or race-ethnicity"));
        assert!(is_category("race-ethnicity") && !is_category("age"));
    }
}
