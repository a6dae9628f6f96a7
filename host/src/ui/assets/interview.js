// The interview itself: one question at a time, think time then answer time
// with a visible countdown, the answer, and an honest account of whether it
// has been saved.
//
// With recording consented, each answer is recorded from the stream kept
// from the device check and uploaded while it records (recorder.js); the
// submission then carries the recording's `media_ref` with whatever the
// candidate typed alongside (notes, which may be nothing: the recording is
// transcribed after the interview and the transcript is what is scored).
// Without recording, the answer is written.

import { announce, byId, showMessage, showView } from "./dom.js";
import { setText, t } from "./i18n.js";
import { AnswerDraft } from "./answer-draft.js";
import { RecordedAnswer, UploadRefused, canRecord } from "./recorder.js";

/** API error codes and what the page does about them. */
const OUTCOME_OF_CODE = {
  "interview-finished": "done",
  "no-more-questions": "done",
  "time-up": "time-up",
  unauthorized: "invalid",
  "invitation-revoked": "withdrawn",
  "out-of-order": "resync",
  "answer-changed": "resync",
  invalid: "fix",
};

const SAVE_TEXT = {
  saving: "save.saving",
  retrying: "save.retrying",
  offline: "save.offline",
  saved: "save.saved",
  invalid: "save.invalid",
  uploading: "save.uploading",
  paused: "save.paused",
  "saved-recording": "save.saved-recording",
  "upload-failed": "save.upload-failed",
};

