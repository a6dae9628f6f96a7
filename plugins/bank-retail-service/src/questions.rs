//! The bank's questions for store staff, store supervisors and call-centre
//! agents. Each has a Chinese and an English text, the dimensions it measures
//! and its time limit in seconds.

use panel_plugin_sdk::QuestionKind;
use panel_plugin_sdk::bank::Entry;

use QuestionKind::{Behavioural as B, CultureFit as C, Open as O, SelfIntro as S};

/// The bank's questions: the self-introduction, behavioural questions grouped by what
/// they probe, then culture-fit and open questions.
pub const ENTRIES: &[Entry] = &[
    Entry::new(
        "intro",
        S,
        &["communication"],
        "请用两分钟做个自我介绍，重点说说你在门店、客服或其他服务岗位上的经历。",
        "Please introduce yourself in two minutes, focusing on your experience in shops, customer service or other front-line roles.",
        120,
    ),
    // Empathy: upset customers and complaints.
    Entry::new(
        "empathy-upset-customer",
        B,
        &["empathy", "communication"],
        "请讲一次你接待一位情绪特别激动的顾客的经历。对方为什么生气？你当时是怎么说、怎么做的？最后怎么收场的？",
        "Tell us about a time you dealt with a customer who was extremely upset. Why were they angry, what did you say and do, and how did it end?",
        210,
    ),
    Entry::new(
        "empathy-complaint",
        B,
        &["customer-focus", "problem-solving"],
        "请讲一次你处理顾客投诉的经历。问题出在哪里？你是怎么一步步解决的？",
        "Describe a customer complaint you handled. What had gone wrong, and how did you resolve it, step by step?",
        210,
    ),
    Entry::new(
        "empathy-saying-no",
        B,
        &["communication", "empathy"],
        "请讲一次顾客提的要求超出了公司规定、你不得不拒绝的经历。你是怎么跟对方解释的？对方最后接受了吗？",
        "Tell us about a time a customer asked for something the rules did not allow and you had to say no. How did you explain it, and did they accept it in the end?",
        180,
    ),
    // Communication and customer focus.
    Entry::new(
        "comm-real-problem",
        B,
        &["communication", "customer-focus"],
        "请讲一次你在电话或线上沟通时，费了很大劲才弄清楚顾客真正问题的经历。你是怎么问、怎么确认自己没理解错的？",
        "Describe a call or online chat where it took real effort to work out what the customer's problem actually was. How did you question them, and how did you check you had understood?",
        180,
    ),
    Entry::new(
        "customer-extra-mile",
        B,
        &["customer-focus", "empathy"],
        "请讲一次你为顾客多做了一步、让对方特别满意的经历。",
        "Describe a time you went a step further for a customer and left them especially pleased.",
        180,
    ),
    // Stress tolerance: peak hours, queues, targets.
    Entry::new(
        "pressure-peak-hours",
        B,
        &["stress-tolerance", "problem-solving"],
        "请讲一次店里客流高峰、排长队或者人手不够的经历。你当时是怎么安排、怎么应对的？",
        "Describe a time the shop was packed, the queues were long or you were short-handed. How did you organise things and cope?",
        180,
    ),
    Entry::new(
        "pressure-target",
        B,
        &["responsibility", "stress-tolerance"],
        "请讲一次你个人或门店业绩指标压力很大的经历。你做了哪些事来完成目标？最后完成得怎么样？",
        "Tell us about a time you or your shop were under heavy pressure to hit a sales target. What did you do to reach it, and how close did you get?",
        210,
    ),
    Entry::new(
        "pressure-blamed",
        B,
        &["stress-tolerance", "empathy"],
        "请讲一次你被顾客误会甚至指责，但还得继续把服务做好的经历。你当时心里怎么想？又是怎么调整自己的？",
        "Describe a time a customer misjudged or blamed you and you still had to keep serving them well. What went through your mind, and how did you steady yourself?",
        180,
    ),
    // Teamwork on a shift.
    Entry::new(
        "team-shift-cover",
        B,
        &["teamwork", "responsibility"],
        "请讲一次同事临时请假或者排班出了问题、需要大家一起补位的经历。你是怎么协调的？",
        "Tell us about a time a colleague was suddenly absent or the rota went wrong and the team had to cover. How did you sort it out?",
        180,
    ),
    Entry::new(
        "team-conflict",
        B,
        &["teamwork", "communication"],
        "请讲一次你和同班的同事在分工或做事方式上闹矛盾的经历。你是怎么处理的？",
        "Describe a time you and a colleague on your shift clashed over who does what, or how to do it. How did you deal with it?",
        180,
    ),
    Entry::new(
        "team-coach-newcomer",
        B,
        &["communication", "leadership"],
        "请讲一次你带新同事或者给同事做培训的经历。你是怎么教的？效果怎么样？",
        "Tell us about a time you trained a new colleague or coached a teammate. How did you go about it, and how well did it work?",
        180,
    ),
    // Responsibility: cash, stock, the store's results.
    Entry::new(
        "resp-cash-stock",
        B,
        &["responsibility", "problem-solving"],
        "请讲一次你发现收银对不上账、库存有差异或者商品出问题的经历。你是怎么查清楚的？又是怎么处理的？",
        "Tell us about a time you found the till did not balance, the stock count was off or goods had a problem. How did you get to the bottom of it, and what did you do?",
        210,
    ),
    Entry::new(
        "resp-fix-recurring",
        B,
        &["problem-solving", "responsibility"],
        "请讲一次你发现店里或者服务流程中有个问题反复出现，主动想办法把它改掉的经历。",
        "Describe a time you noticed a problem that kept coming back in the shop or in the service process and took it on yourself to fix it for good.",
        180,
    ),
    Entry::new(
        "learn-new-products",
        B,
        &["learning", "professional-skill"],
        "请讲一次你需要在很短时间内熟悉大量新商品、新活动或新业务规则的经历。你是怎么做到的？",
        "Tell us about a time you had to learn a lot of new products, promotions or rules in a short time. How did you manage it?",
        180,
    ),
    // Culture fit.
    Entry::new(
        "culture-rule-vs-customer",
        C,
        &["customer-focus", "culture-fit"],
        "如果顾客的要求合情合理，但公司规定不允许，你会怎么处理？",
        "If a customer's request is reasonable but company rules do not allow it, what do you do?",
        150,
    ),
    Entry::new(
        "culture-honest-selling",
        C,
        &["integrity", "customer-focus"],
        "如果你发现同事为了冲业绩，向顾客夸大商品的效果，你会怎么做？",
        "If you saw a colleague exaggerating what a product can do to push a sale, what would you do?",
        150,
    ),
    Entry::new(
        "culture-shifts",
        C,
        &["culture-fit", "motivation"],
        "门店和客服工作经常要倒班、节假日也要上班，你怎么看？你会怎么安排好自己的生活？",
        "Shop and service work often means shifts and working on public holidays. How do you feel about that, and how would you fit it around the rest of your life?",
        120,
    ),
    // Open questions.
    Entry::new(
        "open-good-service",
        O,
        &["customer-focus"],
        "在你看来，什么样的服务才算好服务？可以举一个你自己当顾客时印象最深的例子。",
        "What does good service mean to you? Give an example that stayed with you from your own experience as a customer.",
        120,
    ),
    Entry::new(
        "open-why-role",
        O,
        &["motivation"],
        "你为什么想做这份工作？你觉得自己最适合这个岗位的地方是什么？",
        "Why do you want this job, and what makes you a good fit for it?",
        120,
    ),
];
