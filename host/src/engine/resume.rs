//! Resumes: the fields a plain-text resume (Chinese or English) states
//! outright — education, dated experience, years of experience, a skills
//! line — and how they match a job's requirements, with reasons in words.
//!
//! Deliberately literal: it reads what the text says and never guesses, and
//! the match is advice for HR beside the interview, never an input to the
//! interview's recommendation.

use serde::{Deserialize, Serialize};

use crate::store::{JobRequirements, Resume};

/// Levels of education, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Degree {
    Secondary,
    Associate,
    Bachelor,
    Master,
    Doctorate,
}

impl Degree {
    const WORDS: [(Degree, &'static [&'static str]); 5] = [
        (Degree::Doctorate, &["博士", "phd", "ph.d", "doctorate", "doctor of"]),
        (Degree::Master, &["硕士", "研究生", "master", "mba", "msc", "m.sc", "m.s."]),
        (Degree::Bachelor, &["本科", "学士", "bachelor", "bsc", "b.sc", "b.a.", "b.eng", "undergraduate"]),
        (Degree::Associate, &["大专", "专科", "associate", "diploma", "高职"]),
        (Degree::Secondary, &["高中", "中专", "技校", "high school", "secondary school", "vocational school"]),
    ];

    /// The highest degree a text names.
    fn named_in(text: &str) -> Option<Degree> {
        let lower = text.to_lowercase();
        Self::WORDS.iter().find(|(_, words)| words.iter().any(|w| lower.contains(w))).map(|(d, _)| *d)
    }

    fn name(self) -> &'static str {
        match self {
            Degree::Secondary => "secondary school",
            Degree::Associate => "an associate degree",
            Degree::Bachelor => "a bachelor's degree",
            Degree::Master => "a master's degree",
            Degree::Doctorate => "a doctorate",
        }
    }
}

const SCHOOL_WORDS: [&str; 6] = ["大学", "学院", "university", "college", "institute", "school"];
const SKILL_HEADINGS: [&str; 7] =
    ["专业技能", "技能", "skills", "technical skills", "core skills", "competencies", "技术"];
const LONGEST_LINE: usize = 200;

/// Reads the fields a resume states. Fields already given are kept.
pub fn parse_resume(text: &str, given: &Resume) -> Resume {
    let mut resume = given.clone();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if resume.education.is_empty() {
        resume.education = lines
            .iter()
            .filter(|l| Degree::named_in(l).is_some() || SCHOOL_WORDS.iter().any(|w| l.to_lowercase().contains(w)))
            .map(|l| clip(l))
            .collect();
    }
    if resume.experience.is_empty() {
        resume.experience = lines.iter().filter(|l| is_dated_role(l)).map(|l| clip(l)).collect();
    }
    if resume.years_experience.is_none() {
        resume.years_experience = lines.iter().filter_map(|l| stated_years(l)).reduce(f32::max);
    }
    if resume.skills.is_empty() {
        resume.skills = lines.iter().filter_map(|l| skills_line(l)).flatten().collect();
    }
    resume
}

fn clip(line: &str) -> String {
    line.chars().take(LONGEST_LINE).collect()
}

/// "2018 – 2023 Production supervisor, Acme", "2019.03-至今 生产主管".
fn is_dated_role(line: &str) -> bool {
    let has_year = line
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20")));
    let lower = line.to_lowercase();
    let has_range = ["-", "–", "—", "至", "到", " to ", "present", "今"].iter().any(|s| lower.contains(s));
    has_year && has_range
}

