//! The words the detail and outcome analyses look for. Every list is sorted
//! (bytewise) so that `contains` binary-searches it; Chinese entries are whole
//! segmenter words.

/// English words that say nothing particular about an episode: function
/// words, fillers and hedges, and the vocabulary every interview answer
/// shares (team, problem, communicate, successfully). Looked up with simple
/// suffixes stripped (`colleagues` → `colleague`).
#[rustfmt::skip]
pub(super) const COMMON_EN: &[&str] = &[
    "a", "able", "about", "above", "absolutely", "accept", "accepted", "according", "account", "achieve",
    "achieved", "across", "action", "actions", "active", "actually", "add", "added", "advice", "affect", "after",
    "afterwards", "again", "against", "ago", "agree", "agreed", "agreement", "ahead", "aim", "all", "allow",
    "almost", "alone", "along", "already", "also", "although", "always", "am", "amazing", "among", "amount", "an",
    "and", "another", "answer", "any", "anybody", "anyone", "anything", "anyway", "appreciate", "approach", "are",
    "area", "areas", "argue", "around", "arrange", "arrived", "as", "ask", "asked", "aspect", "assume", "at",
    "attention", "attitude", "available", "avoid", "aware", "awareness", "away", "awful", "back", "bad", "balance",
    "bar", "based", "basic", "basically", "basis", "be", "became", "because", "become", "been", "before", "begin",
    "beginning", "behind", "being", "believe", "believed", "below", "benefit", "best", "better", "between",
    "beyond", "big", "bigger", "bit", "both", "bottom", "break", "brief", "bring", "broad", "brought", "build",
    "built", "busy", "but", "buy", "by", "call", "called", "calm", "calmly", "came", "can", "cannot", "care",
    "careful", "carefully", "carry", "case", "caused", "certain", "certainly", "challenge", "challenges", "chance",
    "change", "changed", "changes", "check", "checked", "checking", "choice", "choose", "chose", "clear", "clearly",
    "close", "closely", "collaboration", "collaborative", "colleague", "colleagues", "come", "common",
    "communicate", "communicated", "communicating", "communication", "company", "complete", "completed",
    "completely", "concern", "concerned", "concerns", "condition", "confident", "consensus", "consider",
    "considered", "constant", "continue", "continued", "continuous", "contribution", "control", "coordinate",
    "coordinated", "correct", "cost", "could", "count", "couple", "course", "create", "created", "critical",
    "current", "currently", "customer", "customers", "cut", "daily", "data", "day", "days", "deal", "decide",
    "decided", "decision", "decisions", "deep", "definitely", "deliver", "delivered", "delivering", "department",
    "describe", "detail", "details", "develop", "developed", "development", "did", "difference", "different",
    "difficult", "direct", "directly", "discuss", "discussed", "do", "does", "doing", "done", "doubt", "down",
    "drive", "driven", "during", "each", "early", "easier", "easily", "easy", "effective", "effectively",
    "efficiency", "efficient", "effort", "either", "else", "encourage", "encouraged", "end", "ended", "engagement",
    "enjoy", "enough", "ensure", "ensured", "ensuring", "entire", "environment", "equal", "er", "erm", "error",
    "especially", "etc", "even", "event", "events", "eventually", "ever", "every", "everybody", "everyday",
    "everyone", "everything", "evidence", "exact", "exactly", "example", "excellent", "except", "expect",
    "expectation", "expectations", "expected", "experience", "expertise", "explain", "explained", "extra",
    "extremely", "face", "faced", "fact", "fail", "failed", "fair", "fairly", "fall", "familiar", "family", "far",
    "fast", "feedback", "feel", "feeling", "felt", "few", "field", "figure", "final", "finally", "find", "fine",
    "finish", "finished", "first", "fix", "fixed", "focus", "follow", "followed", "following", "for", "force",
    "form", "forward", "found", "free", "friend", "friends", "from", "front", "full", "fully", "further", "future",
    "gain", "general", "generally", "get", "gets", "getting", "give", "given", "glad", "go", "goal", "goals",
    "goes", "going", "gone", "good", "got", "great", "grow", "growth", "guess", "guy", "guys", "had", "half",
    "hand", "handle", "handled", "handling", "happen", "happened", "happy", "hard", "has", "have", "having", "he",
    "hear", "heard", "hello", "help", "helped", "helping", "her", "here", "high", "him", "his", "hold", "honest",
    "honestly", "hope", "hopefully", "hour", "hours", "how", "however", "huge", "i", "idea", "ideas", "identified",
    "identify", "if", "imagine", "immediately", "impact", "implement", "implemented", "important", "improve",
    "improved", "improvement", "improvements", "in", "include", "included", "including", "increase", "increased",
    "indeed", "individual", "information", "initiative", "inside", "instead", "interest", "interested", "into",
    "involve", "involved", "is", "issue", "issues", "it", "its", "itself", "job", "just", "keep", "kept", "key",
    "kid", "kids", "kind", "knew", "know", "knowledge", "known", "lack", "large", "last", "late", "later", "leader",
    "leadership", "learn", "learned", "learning", "least", "leave", "led", "left", "less", "lesson", "lessons",
    "let", "level", "lie", "life", "light", "like", "likely", "line", "list", "listen", "listened", "literally",
    "little", "live", "local", "long", "look", "looked", "lose", "loss", "lost", "lot", "lots", "love", "low",
    "lower", "made", "main", "major", "make", "makes", "making", "manage", "managed", "management", "manager",
    "many", "mark", "matter", "maybe", "me", "mean", "means", "meant", "measure", "measures", "meet", "meeting",
    "member", "members", "mention", "mentioned", "message", "method", "middle", "might", "mind", "mindset", "mine",
    "minor", "minute", "minutes", "miss", "mistake", "mistakes", "moment", "money", "month", "months", "more",
    "most", "motivated", "motivation", "move", "moved", "moving", "much", "must", "my", "myself", "naturally",
    "nearly", "necessary", "need", "needed", "needs", "negative", "never", "new", "next", "nice", "no", "nobody",
    "none", "nor", "normal", "normally", "not", "note", "nothing", "notice", "noticed", "now", "number", "numbers",
    "objective", "objectives", "obviously", "of", "off", "offer", "offered", "officially", "often", "ok", "okay",
    "old", "on", "once", "one", "only", "open", "opinion", "opportunity", "or", "order", "original", "other",
    "others", "otherwise", "our", "ours", "ourselves", "out", "outcome", "outside", "over", "overall", "own",
    "ownership", "part", "particular", "passionate", "pay", "people", "perfect", "performance", "perhaps", "person",
    "personal", "personally", "pick", "picked", "place", "plan", "planning", "plans", "play", "point", "points",
    "positive", "possible", "possibly", "potential", "practice", "practise", "practised", "prefer", "present",
    "pressure", "pretty", "previous", "price", "priority", "private", "probably", "problem", "problems", "process",
    "processes", "productivity", "professional", "progress", "project", "projects", "proper", "properly", "prove",
    "provide", "public", "pull", "push", "put", "quality", "question", "questions", "quick", "quickly", "quite",
    "raise", "raised", "range", "rate", "rather", "reach", "reached", "read", "ready", "real", "realise",
    "realised", "realize", "realized", "really", "reason", "recent", "recently", "recognised", "recognized",
    "record", "reduce", "reduced", "regular", "regularly", "related", "relationship", "remember", "report",
    "reported", "request", "require", "required", "research", "resolve", "resolved", "resource", "resources",
    "respect", "response", "responsibility", "responsible", "rest", "result", "results", "return", "review",
    "right", "role", "rule", "rules", "run", "running", "safe", "said", "same", "save", "saved", "saw", "say",
    "saying", "second", "see", "seem", "seemed", "seen", "sense", "serious", "seriously", "serve", "service", "set",
    "several", "share", "shared", "she", "short", "should", "show", "showed", "side", "sign", "similar", "simple",
    "simply", "since", "single", "situation", "skill", "skills", "small", "smoothly", "so", "social", "solution",
    "solutions", "solve", "solved", "some", "somebody", "someone", "something", "sometimes", "soon", "sort",
    "sound", "special", "specific", "spend", "spent", "spoke", "stage", "stakeholder", "stakeholders", "standard",
    "start", "started", "starting", "state", "stay", "stayed", "step", "steps", "still", "stop", "stopped", "story",
    "straight", "strategy", "strength", "strong", "stuff", "style", "success", "successful", "successfully", "such",
    "suggest", "suggested", "support", "supported", "suppose", "sure", "surprised", "system", "take", "taken",
    "taking", "talk", "talked", "task", "tasks", "teach", "team", "teams", "teamwork", "tell", "term", "test",
    "tested", "than", "thank", "thanks", "that", "the", "their", "them", "themselves", "then", "there", "therefore",
    "these", "they", "thing", "things", "think", "thinking", "third", "this", "those", "though", "thought",
    "thoughtful", "through", "time", "times", "to", "together", "told", "too", "took", "tough", "toward", "towards",
    "track", "tried", "true", "trust", "truth", "try", "trying", "turn", "turned", "type", "typical", "uh", "um",
    "under", "understand", "understood", "unless", "until", "up", "upon", "us", "use", "used", "usual", "usually",
    "value", "values", "various", "version", "very", "view", "wait", "walk", "walked", "want", "wanted", "warm",
    "was", "watch", "watched", "way", "ways", "we", "week", "weeks", "welcome", "well", "went", "were", "what",
    "whatever", "when", "whenever", "where", "whether", "which", "while", "who", "whole", "why", "wide", "will",
    "win", "wish", "with", "within", "without", "wonder", "word", "words", "work", "worked", "working", "worry",
    "worse", "worth", "would", "write", "wrong", "yeah", "year", "years", "yes", "yet", "you", "your", "yourself",
];

