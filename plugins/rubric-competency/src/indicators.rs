//! Built-in behaviour indicators for the shared dimension vocabulary, in
//! Chinese and English. Each behaviour is something a candidate can be seen
//! doing in a story, named in words a candidate could be shown, with the
//! phrases that show it. Chinese phrases are whole words of the segmented
//! answer; `*` stands for a few words within a sentence.

/// Which way a behaviour moves a dimension's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    Positive,
    Negative,
}

/// One behaviour and the phrases that show it.
#[derive(Debug, Clone, Copy)]
pub struct Behaviour {
    pub en: &'static str,
    pub zh: &'static str,
    pub polarity: Polarity,
    pub patterns: &'static [&'static str],
}

const fn shows(en: &'static str, zh: &'static str, patterns: &'static [&'static str]) -> Behaviour {
    Behaviour { en, zh, polarity: Polarity::Positive, patterns }
}

const fn against(en: &'static str, zh: &'static str, patterns: &'static [&'static str]) -> Behaviour {
    Behaviour { en, zh, polarity: Polarity::Negative, patterns }
}

/// The built-in behaviours of a dimension, or none for an unknown id.
pub fn builtin(dimension: &str) -> &'static [Behaviour] {
    BUILTIN.iter().find(|(id, _)| *id == dimension).map_or(&[], |(_, behaviours)| behaviours)
}

/// The dimension ids with built-in behaviours.
pub fn dimensions() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(id, _)| *id)
}

#[rustfmt::skip]
const BLAME: Behaviour = against("blamed others", "把问题推给别人", &[
    "都是他们的问题", "不是我的问题", "甩锅", "推诿", "推卸", "怪他们", "their fault", "not my job", "not my problem", "blamed",
]);

