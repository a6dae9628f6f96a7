//! The follow-up checks of [`Conformance`]: every question answered with each
//! rule's cues (and with a plain answer), in both locales, through the bank.

use super::{Conformance, answer, question};
use crate::{Question, QuestionKind};

/// An answer no cue is likely to be in.
const PLAIN_ANSWER: &str = "嗯。";

impl Conformance<'_> {
    /// Follow-ups only to sections a rule follows up, named after the question
    /// and a rule, in the answer's locale; none to a follow-up. The first
    /// problem of each question is reported.
    pub(super) fn check_follow_ups(&self, problems: &mut Vec<String>) {
        let rules = self.catalogue.follow_ups;
        let answers: Vec<String> = rules
            .iter()
            .map(|r| r.cues.join("，"))
            .filter(|cues| !cues.is_empty())
            .chain([PLAIN_ANSWER.to_owned()])
            .collect();
        for entry in self.catalogue.entries {
            let asked = ["zh-CN", "en"].map(|locale| question(self.catalogue, entry.id, locale));
            let problem = asked.iter().flat_map(|q| answers.iter().map(move |text| (q, text))).find_map(|(q, text)| {
                self.check_follow_up(q, text).err().map(|p| format!("follow-up to {:?} ({}): {p}", q.id, q.locale))
            });
            problems.extend(problem);
        }
    }

    fn check_follow_up(&self, question: &Question, text: &str) -> Result<(), String> {
        let Some(follow) = self.follow_up(question, &answer(question, text))? else { return Ok(()) };
        let rules = self.catalogue.follow_ups;
        if !rules.iter().any(|r| r.kinds.contains(&question.kind)) {
            return Err(format!("{:?} was proposed, but no rule follows up that section", follow.id));
        }
        let suffix = follow.id.strip_prefix(&format!("{}.follow-up-", question.id));
        if !suffix.is_some_and(|s| rules.iter().any(|r| r.suffix == s)) {
            return Err(format!("{:?} is not named <question id>.follow-up-<a rule's suffix>", follow.id));
        }
        if follow.kind != QuestionKind::FollowUp || follow.locale != question.locale || follow.text.trim().is_empty() {
            return Err(format!(
                "{:?} is a {:?} in {:?} with the text {:?}",
                follow.id, follow.kind, follow.locale, follow.text
            ));
        }
        match self.follow_up(&follow, &answer(&follow, text))? {
            Some(again) => Err(format!("the follow-up {:?} got one of its own, {:?}", follow.id, again.id)),
            None => Ok(()),
        }
    }
}
