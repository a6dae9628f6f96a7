// An interviewer's scorecard for a human round: a score on 0–10 for each
// dimension of the job's model, a recommendation and notes. Submitting
// again for the same round corrects the card. Shown beside the AI's
// scores on the report; the server decides who may submit (assigned
// interviewers, HR, the department's head).

import { formMessage } from "./console-kit.js";
import { h } from "./elements.js";
import { t } from "./i18n.js";
import { put } from "./staff-api.js";

/** `dimensions` are `{ id, name }`; `rounds` the job's human rounds (or null). */
export function scorecardForm(applicationId, dimensions, rounds, onSaved) {
  const round = h("input", {
    id: "card-round",
    type: "number",
    min: "1",
    max: rounds ? String(rounds) : "5",
    step: "1",
    value: "1",
  });
  const scores = dimensions.map((d, i) => {
    const input = h("input", {
      id: `card-score-${i}`,
      class: "card-score",
      type: "number",
      min: "0",
      max: "10",
      step: "0.5",
      dataset: { dimension: d.id },
    });
    return h("div", { class: "field" }, h("label", { for: input.id }, d.name), input);
  });
  const recommendation = h(
    "select",
    { id: "card-recommendation" },
    h("option", { value: "advance", i18n: "decision.advance" }),
    h("option", { value: "hold", i18n: "decision.hold" }),
    h("option", { value: "reject", i18n: "decision.reject" }),
  );
  const notes = h("textarea", { id: "card-notes", rows: "3", maxlength: "4000" });
  const message = h("p", { id: "card-error", class: "error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary", id: "card-submit", i18n: "card.submit" });
  const form = h(
    "form",
    { id: "card-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "card-round", i18n: "card.round" }), round),
    h("div", { class: "score-grid" }, scores),
    h("div", { class: "field" }, h("label", { for: "card-recommendation", i18n: "card.recommendation" }), recommendation),
    h("div", { class: "field" }, h("label", { for: "card-notes", i18n: "card.notes" }), notes),
    message,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    const entered = {};
    for (const input of form.querySelectorAll(".card-score")) {
      if (input.value === "") continue;
      const value = Number(input.value);
      if (!(value >= 0 && value <= 10)) {
        formMessage(message, "card.bad-score");
        input.focus();
        return;
      }
      entered[input.dataset.dimension] = value;
    }
    if (!Object.keys(entered).length) {
      formMessage(message, "card.no-scores");
      form.querySelector(".card-score")?.focus();
      return;
    }
    submit.disabled = true;
    try {
      await put(`/api/v1/applications/${applicationId}/scorecards`, {
        round: Number(round.value),
        scores: entered,
        recommendation: recommendation.value,
        notes: notes.value.trim(),
      });
      onSaved(t("card.saved", { round: Number(round.value) }));
    } catch (error) {
      const key = error.status === 403 ? "card.forbidden" : error.status === 422 ? "card.invalid" : "console.failed";
      formMessage(message, key, { reason: error.message });
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    "details",
    { class: "card", id: "scorecard" },
    h("summary", { i18n: "card.open" }),
    h("p", { class: "small muted", i18n: "card.help" }),
    form,
  );
}
