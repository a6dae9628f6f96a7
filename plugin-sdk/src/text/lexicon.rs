//! The words narration analysis looks for: negations, pronouns, markers of
//! the past and of the hypothetical, verbs of state, English past tenses and
//! numerals. Chinese entries are whole words as the segmenter produces them.
//! Every list is sorted (bytewise, as `str` orders) so that [`contains`]
//! binary-searches it: these are looked up for every token.

/// Words that negate what follows them. Chinese ones are whole segmenter
/// words, so 不仅 (not only) and 不断 (constantly) are not among them.
pub(super) const NEGATORS_ZH: &[&str] = &[
    "不",
    "不会",
    "不再",
    "不是",
    "不曾",
    "不能",
    "从不",
    "从未",
    "从来不",
    "从没",
    "决不",
    "别",
    "并未",
    "并没有",
    "并非",
    "无法",
    "未",
    "未曾",
    "未能",
    "毫无",
    "没",
    "没有",
    "没能",
    "绝不",
];

pub(super) const NEGATORS_EN: &[&str] =
    &["cannot", "hardly", "n't", "neither", "never", "no", "nor", "not", "n’t", "without"];

pub(super) const ME_ZH: &[&str] = &["我", "本人"];

pub(super) const WE_ZH: &[&str] = &["咱们", "我们", "我们俩"];

pub(super) const OTHERS_ZH: &[&str] = &["他", "他们", "她", "她们", "对方"];

pub(super) const PAST_ZH: &[&str] = &[
    "上次",
    "之前",
    "了",
    "于是",
    "以前",
    "先",
    "前年",
    "去年",
    "后来",
    "当场",
    "当时",
    "接着",
    "曾经",
    "最后",
    "最终",
    "然后",
    "立刻",
    "结果",
    "过",
    "那年",
    "那时",
    "那时候",
    "那次",
    "随后",
    "首先",
    "马上",
];

pub(super) const HYPOTHETICAL_ZH: &[&str] =
    &["会", "假如", "准备", "可能", "如果", "将", "将会", "应该", "打算", "要是"];

/// Verbs of being, having, feeling and wanting: no action in them.
pub(super) const STATIVE_ZH: &[&str] = &[
    "会", "像", "具有", "叫", "可以", "善于", "喜欢", "在", "姓", "属于", "希望", "应该", "想", "感到", "愿意", "懂得",
    "成为", "拥有", "擅长", "是", "有", "来自", "毕业", "没有", "注重", "热爱", "爱", "相信", "看重", "知道", "能",
    "表示", "要", "觉得", "认为", "认同", "需要",
];

pub(super) const HYPOTHETICAL_EN: &[&str] =
    &["'d", "'ll", "if", "might", "shall", "should", "will", "would", "’d", "’ll"];

pub(super) const ADVERBS_EN: &[&str] = &[
    "all",
    "also",
    "and",
    "both",
    "but",
    "even",
    "eventually",
    "finally",
    "first",
    "immediately",
    "just",
    "later",
    "myself",
    "next",
    "once",
    "ourselves",
    "personally",
    "quickly",
    "so",
    "soon",
    "still",
    "then",
    "together",
];

/// Past forms of being, having, feeling and wanting.
pub(super) const STATIVE_PAST_EN: &[&str] = &[
    "been",
    "believed",
    "cared",
    "enjoyed",
    "felt",
    "had",
    "hoped",
    "knew",
    "liked",
    "loved",
    "needed",
    "preferred",
    "seemed",
    "thought",
    "used",
    "wanted",
    "was",
    "were",
];

pub(super) const IRREGULAR_PAST_EN: &[&str] = &[
    "arose",
    "became",
    "began",
    "bought",
    "broke",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "dealt",
    "did",
    "drew",
    "drove",
    "fell",
    "felt",
    "fought",
    "found",
    "gave",
    "got",
    "grew",
    "had",
    "heard",
    "held",
    "hid",
    "hit",
    "kept",
    "knew",
    "led",
    "left",
    "lent",
    "let",
    "lost",
    "made",
    "meant",
    "met",
    "overcame",
    "paid",
    "put",
    "quit",
    "ran",
    "rebuilt",
    "rewrote",
    "rose",
    "said",
    "sat",
    "saw",
    "sent",
    "set",
    "shook",
    "sold",
    "sought",
    "spent",
    "split",
    "spoke",
    "spread",
    "stood",
    "stuck",
    "taught",
    "thought",
    "threw",
    "told",
    "took",
    "understood",
    "undertook",
    "was",
    "went",
    "were",
    "withdrew",
    "won",
    "wrote",
];

/// Words ending in -ed that are not past tenses.
pub(super) const NOT_PAST_ED: &[&str] =
    &["bed", "embed", "feed", "hundred", "indeed", "need", "red", "seed", "shed", "speed"];

/// Chinese numerals, and the measure words that may follow them in one word.
pub(super) const NUMERALS_ZH: &str = "零〇一二两三四五六七八九十百千万亿半";

pub(super) const MEASURES_ZH: &str = "个倍成周天月年次名人位元块分秒台件钟小时";

/// Words made of numerals that are not quantities: 万一 (in case), 十分 (very).
pub(super) const NOT_QUANTITIES_ZH: &[&str] = &["一一", "一个", "一次", "万一", "万万", "十分", "千万", "百般"];

pub(super) const NUMBER_WORDS_EN: &[&str] = &[
    "double", "eight", "eleven", "fifteen", "fifty", "five", "forty", "four", "half", "hundred", "million", "nine",
    "percent", "seven", "six", "ten", "thirty", "thousand", "three", "triple", "twelve", "twenty", "twice", "two",
];

/// Whether `list` (sorted) holds `word`.
pub(super) fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_sorted_for_binary_search() {
        let lists = [
            NEGATORS_ZH,
            NEGATORS_EN,
            ME_ZH,
            WE_ZH,
            OTHERS_ZH,
            PAST_ZH,
            HYPOTHETICAL_ZH,
            STATIVE_ZH,
            HYPOTHETICAL_EN,
            ADVERBS_EN,
            STATIVE_PAST_EN,
            IRREGULAR_PAST_EN,
            NOT_PAST_ED,
            NOT_QUANTITIES_ZH,
            NUMBER_WORDS_EN,
        ];
        for list in lists {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }
}
