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

#[rustfmt::skip]
pub(super) const IRREGULAR_PAST_EN: &[&str] = &[
    "arose", "became", "began", "bought", "bound", "broke", "brought", "built", "came", "caught", "chose", "cut",
    "dealt", "did", "drew", "drove", "fed", "fell", "felt", "fled", "forgot", "fought", "found", "gave", "got",
    "grew", "had", "heard", "held", "hid", "hit", "hung", "kept", "knew", "led", "left", "lent", "let", "lit",
    "lost", "made", "meant", "met", "overcame", "paid", "put", "quit", "ran", "rang", "read", "rebuilt", "rewrote",
    "rose", "said", "sang", "sank", "sat", "saw", "sent", "set", "shook", "shot", "shut", "slid", "sold", "sought",
    "spent", "split", "spoke", "spread", "stole", "stood", "stuck", "swam", "swept", "taught", "thought", "threw",
    "told", "took", "tore", "understood", "undertook", "was", "went", "were", "withdrew", "woke", "won", "wound",
    "wrote",
];

/// Words ending in -ed that are not past tenses.
pub(super) const NOT_PAST_ED: &[&str] =
    &["bed", "embed", "feed", "hundred", "indeed", "need", "red", "seed", "shed", "speed"];

/// Chinese numerals, and the measure words that may follow them in one word.
pub(super) const NUMERALS_ZH: &str = "零〇一二两三四五六七八九十百千万亿半";

pub(super) const MEASURES_ZH: &str = "个倍成周天月年次名人位元块分秒台件钟小时点";

/// Words made of numerals that are not quantities: 万一 (in case), 十分 (very).
pub(super) const NOT_QUANTITIES_ZH: &[&str] = &["一一", "一个", "一次", "万一", "万万", "十分", "千万", "百般"];

pub(super) const NUMBER_WORDS_EN: &[&str] = &[
    "double",
    "dozen",
    "eight",
    "eighty",
    "eleven",
    "fifteen",
    "fifth",
    "fifths",
    "fifty",
    "five",
    "forty",
    "four",
    "half",
    "hundred",
    "hundreds",
    "million",
    "nine",
    "ninety",
    "percent",
    "quarter",
    "quarters",
    "seven",
    "seventy",
    "six",
    "sixty",
    "ten",
    "tenth",
    "tenths",
    "third",
    "thirds",
    "thirty",
    "thousand",
    "thousands",
    "three",
    "triple",
    "twelve",
    "twenty",
    "twice",
    "two",
    "zero",
];

/// Words that may open a Chinese clause before its verb without being its
/// subject: adverbs, connectives, determiners (然后, 马上, 那个).
#[rustfmt::skip]
pub(super) const LEADING_ZH: &[&str] = &[
    "一一", "一下", "一下子", "一个", "一位", "一共", "一旦", "一直", "一般", "一起", "一边", "万一", "不断", "不管", "不过", "专门", "为了", "主动",
    "之前", "之后", "也", "也就", "于是", "亲手", "亲自", "仔细", "以前", "以后", "但", "但是", "便", "假如", "先", "全部", "其实", "其次", "再",
    "再次", "几乎", "分别", "刚", "刚刚", "前", "单独", "即使", "又", "及时", "反复", "另外", "只", "只好", "只要", "可是", "各", "同时", "后",
    "后来", "咱", "哪怕", "因为", "因此", "基本", "基本上", "多次", "大家", "大概", "如", "如果", "就", "就是", "尽快", "尽管", "差不多", "已经", "平时",
    "并", "并且", "当", "当场", "当时", "当面", "往往", "很", "总", "总共", "总是", "慢慢", "所以", "所有", "才", "挨个", "接着", "整个", "无论",
    "既然", "最后", "最终", "有个", "有位", "正", "正在", "此时", "每", "每周", "每天", "每次", "比较", "然后", "特别", "特意", "甚至", "由于", "直接",
    "真的", "确实", "私下", "积极", "立刻", "立即", "终于", "经常", "结果", "而", "而且", "耐心", "自己", "若", "虽然", "要是", "认真", "赶紧", "还",
    "还是", "还有", "这", "这个", "这些", "这位", "这时", "连夜", "逐个", "逐步", "通常", "那", "那个", "那些", "那位", "那时", "那时候", "都", "重新",
    "随即", "随后", "非常", "顺便", "首先", "马上",
];

/// Prepositions and coverbs: before the verb, they mean the subject was left
/// out (把三条线并成两条, 跟大家商量).
#[rustfmt::skip]
pub(super) const COVERBS_ZH: &[&str] = &[
    "与", "为", "从", "到", "叫", "同", "向", "和", "在", "对", "将", "帮", "往", "把", "拿", "按", "按照", "替", "朝", "比", "用", "由",
    "离", "等", "给", "被", "让", "请", "跟", "通过",
];

/// Chinese words that make a sentence habitual, not one occasion (一般, 平时).
#[rustfmt::skip]
pub(super) const HABITUAL_ZH: &[&str] = &[
    "一向", "一般", "一贯", "向来", "平时", "往往", "总是", "时常", "每次", "经常", "通常",
];

/// English words in -ing that are not participles.
#[rustfmt::skip]
pub(super) const ING_NOUNS_EN: &[&str] = &[
    "according", "anything", "beginning", "building", "ceiling", "clothing", "during", "evening", "everything",
    "feeling", "funding", "housing", "including", "meaning", "meeting", "morning", "nothing", "pudding",
    "something", "spring", "string", "thing", "training", "wedding",
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
            LEADING_ZH,
            COVERBS_ZH,
            HABITUAL_ZH,
            ING_NOUNS_EN,
        ];
        for list in lists {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }
}
