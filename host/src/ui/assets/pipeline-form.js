// A job's pipeline settings: which stages it uses, how many human rounds
// come before an offer, when invited candidates are reminded, whether Panel
// acts on the AI interview's recommendation by itself, and how soon
// candidates are promised an answer.

import { formMessage } from "./console-kit.js";
import { h } from "./elements.js";
import { t } from "./i18n.js";
import { put } from "./staff-api.js";

export function pipelineForm(job, onSaved) {
  const p = job.pipeline;
  const check = (id, key, checked) => {
    const input = h("input", { id, type: "checkbox", checked });
    return [h("div", { class: "choice" }, input, h("label", { for: id, i18n: key })), input];
  };
  const number = (id, key, value, max) => {
    const input = h("input", { id, type: "number", min: "0", max: String(max), step: "1", value: String(value) });
    return [h("div", { class: "field" }, h("label", { for: id, i18n: key }), input), input];
  };
  const [screeningField, screening] = check("pipe-screening", "pipeline.screening", p.screening);
  const [roundsField, rounds] = number("pipe-rounds", "pipeline.human-rounds", p.human_rounds, 10);
  const [checkField, backgroundCheck] = check("pipe-background", "pipeline.background-check", p.background_check);
  const [probationField, probation] = check("pipe-probation", "pipeline.probation", p.probation);
  const reminders = h("input", {
    id: "pipe-reminders",
    type: "text",
    inputmode: "numeric",
    value: p.reminders_minutes_before.join(", "),
  });
  const [advanceField, autoAdvance] = check("pipe-advance", "pipeline.auto-advance", p.auto_advance);
  const [rejectField, autoReject] = check("pipe-reject", "pipeline.auto-reject", p.auto_reject);
  const [feedbackField, feedback] = number("pipe-feedback", "pipeline.feedback-days", p.feedback_days, 60);
  const message = h("p", { id: "pipe-error", class: "error", role: "alert", hidden: true });
  const inputs = {
    human_rounds: rounds,
    reminders_minutes_before: reminders,
    feedback_days: feedback,
  };
  const form = h(
    "form",
    { id: "pipeline-form", novalidate: true },
    screeningField,
    roundsField,
    checkField,
    probationField,
    h("div", { class: "field" }, h("label", { for: "pipe-reminders", i18n: "pipeline.reminders" }), reminders),
    advanceField,
    rejectField,
    feedbackField,
    message,
    h("button", { type: "submit", class: "primary", id: "pipe-submit", i18n: "pipeline.save" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    const minutes = reminders.value
      .split(/[,，\s]+/)
      .filter(Boolean)
      .map(Number);
    if (minutes.some((m) => !Number.isInteger(m) || m <= 0)) {
      formMessage(message, "pipeline.bad-reminders");
      reminders.focus();
      return;
    }
    try {
      const saved = await put(`/api/v1/jobs/${job.id}/pipeline`, {
        screening: screening.checked,
        human_rounds: Number(rounds.value),
        background_check: backgroundCheck.checked,
        probation: probation.checked,
        reminders_minutes_before: minutes,
        auto_advance: autoAdvance.checked,
        auto_reject: autoReject.checked,
        feedback_days: Number(feedback.value),
      });
      onSaved(saved, t("pipeline.saved"));
    } catch (error) {
      formMessage(message, error.status === 422 ? "pipeline.invalid" : "console.failed", { reason: error.message });
      inputs[error.field]?.focus();
    }
  });
  return h(
    "details",
    { class: "card", id: "pipeline" },
    h("summary", { i18n: "pipeline.open" }),
    h("p", { class: "small muted", i18n: "pipeline.help" }),
    form,
  );
}