/// Chinese words uncommon in general text but common in every interview
/// answer (复盘, 诉求, 担当, 换位思考): not details. More common words are
/// generic by their frequency alone.
#[rustfmt::skip]
pub(super) const GENERIC_ZH: &[&str] = &[
    "下滑", "事事", "互助", "以身作则", "价值观", "使命感", "侥幸", "共识", "出发点", "制度化", "化解", "协作", "双赢", "反思", "反馈", "同理心", "团队精神",
    "复用", "复盘", "大局意识", "奉献", "安全隐患", "对齐", "工作量", "帮扶", "常态", "干劲", "应对", "底线", "影响力", "情境", "感悟", "担当", "拉通",
    "拍板", "换位", "换位思考", "攻坚", "整改", "标准化", "概率", "沉淀", "流程", "满意度", "牵头", "督促", "细心", "统筹", "绩效", "至上", "表扬", "规程",
    "认同", "讲解", "诉求", "说服", "说白了", "请示", "调配", "责任心", "责任感", "赞扬", "跟进", "辅导", "进度", "迭代", "门店", "闭环", "隐患", "集体利益",
];

/// Chinese words that place a story at a time (去年, 那天, 春节); a numeral
/// with 月 (九月) is one too.
#[rustfmt::skip]
pub(super) const TIME_ZH: &[&str] = &[
    "上个月", "上周", "上月", "上次", "今年", "冬天", "凌晨", "前天", "前年", "去年", "周一", "周三", "周二", "周五", "周六", "周四", "周天", "周日",
    "周末", "国庆", "夏天", "年初", "年前", "年底", "年末", "当天", "当年", "旺季", "星期一", "星期三", "星期二", "星期五", "星期六", "星期四", "星期天",
    "星期日", "春天", "春节", "昨天", "月初", "月底", "淡季", "秋天", "节前", "那天", "那年", "那次",
];