/// "8 years of experience", "5+ yrs", "工作经验5年", "三年经验".
fn stated_years(line: &str) -> Option<f32> {
    let lower = line.to_lowercase();
    let about_experience = ["experience", "经验", "工作", "work"].iter().any(|w| lower.contains(w));
    if !about_experience {
        return None;
    }
    let chars: Vec<char> = lower.chars().collect();
    let mut best: Option<f32> = None;
    let mut i = 0;
    while i < chars.len() {
        let (value, end) = if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            (chars[start..i].iter().collect::<String>().parse::<f32>().ok(), i)
        } else if let Some(n) = chinese_number(chars[i]) {
            (Some(n), i + 1)
        } else {
            i += 1;
            continue;
        };
        let rest: String = chars[end..].iter().collect::<String>();
        let rest = rest.trim_start_matches(['+', ' ', '多', '余']);
        if let Some(v) = value.filter(|v| (0.5..=50.0).contains(v))
            && (rest.starts_with("year") || rest.starts_with("yr") || rest.starts_with('年'))
        {
            best = Some(best.map_or(v, |b| b.max(v)));
        }
        i = end.max(i + 1);
    }
    best
}

fn chinese_number(c: char) -> Option<f32> {
    "一二三四五六七八九十".chars().position(|d| d == c).map(|p| (p + 1) as f32)
}

/// "Skills: Lean, 5S; SAP" → ["Lean", "5S", "SAP"].
fn skills_line(line: &str) -> Option<Vec<String>> {
    let (head, rest) = line.split_once([':', '：'])?;
    let head = head.trim().to_lowercase();
    if !SKILL_HEADINGS.iter().any(|h| head == *h || head.ends_with(h)) {
        return None;
    }
    Some(
        rest.split([',', ';', '，', '；', '、', '/', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.chars().count() <= 40)
            .map(str::to_owned)
            .collect(),
    )
}

/// How a resume meets a job's requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResumeMatch {
    /// 0–100 over the requirements the resume could be checked against;
    /// `None` when the job states no requirements.
    pub score: Option<f32>,
    pub skills_matched: Vec<String>,
    pub skills_missing: Vec<String>,
    /// `None`: the resume does not say.
    pub experience_ok: Option<bool>,
    pub education_ok: Option<bool>,
    /// In plain words, for HR.
    pub reasons: Vec<String>,
}

