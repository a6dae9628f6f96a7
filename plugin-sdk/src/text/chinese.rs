//! Chinese for narration: which words are verbs, which noun opens a clause
//! as its subject, and when a pronoun owns the noun after it.

use super::document::Document;
use super::lexicon::{COVERBS_ZH, HYPOTHETICAL_ZH, LEADING_ZH, ME_ZH, OTHERS_ZH, PAST_ZH, STATIVE_ZH, WE_ZH, contains};
use super::narration::is_negator;
use super::tokenize::TokenKind;

/// Whether the Chinese pronoun at `index` is followed at once by a noun it
/// owns (我们产线, 我们店): a word that is no verb, adverb, preposition, time
/// or figure.
pub(super) fn before_noun(document: &Document, index: usize) -> bool {
    let next = index + 1;
    let Some(token) = document.tokens().get(next) else { return false };
    let word = document.word(next);
    token.kind == TokenKind::Han
        && token.start == document.tokens()[index].end
        && !is_verb(document, next)
        && !contains(LEADING_ZH, word)
        && !contains(COVERBS_ZH, word)
        && !contains(PAST_ZH, word)
        && !contains(HYPOTHETICAL_ZH, word)
        && !contains(STATIVE_ZH, word)
        && !is_negator(document, next)
        && !document.is_quantity(next)
        && !document.is_time_anchor(next)
        && !matches!(word, "的" | "俩" | "几个" | "两个" | "大家" | "一起")
}

/// The noun a Chinese clause opens with as its subject, before its first
/// verb (那个顾客后来还是买了, 第二天转化率就回去了): someone or something
/// other than the teller acts, so the actor of the clause before does not
/// carry over. Adverbs, connectives, times, figures and determiners before
/// it are skipped; a preposition (把, 在, 跟) means the subject was left out.
pub(super) fn chinese_subject(document: &Document, from: usize, first_verb: usize) -> Option<usize> {
    for i in from..first_verb {
        let token = document.tokens()[i];
        if !token.is_word() {
            continue;
        }
        if token.kind != TokenKind::Han {
            return None;
        }
        let word = document.word(i);
        // 我的任务是…: a possessive pronoun, the teller's own topic.
        if contains(COVERBS_ZH, word) || is_negator(document, i) || is_pronoun_zh(word) {
            return None;
        }
        let skipped = contains(LEADING_ZH, word)
            || contains(PAST_ZH, word)
            || document.is_quantity(i)
            || document.is_time_anchor(i)
            || word.starts_with('第');
        if !skipped {
            return Some(i);
        }
    }
    None
}

fn is_pronoun_zh(word: &str) -> bool {
    contains(ME_ZH, word) || contains(WE_ZH, word) || contains(OTHERS_ZH, word)
}

/// Whether Chinese token `index` is a verb: the dictionary says so, or an
/// aspect particle follows it (挪了, 试过): the dictionary lacks many verbs
/// of one character as people use them.
pub(super) fn is_verb(document: &Document, index: usize) -> bool {
    let tokens = document.tokens();
    tokens[index].verb
        || (tokens[index].kind == TokenKind::Han
            && document.tokens().get(index + 1).is_some_and(|next| next.start == tokens[index].end)
            && matches!(document.word(index + 1), "了" | "过" | "着")
            && !document.is_quantity(index)
            && !contains(PAST_ZH, document.word(index)))
}