// Phrases are chosen from how candidates tell their stories, not from how
// competency models name the behaviour: 组织双方一起梳理, 每周主持复盘, "I
// walked the team through", "I got both sides to agree". A phrase in several
// dimensions is evidence for each of them.
#[rustfmt::skip]
static BUILTIN: &[(&str, &[Behaviour])] = &[
    ("problem-solving", &[
        shows("looked for the cause", "查找问题原因", &[
            "查了", "原来是", "发现是", "才知道", "问清楚", "went through", "turned out", "found the", "checked why", "worked out",
            "拆开", "查清", "调取",
            "原因", "根本原因", "排查", "找出", "查明", "诊断", "分类", "拆解", "定位", "追溯", "分析", "为什么",
            "root cause", "the cause", "investigated", "diagnosed", "sorted", "found that", "identified", "traced",
            "pinpointed", "narrowed * down", "broke * down", "worked out why", "dug into", "looked into", "found out",
        ]),
        shows("gathered facts and data", "收集事实和数据", &[
            "数了", "量了", "拍了照", "拉出来", "对了一遍", "对照", "翻了", "pulled", "went through the", "mapped", "compared",
            "统计", "数据", "测量", "测", "记录", "日志", "现场", "调研", "访谈", "核对", "盘点", "计时",
            "data", "measured", "logs", "records", "watched", "checked the", "numbers", "figures", "counted",
            "timed", "surveyed", "interviewed", "observed", "on the floor",
        ]),
        shows("put a solution in place", "落实解决方案", &[
            "换掉", "改回", "调回", "改了", "换了", "联系", "restored", "put * back", "moved * into", "contacted", "swapped", "made * a rule",
            "加", "贴",
            "解决", "调整", "更换", "改进", "方案", "设计", "重新设计", "安排", "优化", "提出", "改成", "改为", "引入",
            "增加", "简化", "合并",
            "fixed", "solved", "changed", "redesigned", "replaced", "introduced", "added", "reorganized",
            "reorganised", "proposed", "set up", "brought in", "rearranged", "simplified", "switched to",
        ]),
        shows("checked the solution worked", "验证方案效果", &[
            "抽查", "spot-checked",
            "验证", "试点", "检验", "跟踪", "抽检", "对比", "灰度", "试运行", "复测", "观察", "监控",
            "tested", "verified", "piloted", "followed up", "monitored", "a check", "trialled", "trialed",
            "ran a pilot", "a/b test", "compared", "tracked", "staged",
        ]),
        against("gave up on the problem", "放弃解决问题", &["放弃", "不了了之", "gave up", "nothing i could do"]),
    ]),
    ("teamwork", &[
        shows("worked with others", "与他人协作", &[
            "在群里", "商量", "asked who", "asked in the", "with the manager", "with two",
            "brought * together",
            "一起", "共同", "合作", "配合", "协作", "大家", "双方", "各方", "联合", "互相", "搭档", "带着",
            "together", "with the team", "with the whole team", "collaborated", "with a colleague", "jointly",
            "both teams", "both shifts", "both sides", "alongside", "as a team", "teamed up", "paired",
            "with engineering", "with the designers",
        ]),
        shows("helped colleagues", "主动帮助同事", &[
            "顶上", "补上", "lent", "borrowed", "covered for", "did * myself", "myself",
            "帮助", "帮", "顶", "支援", "分担", "帮忙", "补位", "顶班", "替",
            "helped", "covered", "supported", "stepped in", "pitched in", "backed * up", "filled in", "took over",
            "showed * how",
        ]),
        shows("resolved disagreement", "化解分歧", &[
            "化解", "矛盾", "分歧", "协调", "达成一致", "对齐", "商量", "统一", "共识", "调解", "磨合", "说开",
            "agreed", "resolved", "settled", "aligned", "compromise", "mediated", "dispute", "common ground",
            "worked it out", "middle ground", "got * to agree",
        ]),
        shows("organised the work between people", "调配人手、分工协作", &[
            "分了一下", "分成", "让 * 负责", "一个看", "split", "paired", "had one on", "put * on", "moved * to",
            "调配", "分工", "排班", "轮班", "轮流", "班次", "调班", "换班",
            "rota", "shifts", "split the work", "shared out", "divided", "reassigned", "took turns",
            "coordinated",
        ]),
        shows("listened to the team", "听取团队意见", &[
            "听取", "意见", "分别", "聊", "顾虑", "想法", "谈心", "征求", "各自",
            "listened", "talked to each", "separately", "each of them", "concerns", "asked the team",
        ]),
        BLAME,
    ]),
    ("responsibility", &[
        shows("took ownership", "主动承担责任", &[
            "自己先", "我自己", "自己顶", "亲自", "took on", "owned", "myself", "on the spot", "there and then",
            "负责", "承担", "担起", "担当", "主动", "亲自", "牵头", "接手", "扛", "兜底",
            "took ownership", "owned", "took responsibility", "responsible for", "in charge", "personally",
            "took charge", "stepped up", "took it on", "accountable",
        ]),
        shows("saw it through", "盯到底、确保落实", &[
            "当天", "当场", "that day", "that same day", "the same day", "each shift", "every morning", "every evening",
            "stayed late", "stayed on",
            "抽查", "spot-checked", "spot-checking",
            "确保", "保证", "盯", "每天", "每班", "直到", "复查", "跟进", "落实",
            "made sure", "until", "every day", "every shift", "double-checked",
            "saw it through", "followed through", "followed up",
        ]),
        shows("admitted a mistake", "承认自己的失误", &[
            "如实汇报", "如实说明",
            "承认", "我的失误", "自己的失误", "我的错", "我的责任", "道歉", "检讨",
            "admitted", "my mistake", "apologised", "apologized", "owned up", "my error",
        ]),
        shows("put things right", "纠正并补救", &[
            "重新培训", "retrained",
            "纠正", "补救", "弥补", "补偿", "挽回", "返工", "召回", "整改",
            "corrected", "made up for", "put it right", "correct it", "put * right", "recalled", "reworked",
            "made good",
        ]),
        shows("prevented it happening again", "防止问题再次发生", &[
            "之后", "以后", "规定", "加到", "写进", "贴在", "点检表", "since then", "from then on", "made a rule", "added * to the", "pinned * up", "onto the",
            "template",
            "建立", "再遇到", "下次", "next time",
            "再也没有", "避免", "预防", "校验", "机制", "模板", "清单", "制度", "规范", "标准", "写进", "杜绝",
            "作业指导书", "点检",
            "never happened again", "prevent", "checklist", "did not come back", "has not had", "automatic check",
            "standard", "procedure", "has not happened", "put in place", "so that it * again", "never * again",
        ]),
        against("made excuses", "推卸责任、找借口", &["推卸", "借口", "不关我的事", "不是我的责任", "not my responsibility", "not my fault", "excuse"]),
    ]),
    ("communication", &[
        shows("listened first", "先倾听对方", &[
            "问", "聊", "asked", "talked to each", "one to one",
            "听取", "倾听", "听完", "了解", "访谈", "聊", "意见", "听", "顾虑", "想法", "征求", "诉求", "谈心",
            "listened", "listen", "heard", "interviewed", "concerns", "asked * what", "heard * out", "their side",
        ]),
        shows("explained clearly", "清楚地解释", &[
            "示范", "演示", "讲", "showed", "walked * through", "took * through", "explained",
            "解释", "讲清楚", "说明", "演示", "图表", "汇报", "讲", "讲解", "介绍", "展示", "传达", "同步", "通报",
            "示范", "培训",
            "explained", "demonstrated", "presented", "charts", "walked * through", "briefed", "showed", "shared",
            "wrote up", "kept * informed", "kept * updated", "laid out", "made it clear", "clarified",
            "summarised", "summarized",
        ]),
        shows("adapted to the audience", "因人沟通、说服", &[
            "单独", "私下",
            "说服", "一对一", "分别", "沟通", "协商", "对接", "当面", "打电话",
            "persuaded", "convinced", "one to one", "one-on-one", "separately", "talked to", "spoke to",
            "talked with", "spoke with", "met with", "sat down with", "face to face", "in person", "called",
        ]),
        shows("brought the parties together", "组织各方沟通对齐", &[
            "双方", "各方", "两边", "对齐", "拉通", "碰头", "例会", "会议", "开会", "复盘", "主持", "召集", "组织",
            "brought * together", "both sides", "both shifts", "both teams", "ran * review", "ran * meeting",
            "held * meeting", "weekly review", "chaired", "stand-up", "huddle", "got * in a room", "called a meeting",
        ]),
        shows("got agreement or feedback", "取得共识与反馈", &[
            "同意", "答应", "agreed", "condition",
            "反馈", "确认", "共识", "支持", "同意", "达成一致", "认可", "接受", "签字",
            "feedback", "confirmed", "agreed", "support", "got * to agree", "buy-in", "signed off", "on board",
            "accepted",
        ]),
        against("avoided talking", "回避沟通", &["不理", "懒得", "没必要沟通", "ignored them", "didn't bother"]),
    ]),
    ("professional-skill", &[
        shows("applied technical knowledge", "运用专业知识", &[
            "日志", "复现", "接口", "数据库", "索引", "缓存", "并发", "线程", "配置", "回滚", "监控", "告警", "压测", "代码", "脚本", "测试环境", "上线", "版本", "服务器", "超时", "幂等", "log", "logs", "reproduce", "reproduced", "stack trace", "crash", "database", "index", "cache", "thread", "query", "config", "rollback", "rolled back", "alert", "load test", "deploy", "release", "api", "timeout", "null", "locale", "script", "staging", "unit test", "regression test", "canary","需求", "原型", "埋点", "漏斗", "转化率", "指标", "交互", "节拍", "良率", "产能", "库存", "陈列", "funnel", "conversion", "prototype", "wireframe", "metric", "metrics", "spec", "requirements", "tracking", "dashboard", "sql", "cycle time", "yield", "inventory", "工艺", "参数", "程序", "设备", "算法", "模型", "系统", "原理", "精度", "process", "program", "parameters", "equipment", "system", "model", "algorithm", "tolerance"]),
        shows("diagnosed with evidence", "用证据判断问题", &[
            "复现", "对比", "排除", "缩小", "grouped", "narrowed", "reproduced", "ruled out", "compared", "bisected", "pointed at", "traced it","拆解", "归因", "定位到", "traced", "pinpointed", "broke * down", "判断", "发现", "定位", "分析", "数据", "concluded", "found", "identified", "analysed", "analyzed", "data", "measured"]),
        shows("designed or built a solution", "设计实施方案", &[
            "加了", "改成", "重写", "修复", "加上", "fixed it", "added a test", "added an alert", "rewrote", "refactored", "patched", "changed it to","规划", "迭代", "上线", "specified", "prototyped", "shipped", "launched", "rolled out", "iterated", "设计", "重新设计", "优化", "开发", "编写", "调整", "加入", "designed", "redesigned", "built", "developed", "wrote", "optimised", "optimized", "changed the", "add a"]),
    ]),
    ("learning", &[
        shows("drew lessons from experience", "从经历中总结", &["复盘", "总结了", "what i took away", "taught me", "学到", "学会", "总结", "反思", "复盘", "教训", "learned", "learnt", "reflected", "lesson"]),
        shows("studied or asked for help", "主动学习请教", &[
            "文档", "手册", "教程", "视频", "请 * 帮我看", "练了", "照着", "documentation", "manual", "tutorial", "videos", "read the", "watched", "asked * to review", "asked * to check", "practised", "practiced", "cheat sheet","查资料", "考取", "证书", "请教了", "picked up", "read up", "taught myself", "certificate", "certification", "学习", "自学", "请教", "培训", "课程", "研究", "studied", "took a course", "asked * for advice", "trained"]),
        shows("applied what was learned", "把所学用于实践", &[
            "独立", "自己来", "用到", "搬到", "on my own", "put * to use", "turned * into", "moved * across", "by week", "within two weeks","之后", "以后", "从那以后", "since then", "afterwards", "now i always"]),
    ]),
    ("leadership", &[
        shows("set the direction", "明确目标方向", &[
            "定了", "定下", "目标是", "set * target", "agreed the plan", "laid out","目标", "计划", "方向", "制定", "set the goal", "plan", "direction"]),
        shows("organised people", "组织带领团队", &[
            "分成", "安排", "分工", "让 * 做", "split", "sorted", "assigned", "paired", "put * on", "moved","牵头", "带队", "带着大家", "动员", "took the lead", "rallied", "chaired", "组织", "带领", "安排", "分工", "召集", "主持", "led", "organized", "organised", "assigned", "ran", "coordinated"]),
        shows("developed others", "培养他人", &[
            "示范", "演示", "对练", "点评", "手把手", "跟着", "role-played", "showed", "gave feedback", "pointers", "practise with", "practising with","手把手", "带教", "鼓励", "encouraged", "showed * how", "培训", "辅导", "教", "授权", "trained", "coached", "mentored", "taught", "delegated"]),
        shows("made decisions", "果断决策", &["决定", "拍板", "decided", "made the call"]),
    ]),
    ("integrity", &[
        shows("was honest about problems", "如实说明问题", &[
            "承认", "如实", "主动说明", "owned that", "told * straight", "admitted", "was upfront","上报", "如实上报", "实话", "reported", "escalated", "flagged", "如实", "承认", "说明了情况", "坦白", "诚实", "honestly", "admitted", "told * the truth", "disclosed"]),
        shows("kept to the rules", "坚持原则", &["按标准", "隔离", "拦下", "复检", "held the batch", "quarantined", "blocked", "拒绝", "坚持", "按规定", "原则", "refused", "insisted", "by the rules", "policy"]),
        against("covered something up", "隐瞒或造假", &["虚报", "篡改", "falsified", "隐瞒", "造假", "瞒", "hid", "covered up", "faked", "lied"]),
    ]),
    ("customer-focus", &[
        shows("listened to the customer", "倾听客户诉求", &[
            "问清楚", "说完", "经过", "请到", "let * tell", "the whole story", "listened", "asked what", "found out what","顾客", "客户", "诉求", "需求", "customer", "client", "needs"]),
        shows("solved the customer's problem", "解决客户问题", &[
            "道歉", "道了歉", "换了", "调货", "调过来", "退了", "补偿", "apologised", "apologized", "swapped", "exchanged", "sent over", "found her", "found his", "gave her", "gave him","赔付", "补发", "replacement", "apologised", "apologized", "办理", "换货", "退款", "解决", "满意", "arranged", "refund", "exchange", "satisfied", "resolved"]),
        shows("went further for the customer", "为客户多做一步", &[
            "加送", "直接找我", "回访", "at no charge", "free of charge", "came back", "called * back","回电", "上门", "called * back", "回访", "优惠券", "跟进", "会员", "followed up", "voucher", "membership"]),
        against("dismissed the customer", "怠慢客户", &["不耐烦", "不是我们的问题", "not our problem"]),
    ]),
    ("motivation", &[
        shows("took the initiative", "主动争取", &["主动", "自愿", "争取", "volunteered", "on my own", "initiative", "took it on"]),
        shows("persisted", "坚持不懈", &["坚持", "克服", "多次", "反复", "persisted", "kept going", "overcame"]),
        shows("aimed high", "设定挑战目标", &["目标", "挑战", "goal", "challenge"]),
    ]),
    ("culture-fit", &[
        shows("put shared goals first", "以共同目标为先", &["团队", "整体", "公司", "大家", "价值观", "team", "company", "values"]),
        shows("respected how things are done", "尊重规则与他人", &["规则", "制度", "尊重", "respect", "rules"]),
    ]),
    ("safety", &[
        shows("spotted a hazard", "发现安全隐患", &[
            "看到", "发现", "saw", "noticed", "spotted","巡检", "near miss", "near-miss", "隐患", "安全隐患", "风险", "违规", "hazard", "risk", "unsafe"]),
        shows("stopped work to make it safe", "停下来消除隐患", &[
            "急停", "挂牌", "停机", "围起来", "警示牌", "离开", "emergency stop", "locked", "tagged", "coned", "out of service", "got * out of", "took * off","急停", "stopped work", "fenced off", "停机", "叫停", "整改", "防护", "上锁", "stopped the line", "shut down", "lockout", "guard"]),
        shows("trained and enforced the rules", "培训并落实安全规程", &[
            "班前会", "点检表", "规定", "briefing", "pre-start", "checks", "rule","劳保", "安全帽", "警示", "toolbox talk", "hard hats", "安全培训", "规程", "检查", "穿戴", "safety training", "procedure", "ppe"]),
        against("cut corners on safety", "图省事违规", &["图省事", "违规操作", "侥幸", "cut corners"]),
    ]),
    ("continuous-improvement", &[
        shows("found the bottleneck or waste", "找到瓶颈和浪费", &["工时", "换型", "返工", "lead time", "changeover", "rework", "瓶颈", "浪费", "节拍", "效率", "产能", "bottleneck", "waste", "cycle time", "cycle times", "capacity", "efficiency"]),
        shows("improved the process", "改进流程", &[
            "流程", "清单", "标准", "规范", "checklist", "process", "standard", "template","改进", "优化", "精益", "标准化", "改善", "缓冲区", "improved", "optimised", "optimized", "streamlined", "standardised", "standardized", "buffer"]),
        shows("measured before and after", "用数据对比效果", &["统计", "测量", "数据", "对比", "measured", "data", "tracked"]),
    ]),
    ("user-focus", &[
        shows("went to the users", "深入了解用户", &[
            "用户访谈", "问卷", "回访", "talked to", "interviewed", "user feedback", "support tickets","可用性测试", "用户反馈", "usability", "talked to users", "用户", "访谈", "调研", "反馈", "users", "interviewed", "survey", "feedback"]),
        shows("designed from the user's view", "从用户角度设计", &["体验", "流程", "步骤", "experience", "flow", "steps"]),
        shows("validated with data", "用数据验证", &["埋点", "漏斗", "a/b test", "funnel", "灰度", "实验", "数据", "转化率", "成功率", "experiment", "metric", "conversion", "success rate"]),
    ]),
    ("empathy", &[
        shows("acknowledged feelings", "照顾对方情绪", &[
            "道了歉", "安慰", "让 * 坐下", "倒了杯水", "换谁都会", "理解他", "理解她", "别着急", "sorry", "said sorry", "i'd be annoyed", "in their position", "sat * down", "calmed", "reassured him", "reassured her", "made * a tea", "gave * a moment","道歉", "体谅", "reassured", "acknowledged", "apologised", "apologized", "情绪", "安抚", "理解", "感受", "耐心", "feelings", "calm", "understood", "patiently"]),
        shows("listened to the whole story", "耐心听完诉求", &[
            "听他说完", "听她说完", "骂完", "说完", "让他说", "让她说", "let him", "let her", "get it all out", "heard * out", "without interrupting", "let * finish","听完", "倾听", "诉求", "listened", "the whole story"]),
        shows("saw it from their side", "换位思考", &[
            "站在 * 角度", "设身处地", "如果是我", "from their side", "in his shoes", "in her shoes", "what it meant to","换位思考", "体谅", "in their shoes", "their point of view"]),
    ]),
    ("stress-tolerance", &[
        shows("stayed calm", "保持冷静", &[
            "没慌", "没有慌", "先稳住", "深呼吸", "kept calm", "stayed calm", "didn't panic", "kept my head", "one thing at a time","冷静", "镇定", "稳住", "calm", "composed"]),
        shows("prioritised under pressure", "压力下分清主次", &[
            "先 * 再", "暂停", "先做", "先处理", "分流", "加开", "开了第二", "叫过来", "排队", "高峰", "first * then", "paused", "closed the", "opened another", "opened a second", "called * down", "called * over", "queue", "rush", "split the","轻重缓急", "连夜", "同时", "triaged", "overnight", "under pressure", "优先", "紧急", "高峰", "压力", "prioritised", "prioritized", "pressure", "deadline", "peak"]),
        shows("delivered anyway", "按时完成", &[
            "顺利", "撑过", "没耽误", "没有耽误", "按时", "kept going", "got through", "nothing was missed", "still hit", "still made","按时", "提前", "on time", "met the deadline", "a day early"]),
        against("panicked or gave up", "慌乱或放弃", &["崩溃", "放弃", "慌", "panicked", "gave up"]),
    ]),
    ("logical-reasoning", &[
        shows("broke the problem down", "拆解问题", &[
            "分组", "逐个", "一个一个", "grouped", "one at a time", "isolated", "narrowed it down", "bisected", "split the",
            "拆开", "按 * 拆", "一层层", "排除", "split", "broke * down", "by channel", "ruled out", "step by step","排除", "假设", "ruled out", "hypothesis", "首先", "其次", "分类", "拆解", "对比", "broke * down", "categorised", "categorized", "compared", "sorted"]),
        shows("reasoned from evidence", "依据事实推断", &[
            "说明", "所以", "因此", "原因是", "which meant", "pointed at", "that meant", "so it had to be", "which told me", "it turned out",
            "发现", "原来", "才知道", "turned out", "found", "so it was","发现", "判断", "因此", "所以", "结论", "推断", "therefore", "concluded", "which meant", "found that"]),
        shows("used data", "用数据说话", &[
            "日志", "统计", "记录", "logs", "logged", "figures", "numbers", "reports", "crash reports","数据", "统计", "测", "data", "measured"]),
    ]),
    ("loyalty", &[
        shows("stayed committed", "长期投入", &["坚持", "留下", "多年", "stayed", "committed"]),
        shows("protected the company's interest", "维护公司利益", &["公司利益", "保密", "维护", "company's interest", "confidential"]),
        against("put a better offer first", "只看待遇随时离开", &["跳槽", "待遇更好", "better offer"]),
    ]),
    ("team-first", &[
        shows("put the team's interest first", "以集体利益为先", &["大局", "集体", "整体", "团队利益", "牺牲", "让出", "bigger picture", "team first", "the whole team"]),
        shows("backed others up", "补位支援他人", &["支援", "配合", "顶", "帮", "supported", "covered", "helped"]),
        against("put own interest first", "只顾个人利益", &["只管自己", "我的绩效", "my own numbers", "not my job"]),
    ]),
];