/// Matches a parsed resume (and its text, for skills named in passing)
/// against a job's requirements.
pub fn match_resume(resume: &Resume, text: &str, requirements: &JobRequirements) -> ResumeMatch {
    let mut m = ResumeMatch::default();
    let haystack = format!("{}\n{}", text.to_lowercase(), resume.skills.join("\n").to_lowercase());
    let mut parts: Vec<(f32, f32)> = Vec::new(); // (weight, fraction met)
    if !requirements.skills.is_empty() {
        for skill in &requirements.skills {
            if haystack.contains(&skill.trim().to_lowercase()) {
                m.skills_matched.push(skill.clone());
            } else {
                m.skills_missing.push(skill.clone());
            }
        }
        let n = requirements.skills.len();
        let mut reason = format!("has {} of the {n} required skills", m.skills_matched.len());
        if !m.skills_missing.is_empty() {
            reason.push_str(&format!(" (not found: {})", m.skills_missing.join(", ")));
        }
        m.reasons.push(reason);
        parts.push((0.6, m.skills_matched.len() as f32 / n as f32));
    }
    if let Some(min) = requirements.min_years_experience {
        match resume.years_experience {
            Some(years) => {
                let ok = years >= min;
                m.experience_ok = Some(ok);
                let verb = if ok { "meets" } else { "is below" };
                m.reasons.push(format!("{years} years of experience {verb} the {min} required"));
                parts.push((0.2, (years / min.max(0.1)).min(1.0)));
            }
            None => m.reasons.push(format!("the resume does not state years of experience ({min} required)")),
        }
    }
    if let Some(required) = requirements.education.as_deref().and_then(Degree::named_in) {
        let highest = resume.education.iter().filter_map(|e| Degree::named_in(e)).max();
        match highest {
            Some(degree) => {
                let ok = degree >= required;
                m.education_ok = Some(ok);
                let verb = if ok { "meets" } else { "is below" };
                m.reasons.push(format!(
                    "{} {verb} the {} required",
                    capitalise(degree.name()),
                    required.name().trim_start_matches("a ").trim_start_matches("an ")
                ));
                parts.push((0.2, if ok { 1.0 } else { 0.0 }));
            }
            None => m.reasons.push(format!("the resume does not state a degree ({} required)", required.name())),
        }
    }
    let weight: f32 = parts.iter().map(|(w, _)| w).sum();
    if weight > 0.0 {
        let met: f32 = parts.iter().map(|(w, f)| w * f).sum();
        m.score = Some((met / weight * 1000.0).round() / 10.0);
    }
    m
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "Li Na\nli.na@example.com\n\nEducation\nB.Eng. Mechanical Engineering, Tongji University, 2012\n\n\
                      Experience\n2018 - present  Production supervisor, Acme Motors\n2012 - 2018  Line engineer, Bosch\n\
                      8 years of experience in automotive assembly.\nSkills: Lean, 5S; SAP, Six Sigma";
    const ZH: &str = "王芳\n教育背景\n2010-2014 华东理工大学 本科 工业工程\n工作经历\n2019.03-至今 苏州某电子厂 生产主管\n\
                      工作经验五年，熟悉精益生产\n专业技能：精益生产、5S、ERP";

    #[test]
    fn reads_what_an_english_resume_states() {
        let r = parse_resume(EN, &Resume::default());
        assert_eq!(r.years_experience, Some(8.0));
        assert_eq!(r.skills, vec!["Lean", "5S", "SAP", "Six Sigma"]);
        assert_eq!(r.education.len(), 1, "{:?}", r.education);
        assert_eq!(r.experience.len(), 2, "{:?}", r.experience);
    }

    #[test]
    fn reads_what_a_chinese_resume_states() {
        let r = parse_resume(ZH, &Resume::default());
        assert_eq!(r.years_experience, Some(5.0));
        assert_eq!(r.skills, vec!["精益生产", "5S", "ERP"]);
        assert!(r.education.iter().any(|e| e.contains("本科")), "{:?}", r.education);
        assert!(r.experience.iter().any(|e| e.contains("生产主管")), "{:?}", r.experience);
    }

    #[test]
    fn given_fields_are_kept() {
        let given = Resume { skills: vec!["Welding".into()], ..Default::default() };
        assert_eq!(parse_resume(EN, &given).skills, vec!["Welding"]);
    }

    #[test]
    fn matches_requirements_with_reasons() {
        let r = parse_resume(EN, &Resume::default());
        let req = JobRequirements {
            skills: vec!["lean".into(), "SAP".into(), "PLC".into()],
            min_years_experience: Some(5.0),
            education: Some("Bachelor".into()),
        };
        let m = match_resume(&r, EN, &req);
        assert_eq!(m.skills_matched, vec!["lean", "SAP"]);
        assert_eq!(m.skills_missing, vec!["PLC"]);
        assert_eq!((m.experience_ok, m.education_ok), (Some(true), Some(true)));
        // 0.6 × 2/3 + 0.2 + 0.2 = 0.8
        assert_eq!(m.score, Some(80.0));
        assert!(m.reasons[0].contains("2 of the 3") && m.reasons[0].contains("PLC"), "{:?}", m.reasons);

        let master =
            JobRequirements {
                education: Some("硕士".into()), min_years_experience: Some(10.0), ..Default::default()
            };
        let m = match_resume(&r, EN, &master);
        assert_eq!((m.experience_ok, m.education_ok), (Some(false), Some(false)));
        assert!(
            m.reasons.iter().any(|r| r.contains("8 years of experience is below the 10 required")),
            "{:?}",
            m.reasons
        );
        assert_eq!(match_resume(&r, EN, &JobRequirements::default()).score, None);
    }

    #[test]
    fn says_when_the_resume_does_not_say() {
        let req = JobRequirements { min_years_experience: Some(3.0), ..Default::default() };
        let m = match_resume(&Resume::default(), "", &req);
        assert_eq!((m.experience_ok, m.score), (None, None));
        assert!(m.reasons[0].contains("does not state years"));
    }
}
