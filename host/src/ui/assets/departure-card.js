// A hire's leaving, on the report of someone hired (onboarding, probation or
// regular): HR records the last working day once, and the connectors bound
// to the job receive `employee.left` (to close the directory account, stop
// payroll). Afterwards the card says what was recorded.

import { formMessage, may } from "./console-kit.js";
import { fill, h, when } from "./elements.js";
import { t } from "./i18n.js";
import { get, post } from "./staff-api.js";

const HIRED = ["onboarding", "probation", "regular"];
// Why a hire left, as the API names it, and its label.
const REASONS = {
  voluntary: "departure.reason-voluntary",
  involuntary: "departure.reason-involuntary",
  "contract-end": "departure.reason-contract-end",
  other: "departure.reason-other",
};

/** The departure card, or null when the candidate is not a hire or the person may not move candidates. */
export function departureCard(applicationId, stage, ctx) {
  if (!HIRED.includes(stage) || !may(ctx.user, "move-stage")) return null;
  const card = h("section", { class: "card", id: "departure", "aria-labelledby": "departure-title" });
  const title = h("h2", { id: "departure-title", i18n: "departure.title" });
  const recorded = (departure) =>
    fill(
      card,
      title,
      h("p", { id: "departure-recorded", i18n: ["departure.recorded", { day: departure.last_day, time: when(departure.recorded_at) }] }),
    );
  (async () => {
    try {
      recorded(await get(`/api/v1/applications/${applicationId}/departure`));
    } catch (error) {
      fill(card, title, error.status === 404 ? departureForm(applicationId, recorded, ctx) : h("p", { class: "error", i18n: "console.failed" }));
    }
  })();
  return card;
}

function departureForm(applicationId, onRecorded, ctx) {
  const day = h("input", { id: "departure-day", type: "date", required: true, "aria-describedby": "departure-help departure-error" });
  const reason = h(
    "select",
    { id: "departure-reason" },
    h("option", { value: "", i18n: "departure.reason-none" }),
    Object.entries(REASONS).map(([reason, key]) => h("option", { value: reason, i18n: key })),
  );
  const message = h("p", { id: "departure-error", class: "error", role: "alert", hidden: true });
  const form = h(
    "form",
    { id: "departure-form", novalidate: true },
    h("p", { id: "departure-help", class: "small muted", i18n: "departure.help" }),
    h("div", { class: "field" }, h("label", { for: "departure-day", i18n: "departure.last-day" }), day),
    h("div", { class: "field" }, h("label", { for: "departure-reason", i18n: "departure.reason" }), reason),
    message,
    h("button", { type: "submit", class: "primary", id: "departure-submit", i18n: "departure.record" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    if (!day.value) {
      formMessage(message, "departure.no-day");
      day.focus();
      return;
    }
    try {
      const departure = await post(`/api/v1/applications/${applicationId}/departure`, {
        last_day: day.value,
        ...(reason.value ? { reason: reason.value } : {}),
      });
      ctx.announce(t("departure.saved", { day: departure.last_day }));
      onRecorded(departure);
    } catch (error) {
      formMessage(message, error.status === 422 || error.status === 409 ? "departure.refused" : "console.failed", {
        reason: error.message,
      });
      day.focus();
    }
  });
  return form;
}
