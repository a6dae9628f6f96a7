//! Reading an evaluation set from its files: a `set.toml` with the jobs and
//! questions and the names of its answer files, each answer file with its
//! locale and answers. Everything is checked as it is read, and a mistake is
//! named by file, answer or question id and field.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{AnswerKind, EvaluationSet, Level, SetAnswer, SetDimension, SetError, SetJob, SetQuestion, localized};
use crate::domain::QuestionKind;

/// Reads `path` (a `set.toml`) and the answer files it names, relative to it.
pub(super) fn load(path: &Path) -> Result<EvaluationSet, SetError> {
    let file: SetFile = read_toml(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut answer_files = Vec::new();
    for name in &file.answers {
        let answers_path = base.join(name);
        let answers: AnswersFile = read_toml(&answers_path)?;
        answer_files.push((answers_path, answers));
    }
    build(path, file, answer_files)
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SetError> {
    let text = std::fs::read_to_string(path).map_err(|source| SetError::Read { path: path.to_owned(), source })?;
    toml::from_str(&text).map_err(|e| SetError::Parse { path: path.to_owned(), message: e.to_string() })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    answers: Vec<String>,
    jobs: Vec<JobEntry>,
    questions: Vec<QuestionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobEntry {
    id: String,
    #[serde(default)]
    industry: String,
    title: BTreeMap<String, String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_review_margin")]
    review_margin: f32,
    dimensions: Vec<DimensionEntry>,
}

fn default_review_margin() -> f32 {
    0.5
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionEntry {
    id: String,
    weight: f32,
    threshold: f32,
    #[serde(default)]
    name: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionEntry {
    id: String,
    job: String,
    #[serde(default)]
    source: String,
    kind: QuestionKind,
    dimensions: Vec<String>,
    time_limit_secs: u32,
    text: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    locale: String,
    answers: Vec<AnswerEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerEntry {
    id: String,
    question: String,
    kind: AnswerKind,
    level: Option<Level>,
    text: Option<String>,
    /// The id of another question's genuine answer whose text this one reuses.
    reuse: Option<String>,
}

/// Checks the parsed files and puts the set together.
fn build(path: &Path, file: SetFile, answer_files: Vec<(PathBuf, AnswersFile)>) -> Result<EvaluationSet, SetError> {
    let invalid = |path: &Path, message: String| SetError::Invalid { path: path.to_owned(), message };
    let mut jobs = Vec::new();
    let mut seen = HashSet::new();
    for job in file.jobs {
        if !seen.insert(job.id.clone()) {
            return Err(invalid(path, format!("job `{}` is defined twice", job.id)));
        }
        if job.dimensions.is_empty() {
            return Err(invalid(path, format!("job `{}` has no dimensions", job.id)));
        }
        if !(0.0..=5.0).contains(&job.review_margin) {
            return Err(invalid(path, format!("job `{}`: review_margin must be between 0 and 5", job.id)));
        }
        for d in &job.dimensions {
            if !(d.weight > 0.0 && d.weight.is_finite() && (0.0..=10.0).contains(&d.threshold)) {
                return Err(invalid(
                    path,
                    format!("job `{}`, dimension `{}`: weight must be above 0, threshold 0–10", job.id, d.id),
                ));
            }
        }
        let dimensions = job
            .dimensions
            .into_iter()
            .map(|d| SetDimension { id: d.id, weight: d.weight, threshold: d.threshold, name: d.name })
            .collect();
        jobs.push(SetJob {
            id: job.id,
            industry: job.industry,
            title: job.title,
            description: job.description,
            review_margin: job.review_margin,
            dimensions,
        });
    }

    let mut questions: Vec<SetQuestion> = Vec::new();
    for q in file.questions {
        if questions.iter().any(|other| other.id == q.id) {
            return Err(invalid(path, format!("question `{}` is defined twice", q.id)));
        }
        let Some(job) = jobs.iter().find(|j| j.id == q.job) else {
            return Err(invalid(path, format!("question `{}`: job `{}` is not defined", q.id, q.job)));
        };
        if q.dimensions.is_empty() {
            return Err(invalid(path, format!("question `{}` measures no dimension", q.id)));
        }
        if let Some(d) = q.dimensions.iter().find(|d| !job.dimensions.iter().any(|jd| &jd.id == *d)) {
            return Err(invalid(path, format!("question `{}`: dimension `{d}` is not in job `{}`", q.id, job.id)));
        }
        questions.push(SetQuestion {
            id: q.id,
            job: q.job,
            source: q.source,
            kind: q.kind,
            dimensions: q.dimensions,
            time_limit_secs: q.time_limit_secs,
            text: q.text,
            guides: BTreeMap::new(),
        });
    }

    // Answers first by id, so that a borrowed one can name any genuine answer.
    let mut answers = Vec::new();
    let mut reused: Vec<(usize, PathBuf, String)> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (file_path, file) in answer_files {
        for entry in file.answers {
            let at = |message: &str| invalid(&file_path, format!("answer `{}`: {message}", entry.id));
            if by_id.contains_key(&entry.id) {
                return Err(at("the id is used twice"));
            }
            let Some(question) = questions.iter().find(|q| q.id == entry.question) else {
                return Err(at(&format!("question `{}` is not in {}", entry.question, path.display())));
            };
            if localized(&question.text, &file.locale).is_none() {
                return Err(at(&format!("question `{}` has no text in {}", question.id, file.locale)));
            }
            match (entry.kind, entry.level) {
                (AnswerKind::Genuine, None) => return Err(at("a genuine answer needs a `level`")),
                (AnswerKind::Genuine, Some(_)) | (_, None) => {}
                (_, Some(_)) => return Err(at("only genuine answers have a `level`")),
            }
            let text = match (entry.text, &entry.reuse, entry.kind) {
                (Some(text), None, _) if !text.trim().is_empty() => text,
                (None, Some(other), AnswerKind::Borrowed) => {
                    reused.push((answers.len(), file_path.clone(), other.clone()));
                    String::new()
                }
                (None, Some(_), _) => return Err(at("only a borrowed answer reuses another's text")),
                (Some(_), Some(_), _) => return Err(at("give either `text` or `reuse`, not both")),
                _ => return Err(at("`text` is missing or empty")),
            };
            by_id.insert(entry.id.clone(), answers.len());
            answers.push(SetAnswer {
                written_for: entry.question.clone(),
                id: entry.id,
                locale: file.locale.clone(),
                question: entry.question,
                kind: entry.kind,
                level: entry.level,
                text,
            });
        }
    }
    for (index, file_path, other) in reused {
        let at = |message: String| invalid(&file_path, format!("answer `{}`: {message}", answers[index].id));
        let Some(&source) = by_id.get(&other) else {
            return Err(at(format!("reuses `{other}`, which is not in the set")));
        };
        let source = &answers[source];
        if source.kind != AnswerKind::Genuine || source.question == answers[index].question {
            return Err(at(format!("reuses `{other}`, which is not another question's genuine answer")));
        }
        if source.locale != answers[index].locale {
            return Err(at(format!("reuses `{other}`, which is in another language")));
        }
        let (text, written_for) = (source.text.clone(), source.question.clone());
        answers[index].text = text;
        answers[index].written_for = written_for;
    }
    Ok(EvaluationSet { jobs, questions, answers })
}

#[cfg(test)]
mod tests {
    use super::super::WORDS_PER_SEC;
    use super::*;

    const SET: &str = r#"
        answers = []
        [[jobs]]
        id = "clerk"
        title = { en = "Clerk", zh-CN = "店员" }
        dimensions = [
            { id = "teamwork", weight = 0.6, threshold = 6.0, name = { en = "Teamwork" } },
            { id = "learning", weight = 0.4, threshold = 5.0 },
        ]
        [[questions]]
        id = "cover"
        job = "clerk"
        kind = "behavioural"
        dimensions = ["teamwork"]
        time_limit_secs = 180
        text = { en = "Tell us about covering a shift.", zh-CN = "讲一次补位的经历。" }
        [[questions]]
        id = "learn"
        job = "clerk"
        kind = "behavioural"
        dimensions = ["learning"]
        time_limit_secs = 120
        text = { en = "Tell us about learning something fast." }
    "#;

    fn set_with(answers: &str) -> Result<EvaluationSet, SetError> {
        let file: SetFile = toml::from_str(SET).expect("the test's set parses");
        let answers: AnswersFile = toml::from_str(answers).expect("the test's answers parse");
        build(Path::new("set.toml"), file, vec![(PathBuf::from("answers.toml"), answers)])
    }

    #[test]
    fn reads_answers_and_resolves_a_borrowed_story() {
        let set = set_with(
            r#"
            locale = "en"
            [[answers]]
            id = "g"
            question = "learn"
            kind = "genuine"
            level = "strong"
            text = "I read the manual in a week and asked a senior colleague to check my work."
            [[answers]]
            id = "b"
            question = "cover"
            kind = "borrowed"
            reuse = "g"
            "#,
        )
        .expect("a valid set");
        let borrowed = &set.answers[1];
        assert_eq!(borrowed.text, set.answers[0].text);
        assert_eq!((borrowed.question.as_str(), borrowed.written_for.as_str()), ("cover", "learn"));
        let profile = set.profile_for(borrowed);
        assert_eq!(profile.dimensions.len(), 1, "only the question's dimensions");
        assert_eq!(profile.dimensions[0].id, "teamwork");
        let answer = set.answer_for(borrowed);
        assert!(answer.transcribed);
        assert_eq!(answer.duration_ms, (16.0 / WORDS_PER_SEC * 1000.0f32).round() as u32);
        assert_eq!(set.question_for(borrowed).text, "Tell us about covering a shift.");
        assert_eq!(set.locales(), ["en"]);
    }

    #[test]
    fn names_the_answer_and_what_is_wrong_with_it() {
        let error = |answers: &str| set_with(answers).expect_err("invalid").to_string();
        let one = |fields: &str| format!("locale = \"en\"\n[[answers]]\nid = \"a1\"\n{fields}");
        assert_eq!(
            error(&one("question = \"nope\"\nkind = \"vague\"\ntext = \"x\"")),
            "answers.toml: answer `a1`: question `nope` is not in set.toml"
        );
        assert!(error(&one("question = \"cover\"\nkind = \"genuine\"\ntext = \"x\"")).contains("needs a `level`"));
        assert!(
            error(&one("question = \"cover\"\nkind = \"vague\"\nlevel = \"strong\"\ntext = \"x\""))
                .contains("only genuine answers")
        );
        assert!(error(&one("question = \"cover\"\nkind = \"vague\"\ntext = \"  \"")).contains("`text` is missing"));
        assert!(
            error(&one("question = \"cover\"\nkind = \"borrowed\"\nreuse = \"ghost\""))
                .contains("`ghost`, which is not")
        );
        let zh =
            "locale = \"zh-CN\"\n[[answers]]\nid = \"z\"\nquestion = \"learn\"\nkind = \"vague\"\ntext = \"我学得快\"";
        assert!(error(zh).contains("has no text in zh-CN"));
    }

    #[test]
    fn a_missing_file_or_a_bad_kind_is_reported_with_its_path() {
        let missing = EvaluationSet::load(Path::new("/nonexistent/set.toml")).expect_err("no such file");
        assert!(missing.to_string().starts_with("cannot read /nonexistent/set.toml"), "{missing}");
        let bad: Result<AnswersFile, _> =
            toml::from_str("locale = \"en\"\n[[answers]]\nid = \"a\"\nquestion = \"q\"\nkind = \"great\"\n");
        assert!(bad.expect_err("unknown kind").to_string().contains("unknown variant `great`"));
    }
}