/// English words that place a story at a time (ago, Sunday, Christmas);
/// `last` and `once` do when they open a phrase, see `detail`.
#[rustfmt::skip]
pub(super) const TIME_EN: &[&str] = &[
    "afternoon", "ago", "april", "august", "autumn", "christmas", "december", "easter", "evening", "fall",
    "february", "fortnight", "friday", "january", "july", "june", "march", "may", "monday", "morning", "night",
    "november", "october", "saturday", "september", "spring", "summer", "sunday", "thursday", "tuesday",
    "wednesday", "weekend", "winter", "yesterday",
];

/// Chinese verbs of change: with a figure (下降了三成, 降到了千分之三) a
/// measured result.
#[rustfmt::skip]
pub(super) const CHANGE_ZH: &[&str] = &[
    "上升", "上涨", "下滑", "下跌", "下降", "减到", "减半", "减少", "升到", "压到", "回到", "回升", "回去", "增加", "增长", "多省", "少了", "快了",
    "恢复", "掉到", "控制", "提升", "提高", "涨", "涨到", "省", "省下", "省了", "突破", "缩短", "翻倍", "节省", "超过", "达到", "降", "降了", "降低",
    "降到",
];

/// Chinese words that compare an outcome with something (比去年高, 提前两天).
#[rustfmt::skip]
pub(super) const COMPARE_ZH: &[&str] = &[
    "推迟", "提前", "提早", "比",
];

