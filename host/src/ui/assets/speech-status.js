// Speech recognition of an interview's recorded answers, live: how many are
// transcribed, which are being transcribed, which had no speech or failed
// (and why), or why this server does not transcribe at all (the models are
// not installed: the recorded answers wait for a person, as before). It asks
// the server again every few seconds while any recording is being
// transcribed, and redraws the report once the last one is done.

import { h, fill } from "./elements.js";
import { t } from "./i18n.js";
import { get, post } from "./staff-api.js";

const POLL_MS = 3000;

/** The live status line for session `sessionId`; `onDone()` when nothing is left in progress. */
export function speechStatus(sessionId, onDone) {
  const box = h("div", { id: "speech-status", class: "speech-status", role: "status", "aria-live": "polite" });
  let seen = null;
  const draw = async () => {
    let status;
    try {
      status = await get(`/api/v1/sessions/${sessionId}/transcription`);
    } catch {
      return;
    }
    fill(box, ...describe(status));
    box.dataset.inProgress = String(status.in_progress);
    // A recording finished since the last look: the report has new text (and maybe a score).
    if (seen !== null && status.in_progress < seen && status.in_progress === 0) onDone();
    seen = status.in_progress;
    if (status.in_progress > 0 && status.speech_recognition.available && box.isConnected !== false) {
      setTimeout(() => box.isConnected && draw(), POLL_MS);
    }
  };
  draw();
  return box;
}

function describe(status) {
  const lines = [];
  if (!status.speech_recognition.available) {
    lines.push(h("p", { class: "notice", id: "speech-off" }, t("speech.off", { reason: status.speech_recognition.reason ?? "" })));
  }
  if (status.recorded === 0) return lines;
  const parts = [t("speech.progress", { done: status.transcribed, total: status.recorded })];
  if (status.in_progress > 0 && status.speech_recognition.available) parts.push(t("speech.running", { n: status.in_progress }));
  if (status.no_speech > 0) parts.push(t("speech.no-speech-count", { n: status.no_speech }));
  if (status.failed > 0) parts.push(t("speech.failed-count", { n: status.failed }));
  lines.push(h("p", { id: "speech-progress" }, parts.join(" · ")));
  return lines;
}

/** What speech recognition made of one answer, with a retry when it failed. */
export function speechNote(sessionId, item, canRetry, onRetried) {
  const tr = item.transcription;
  if (!tr) return null;
  if (tr.source === "machine" && !item.awaiting_transcript) {
    const confidence = tr.confidence == null ? "" : `${Math.round(tr.confidence * 100)}%`;
    return h(
      "p",
      { class: "small muted machine-transcript", dataset: { model: tr.model ?? "" } },
      t("speech.machine", { model: `${tr.model} ${tr.model_version}`, language: tr.language ?? "", confidence }),
    );
  }
  if (!item.awaiting_transcript) return null;
  if (tr.state === "no_speech") return h("p", { class: "notice speech-no-speech" }, t("speech.no-speech"));
  if (tr.state === "queued" || tr.state === "running") return h("p", { class: "small muted" }, t("speech.waiting"));
  if (tr.state !== "failed") return null;
  const retry = canRetry
    ? h("button", {
        type: "button",
        class: "quiet speech-retry",
        i18n: "speech.retry",
        onclick: async (event) => {
          event.target.disabled = true;
          try {
            await post(`/api/v1/sessions/${sessionId}/answers/${item.answer_id}/transcription/retry`, {});
            onRetried(t("speech.retried"));
          } catch (e) {
            event.target.disabled = false;
            onRetried(e.message);
          }
        },
      })
    : null;
  return h("p", { class: "notice speech-failed" }, t("speech.failed", { reason: tr.last_error }), " ", retry);
}
