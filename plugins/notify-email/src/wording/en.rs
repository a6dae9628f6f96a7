//! English wording: warm, clear and respectful, as an international HR team
//! writes.

use super::Wording;

pub const BUTTON: &str = "Start the interview";
pub const LINK_FALLBACK: &str = "If the button does not work, copy this link into your browser:";

const GREETING: &str = "Dear {name},";
const QUESTIONS: &str = "If you have any questions, please write to {reply_to}.";
const SIGNATURE: &str = "Kind regards,\nThe {organisation} recruitment team";
const EQUIPMENT: &str = "Please find a quiet place and have a working camera and microphone ready \
                         (where the interview allows it, you may type your answers instead).";

pub fn wording(template: &str, extended: bool) -> Option<Wording> {
    Some(match (template, extended) {
        ("invitation", false) => Wording {
            subject: "Your invitation to an AI interview for {job_title} at {organisation}",
            paragraphs: &[
                GREETING,
                "Thank you for applying for the {job_title} role at {organisation}. We would like to invite you to \
                 an AI interview, the first step in our selection process.",
                "The AI interview takes place online: you will see a few questions, one at a time, and answer each \
                 in turn. It takes about {interview_minutes} minutes, and you can start whenever suits you within \
                 this window:\n{opens_at} to {closes_at}",
                "{link}",
                "Before you start, please make sure you have:\n\
                 - a quiet, well-lit place where you will not be interrupted;\n\
                 - a working camera and microphone (on a computer or a phone); where the interview allows it, you \
                 may type your answers instead;\n\
                 - a stable internet connection and enough time to finish in one sitting.",
                "About your data: your answers are used only to assess your application for this role. Before you \
                 start, a privacy notice explains how we collect, use and keep your information.",
                QUESTIONS,
                "We wish you the best of luck and look forward to your answers.",
                SIGNATURE,
            ],
        },
        ("invitation", true) => Wording {
            subject: "More time for your AI interview for {job_title}",
            paragraphs: &[
                GREETING,
                "We have extended the window for your AI interview for the {job_title} role at {organisation}. \
                 It now closes on:\n{closes_at}",
                "If you have not taken the interview yet, you can start it with the link below at any time before \
                 then. It takes about {interview_minutes} minutes.",
                "{link}",
                EQUIPMENT,
                "Before you start, a privacy notice explains how your answers are used.",
                QUESTIONS,
                "We wish you the best of luck.",
                SIGNATURE,
            ],
        },
        ("reminder", _) => Wording {
            subject: "Reminder: your AI interview for {job_title} closes on {closes_at}",
            paragraphs: &[
                GREETING,
                "A friendly reminder: you have not yet started your AI interview for the {job_title} role at \
                 {organisation}. It closes on {closes_at}.",
                "The interview takes about {interview_minutes} minutes, so please allow enough time and start it \
                 with the link below before it closes:",
                "{link}",
                EQUIPMENT,
                "If you are no longer interested in this role, you do not need to do anything.",
                QUESTIONS,
                SIGNATURE,
            ],
        },
        ("completion", _) => Wording {
            subject: "We have received your AI interview for {job_title}",
            paragraphs: &[
                GREETING,
                "Thank you for completing your AI interview for the {job_title} role at {organisation}. We \
                 appreciate the time and care you put into your answers.",
                "Our recruitment team will review your interview and let you know the outcome by email.",
                QUESTIONS,
                SIGNATURE,
            ],
        },
        ("result-advance", _) => Wording {
            subject: "Good news: you are through to the next round for {job_title}",
            paragraphs: &[
                GREETING,
                "We are pleased to let you know that you have passed the AI interview for the {job_title} role at \
                 {organisation} and are through to the next round. Congratulations!",
                "{reason}",
                "Our recruitment team will be in touch shortly to arrange the time and format of your next \
                 interview. We look forward to speaking with you.",
                QUESTIONS,
                SIGNATURE,
            ],
        },
        ("result-thank-you", _) => Wording {
            subject: "Your application for {job_title} at {organisation}",
            paragraphs: &[
                GREETING,
                "Thank you for your interest in {organisation} and for taking the time to complete the AI interview \
                 for the {job_title} role.",
                "After careful consideration, we are sorry to tell you that we will not be taking your application \
                 further on this occasion.",
                "{reason}",
                "This decision reflects the requirements of this particular role and is not a judgement of you as \
                 a person. We would be glad to see you apply for future openings with us.",
                QUESTIONS,
                "We wish you every success in your search.",
                SIGNATURE,
            ],
        },
        _ => return None,
    })
}