/// Chinese words saying something was done or reached: 按期完工, 通过考核.
#[rustfmt::skip]
pub(super) const COMPLETE_ZH: &[&str] = &[
    "上岗", "上线", "习惯", "交付", "交货", "关门", "关闭", "准时", "同意", "如期", "完工", "完成", "开门", "成为", "投产", "拿到", "按时", "按期",
    "接受", "签下", "签约", "结案", "获得", "赢得", "跑通", "转正", "达标", "通过",
];

/// After a negation, these say a problem stopped happening: 没再出现, 再也没有.
#[rustfmt::skip]
pub(super) const AGAIN_ZH: &[&str] = &[
    "再", "再也", "出过", "过",
];

/// Chinese words that open a story's result.
#[rustfmt::skip]
pub(super) const MARKERS_ZH: &[&str] = &[
    "最后", "最终", "结果",
];

/// English verbs of change: with a figure (fell by a third) a measured result.
#[rustfmt::skip]
pub(super) const CHANGE_EN: &[&str] = &[
    "climbed", "cut", "declined", "decreased", "doubled", "dropped", "fell", "grew", "halved", "improved",
    "increased", "jumped", "lifted", "raised", "recovered", "reduced", "rose", "saved", "shrank",
];

/// English particles of change that need a figure to tell one (down to 0.3
/// percent, back at 37.5 percent).
#[rustfmt::skip]
pub(super) const SHIFT_EN: &[&str] = &[
    "back", "down", "up",
];

/// English words that compare an outcome with something (two days early,
/// faster than).
#[rustfmt::skip]
pub(super) const COMPARE_EN: &[&str] = &[
    "ahead", "cheaper", "earlier", "early", "faster", "instead", "quicker", "than",
];

/// English verbs saying something was done or reached.
#[rustfmt::skip]
pub(super) const COMPLETE_EN: &[&str] = &[
    "accepted", "achieved", "agreed", "closed", "completed", "delivered", "finished", "hit", "launched", "met",
    "opened", "passed", "recovered", "shipped", "signed", "won",
];

/// English verbs saying a problem stopped.
#[rustfmt::skip]
pub(super) const STOPPED_EN: &[&str] = &[
    "ceased", "disappeared", "stopped", "vanished",
];

/// After a negation, these say a problem stopped: never again, no more.
#[rustfmt::skip]
pub(super) const AGAIN_EN: &[&str] = &[
    "again", "another", "anymore", "longer", "more", "since",
];

/// English words that open a story's result (also `in the end`, `by the
/// end`, `as a result`: see `outcome`).
#[rustfmt::skip]
pub(super) const MARKERS_EN: &[&str] = &[
    "eventually", "finally", "outcome", "result",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_sorted_for_binary_search() {
        for list in [
            COMMON_EN,
            GENERIC_ZH,
            TIME_ZH,
            TIME_EN,
            CHANGE_ZH,
            COMPARE_ZH,
            COMPLETE_ZH,
            AGAIN_ZH,
            MARKERS_ZH,
            CHANGE_EN,
            SHIFT_EN,
            COMPARE_EN,
            COMPLETE_EN,
            STOPPED_EN,
            AGAIN_EN,
            MARKERS_EN,
        ] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
    }
}