export class Interview {
  /**
   * `onDone()` when the interview is complete, `onProblem(kind)` when it
   * cannot go on, `onResync()` when the server knows better where it is.
   */
  constructor({ api, onDone, onProblem, onResync }) {
    this.api = api;
    // The link's signature part tells this interview's draft from another's.
    this.draft = new AnswerDraft(api.token.slice(-16));
    this.handlers = { onDone, onProblem, onResync };
    this.timer = 0;
    this.recordingTimer = 0;
    this.question = null;
    this.stream = null;
    this.recording = null;
    this.slot = byId("recording-slot");
    this.section = byId("view-question");
    this.text = byId("answer-text");
    byId("answer-ready").addEventListener("click", () => this.startAnswering());
    this.text.addEventListener("input", () => {
      if (this.question) this.draft.update(this.question.id, { text: this.text.value });
    });
    byId("answer-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** Records the answers from `stream` (the camera and microphone checked), when this browser can. */
  recordFrom(stream) {
    this.stream = stream && canRecord() ? stream : null;
  }

  /** Goes to the current question of an interview in progress. */
  begin(status) {
    this.total = status.planned_questions;
    // Follow-ups count among the answers but not among the planned questions.
    this.answeredMain = Math.min(status.answered, Math.max(0, this.total - 1));
    if (status.current) {
      this.show(status.current);
    } else {
      this.handlers.onDone();
    }
  }

  show(question) {
    this.question = question;
    const followUp = question.kind === "follow-up";
    const number = followUp ? Math.max(1, this.answeredMain) : this.answeredMain + 1;
    this.number = number;
    this.section.dataset.questionId = question.id;
    this.section.dataset.kind = question.kind;
    const progress = byId("question-progress");
    if (followUp) {
      setText(progress, "interview.follow-up", { n: number });
    } else {
      setText(progress, "interview.progress", { n: number, total: this.total });
    }
    byId("question-text").textContent = question.text;
    this.text.value = "";
    this.text.readOnly = false;
    this.recording?.abandon();
    this.recording = null;
    this.slot.hidden = true;
    setText(byId("answer-submit"), this.stream ? "recording.submit" : "interview.submit");
    byId("answer-submit").disabled = false;
    showMessage(byId("answer-error"), null);
    byId("time-up").hidden = true;
    showView("question");
    this.section.dataset.phase = "";
    // After a reload the question goes on where it was: its time is not given again.
    const draft = this.draft.load(question.id);
    const resumed = Boolean(draft);
    byId("resume-notice").hidden = !resumed;
    if (resumed) setText(byId("resume-notice"), this.stream ? "interview.resumed-recording" : "interview.resumed");
    const shownAt = draft?.shownAt ?? Date.now();
    this.shownAt = since(shownAt);
    this.answerStartedAt = undefined;
    if (!resumed) this.draft.update(question.id, { shownAt });
    if (draft?.text) this.text.value = draft.text;
    if (draft?.answerStartedAt) {
      this.startAnswering(draft.answerStartedAt);
      return;
    }
    const thinkLeft = question.think_time_secs - (Date.now() - shownAt) / 1000;
    if (thinkLeft > 0) {
      this.phase("think", thinkLeft, () => this.startAnswering());
    } else {
      this.startAnswering();
    }
  }

  /** Starts the answer time, or goes on with one started at `startedAt` (Unix ms) before a reload. */
  startAnswering(startedAt) {
    if (this.section.dataset.phase === "answer") return;
    const started = startedAt ?? Date.now();
    if (!startedAt) this.draft.update(this.question.id, { answerStartedAt: started });
    this.answerStartedAt = since(started);
    const left = Math.max(0, this.question.time_limit_secs - (Date.now() - started) / 1000);
    this.phase("answer", left, () => {
      byId("time-up").hidden = false;
      announce(t("interview.time-up"));
    });
    if (this.stream) this.startRecording();
    this.text.focus();
  }

  /** Records the answer, showing that it does and for how long. */
  startRecording() {
    this.recording = new RecordedAnswer({
      api: this.api,
      stream: this.stream,
      questionId: this.question.id,
      onState: (state) => this.saveState(state),
    });
    this.slot.hidden = false;
    const started = performance.now();
    const clock = byId("recording-timer");
    const render = () => {
      clock.textContent = minutesAndSeconds(Math.floor((performance.now() - started) / 1000));
    };
    render();
    clearInterval(this.recordingTimer);
    this.recordingTimer = setInterval(render, 250);
    announce(t("recording.on"));
  }

  /** Stops recording and uploads the rest; the `media_ref`, or null when the recording could not be kept. */
  async finishRecording() {
    clearInterval(this.recordingTimer);
    const recording = this.recording;
    try {
      const mediaRef = await recording.finish();
      this.slot.dataset.sha256 = recording.sha256;
      this.slot.dataset.bytes = String(recording.size);
      this.slot.dataset.mediaRef = mediaRef;
      return mediaRef;
    } catch (error) {
      if (!(error instanceof UploadRefused)) throw error;
      this.recording = null;
      this.slot.hidden = true;
      this.saveState({ state: "upload-failed" });
      return null;
    }
  }

  /** Shows a phase and counts it down; `onEnd` runs when it reaches zero. */
  phase(name, seconds, onEnd) {
    clearInterval(this.timer);
    const thinking = name === "think";
    this.section.dataset.phase = name;
    byId("think-panel").hidden = !thinking;
    byId("answer-form").hidden = thinking;
    setText(byId("question-phase"), thinking ? "interview.think" : "interview.answer");
    const endsAt = performance.now() + seconds * 1000;
    const clock = byId("question-timer");
    const render = () => {
      const left = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      setText(clock, "interview.remaining", { time: minutesAndSeconds(left) });
      return left;
    };
    render();
    announce(t(thinking ? "interview.think-started" : "interview.answer-started", { time: minutesAndSeconds(Math.ceil(seconds)) }));
    this.timer = setInterval(() => {
      if (render() === 0) {
        clearInterval(this.timer);
        onEnd();
      }
    }, 250);
  }

  async submit() {
    const text = this.text.value.trim();
    if (!text && !this.recording) {
      showMessage(byId("answer-error"), "interview.empty");
      this.text.focus();
      return;
    }
    showMessage(byId("answer-error"), null);
    clearInterval(this.timer);
    this.text.readOnly = true;
    byId("answer-submit").disabled = true;
    const now = performance.now();
    const answerStartedAt = this.answerStartedAt ?? now;
    // Built once: a retry must send exactly the same answer to be recognised.
    const submission = {
      question_id: this.question.id,
      text,
      think_time_ms: Math.round(answerStartedAt - this.shownAt),
      duration_ms: Math.round(now - answerStartedAt),
    };
    if (this.recording) {
      const mediaRef = await this.finishRecording();
      if (!mediaRef) {
        // The recording is lost; the candidate answers in writing instead.
        this.text.readOnly = false;
        byId("answer-submit").disabled = false;
        setText(byId("answer-submit"), "interview.submit");
        this.text.focus();
        return;
      }
      submission.media_ref = mediaRef;
    }
    const response = await this.api.answer(submission, (state) => this.saveState(state));
    if (response.ok) {
      this.saved(response.body);
      return;
    }
    this.refused(response);
  }

  saved(accepted) {
    this.draft.clear();
    if (this.question.kind !== "follow-up") this.answeredMain += 1;
    this.saveState({ state: this.recording ? "saved-recording" : "saved", n: this.number });
    this.recording = null;
    if (accepted.completed || !accepted.next) {
      this.release();
      this.handlers.onDone();
    } else {
      this.show(accepted.next);
    }
  }

  refused(response) {
    const outcome = OUTCOME_OF_CODE[response.code] ?? "fix";
    if (outcome === "fix") {
      // The answer stays in the box for the candidate to change and resend.
      this.saveState({ state: "invalid" });
      this.text.readOnly = false;
      byId("answer-submit").disabled = false;
      this.text.focus();
    } else if (outcome === "done") {
      this.release();
      this.handlers.onDone();
    } else if (outcome === "resync") {
      this.release();
      this.handlers.onResync();
    } else {
      this.release();
      this.handlers.onProblem(outcome);
    }
  }

  /** Stops any recording and turns the camera and microphone off. */
  release() {
    clearInterval(this.recordingTimer);
    this.recording?.abandon();
    this.recording = null;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
  }

  /** Tells the candidate, on the page and to screen readers, where their answer is. */
  saveState({ state, attempt, seconds, n, sent, total }) {
    const status = byId("save-status");
    status.dataset.state = state;
    setText(status, SAVE_TEXT[state], { attempt, seconds, n, sent, total });
  }
}

/** `unixMs` on the page's `performance.now()` clock, which the timings use. */
function since(unixMs) {
  return performance.now() - (Date.now() - unixMs);
}

function minutesAndSeconds(total) {
  const minutes = Math.floor(total / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return `${minutes}:${seconds}`;
}
