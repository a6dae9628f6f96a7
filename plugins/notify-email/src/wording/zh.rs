//! 中文措辞：亲切、清楚、尊重候选人。

use super::Wording;

pub const BUTTON: &str = "开始面试";
pub const LINK_FALLBACK: &str = "如果按钮无法打开，请复制以下链接，在浏览器中打开：";

const GREETING: &str = "{name}，您好：";
const QUESTIONS: &str = "如有任何疑问，欢迎发送邮件至 {reply_to}。";
const SIGNATURE: &str = "{organisation}招聘团队";
const EQUIPMENT: &str =
    "请准备一个安静的环境和可正常使用的摄像头、麦克风（若本岗位允许文字作答，也可以输入文字回答）。";

pub fn wording(template: &str, extended: bool) -> Option<Wording> {
    Some(match (template, extended) {
        ("invitation", false) => Wording {
            subject: "{organisation}诚邀您参加「{job_title}」岗位 AI 面试",
            paragraphs: &[
                GREETING,
                "感谢您应聘{organisation}的「{job_title}」岗位。我们诚挚地邀请您参加 AI 面试，这是本次招聘流程的第一步。",
                "AI 面试在线进行：页面会依次呈现若干问题，您逐一作答即可，全程约 {interview_minutes} 分钟。\
                 您可以在以下时间内任选方便的时候开始：\n{opens_at} 至 {closes_at}",
                "{link}",
                "开始前，请您准备好：\n\
                 - 一个安静、光线充足、不受打扰的环境；\n\
                 - 可正常使用的摄像头和麦克风（电脑或手机均可）；若本岗位允许文字作答，您也可以输入文字回答；\n\
                 - 稳定的网络，并预留足够的时间一次完成。",
                "关于您的个人信息：您的面试回答仅用于本岗位的招聘评估。开始面试前，页面会展示个人信息处理说明，\
                 详细介绍我们如何收集、使用和保存您的信息。",
                QUESTIONS,
                "祝您面试顺利！",
                SIGNATURE,
            ],
        },
        ("invitation", true) => Wording {
            subject: "「{job_title}」岗位 AI 面试时间已延长",
            paragraphs: &[
                GREETING,
                "您应聘的{organisation}「{job_title}」岗位 AI 面试，作答时间已延长。新的截止时间为：\n{closes_at}",
                "如果您还没有完成面试，请在截止前点击下面的链接开始，全程约 {interview_minutes} 分钟：",
                "{link}",
                EQUIPMENT,
                "开始前，页面会展示个人信息处理说明，介绍您的回答将如何被使用。",
                QUESTIONS,
                "祝您面试顺利！",
                SIGNATURE,
            ],
        },
        ("reminder", _) => Wording {
            subject: "提醒：「{job_title}」岗位 AI 面试将于 {closes_at} 截止",
            paragraphs: &[
                GREETING,
                "温馨提醒：您应聘的{organisation}「{job_title}」岗位 AI 面试还没有开始，面试将于 {closes_at} 截止。",
                "面试全程约 {interview_minutes} 分钟，请预留充足的时间，在截止前点击下面的链接开始：",
                "{link}",
                EQUIPMENT,
                "如果您已不再考虑这个岗位，忽略本邮件即可。",
                QUESTIONS,
                SIGNATURE,
            ],
        },
        ("completion", _) => Wording {
            subject: "我们已收到您的「{job_title}」岗位 AI 面试",
            paragraphs: &[
                GREETING,
                "您已完成{organisation}「{job_title}」岗位的 AI 面试，感谢您抽出宝贵时间认真作答！",
                "招聘团队会仔细审阅您的面试，结果将通过邮件告知您，请留意查收。",
                QUESTIONS,
                SIGNATURE,
            ],
        },
        ("result-advance", _) => Wording {
            subject: "好消息：您已进入「{job_title}」岗位下一轮面试",
            paragraphs: &[
                GREETING,
                "很高兴地通知您：您已通过{organisation}「{job_title}」岗位的 AI 面试，进入下一轮面试。恭喜您！",
                "{reason}",
                "招聘团队会尽快与您联系，确认后续面试的时间和形式。期待与您进一步交流！",
                QUESTIONS,
                SIGNATURE,
            ],
        },
        ("result-thank-you", _) => Wording {
            subject: "感谢您应聘{organisation}「{job_title}」岗位",
            paragraphs: &[
                GREETING,
                "感谢您对{organisation}的关注，也感谢您抽出宝贵时间参加「{job_title}」岗位的 AI 面试。",
                "经过认真评估，很遗憾，您这次未能进入下一轮。",
                "{reason}",
                "这一结果仅针对本次岗位的要求，并不是对您个人的否定。欢迎您继续关注我们今后发布的职位。",
                QUESTIONS,
                "祝您求职顺利，一切顺心！",
                SIGNATURE,
            ],
        },
        _ => return None,
    })
}
