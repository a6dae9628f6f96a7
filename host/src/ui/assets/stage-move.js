// Moving an application through its job's pipeline: to the next stage, or
// closing it as rejected or withdrawn, with a reason kept for staff and an
// optional one the candidate may be told. The server checks the job's rules
// and says which one a refused move breaks.

import { STAGE_KEYS, formMessage, isClosed, nextStage } from "./console-kit.js";
import { h } from "./elements.js";
import { t } from "./i18n.js";
import { post } from "./staff-api.js";

let forms = 0;

/**
 * A form that moves `application` (with `stage`) of `job`; `onMoved(transition)`
 * hears a move that happened. Nothing to show for a closed application.
 */
export function stageMoveForm(application, job, onMoved) {
  if (isClosed(application.stage)) return null;
  forms += 1;
  const id = `move-${application.id}-${forms}`;
  const next = nextStage(job.pipeline, application.stage);
  const targets = [next, "rejected", "withdrawn"].filter(Boolean);
  const select = h(
    "select",
    { id: `${id}-to`, class: "move-to" },
    targets.map((stage) => h("option", { value: stage, i18n: STAGE_KEYS[stage] })),
  );
  const reason = h("input", { id: `${id}-reason`, class: "move-reason", type: "text", maxlength: "2000" });
  const candidateReason = h("input", {
    id: `${id}-candidate-reason`,
    class: "move-candidate-reason",
    type: "text",
    maxlength: "500",
  });
  const candidateField = h(
    "div",
    { class: "field", hidden: next !== null },
    h("label", { for: candidateReason.id, i18n: "move.candidate-reason" }),
    candidateReason,
  );
  select.addEventListener("change", () => {
    candidateField.hidden = select.value === next;
  });
  const message = h("p", { class: "error move-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary move-submit", i18n: "move.submit" });
  const form = h(
    "form",
    { class: "stage-move", dataset: { application: String(application.id) }, novalidate: true },
    h("div", { class: "field" }, h("label", { for: select.id, i18n: "move.to" }), select),
    h("div", { class: "field" }, h("label", { for: reason.id, i18n: "move.reason" }), reason),
    candidateField,
    message,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    formMessage(message, null);
    try {
      const transition = await post(`/api/v1/applications/${application.id}/stage`, {
        to: select.value,
        reason: reason.value,
        candidate_reason: select.value === next ? "" : candidateReason.value,
      });
      onMoved(transition);
    } catch (error) {
      // The server's words name the rule a refused move breaks.
      if (error.status === 409 || error.status === 422) {
        formMessage(message, "move.refused", { reason: error.message });
      } else {
        formMessage(message, error.status === 403 ? "console.forbidden" : "console.failed");
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** "Moved to <stage>" for the announcer. */
export function movedText(transition) {
  return t("move.done", { stage: t(STAGE_KEYS[transition.to]) });
}
