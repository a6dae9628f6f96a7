// Writing (or correcting) the transcript of a recorded answer while playing
// it: when speech recognition is off, gave up, or heard no speech, a person
// who may score the interview writes what the candidate said; a person's
// transcript always wins over the machine's. The transcript becomes the
// answer the rubrics score; the candidate's typed notes are kept beside it.
// Once no recorded answer waits for one, the server scores the interview and
// says so.

import { formMessage } from "./console-kit.js";
import { h } from "./elements.js";
import { t } from "./i18n.js";
import { put } from "./staff-api.js";

/**
 * The form for the answer at `index` of the report; `current` is the
 * transcript to correct (empty when there is none yet). `onSaved(text)` hears
 * what to announce once it is saved.
 */
export function transcriptForm(sessionId, item, index, current, onSaved) {
  const id = `transcript-text-${index}`;
  const text = h("textarea", {
    id,
    class: "transcript-text",
    rows: "6",
    maxlength: "20000",
    lang: item.answer.locale,
    "aria-describedby": `${id}-help ${id}-error`,
  });
  text.value = current;
  const message = h("p", { id: `${id}-error`, class: "error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary transcript-save", i18n: "transcript.save" });
  const form = h(
    "form",
    { class: "transcript-form", novalidate: true },
    h("label", { for: id, i18n: "transcript.label" }),
    h("p", { id: `${id}-help`, class: "small muted", i18n: "transcript.help" }),
    text,
    message,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    if (!text.value.trim()) {
      formMessage(message, "transcript.empty");
      text.focus();
      return;
    }
    submit.disabled = true;
    try {
      const saved = await put(`/api/v1/sessions/${sessionId}/answers/${item.answer_id}/transcript`, {
        text: text.value.trim(),
      });
      onSaved(
        saved.awaiting_transcripts === 1
          ? t("transcript.saved-waiting-one")
          : saved.awaiting_transcripts > 1
          ? t("transcript.saved-waiting", { n: saved.awaiting_transcripts })
          : saved.recommendation
            ? t("transcript.saved-scored")
            : t("transcript.saved-unscored"),
      );
    } catch (error) {
      const key = error.status === 403 ? "transcript.forbidden" : error.status === 422 || error.status === 409 ? "transcript.invalid" : "console.failed";
      formMessage(message, key, { reason: error.message });
      text.focus();
    } finally {
      submit.disabled = false;
    }
  });
  if (item.awaiting_transcript) return form;
  return h("details", { class: "transcript-correction" }, h("summary", { i18n: "transcript.correct" }), form);
}
