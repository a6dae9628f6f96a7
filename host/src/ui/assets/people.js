// Two cards of the report: who interviews the candidate in the human rounds
// (assigned from the staff the person may give work to), and the offer's
// terms once the candidate reaches the offer stage (HR and administrators
// only: salary is personal data).

import { formMessage, may } from "./console-kit.js";
import { fill, h, when } from "./elements.js";
import { setText, t } from "./i18n.js";
import { get, post, put } from "./staff-api.js";

const OFFER_STAGES = ["offer", "background-check", "onboarding", "probation", "regular"];

export function interviewersCard(applicationId, ctx) {
  const card = h("section", { class: "card", id: "interviewers", "aria-labelledby": "interviewers-title" });
  const draw = async () => {
    const [assigned, staff] = await Promise.all([
      get(`/api/v1/applications/${applicationId}/interviewers`).catch(() => []),
      may(ctx.user, "assign") ? get("/api/v1/staff?role=interviewer").catch(() => []) : [],
    ]);
    const free = staff.filter((s) => !assigned.some((a) => a.id === s.id));
    const select = h(
      "select",
      { id: "assign-who" },
      free.map((s) => h("option", { value: String(s.id) }, s.name)),
    );
    const message = h("p", { class: "error", id: "assign-error", role: "alert", hidden: true });
    const form = h(
      "form",
      { id: "assign-form", class: "inline-form", novalidate: true },
      h("div", { class: "field" }, h("label", { for: "assign-who", i18n: "people.assign-who" }), select),
      h("button", { type: "submit", class: "primary", id: "assign-submit", i18n: "people.assign" }),
      message,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await post(`/api/v1/applications/${applicationId}/interviewers`, { user_id: Number(select.value) });
        ctx.announce(t("people.assigned", { name: select.selectedOptions[0]?.textContent ?? "" }));
        await draw();
      } catch (error) {
        formMessage(message, "people.refused", { reason: error.message });
      }
    });
    fill(
      card,
      h("h2", { id: "interviewers-title", i18n: "people.title" }),
      assigned.length
        ? h("ul", { id: "assigned" }, assigned.map((a) => h("li", {}, a.name)))
        : h("p", { class: "muted", i18n: "people.none" }),
      may(ctx.user, "assign")
        ? free.length
          ? form
          : h("p", { class: "small muted", i18n: "people.no-more" })
        : null,
    );
  };
  draw();
  return card;
}

/** The offer card, or null when the candidate is not at an offer stage or the person may not see offers. */
export function offerCard(applicationId, stage, ctx) {
  if (!OFFER_STAGES.includes(stage) || !may(ctx.user, "manage-offer")) return null;
  const card = h("section", { class: "card", id: "offer", "aria-labelledby": "offer-title" });
  (async () => {
    let offer = null;
    try {
      offer = await get(`/api/v1/applications/${applicationId}/offer`);
    } catch (error) {
      if (error.status !== 404) {
        fill(card, h("h2", { id: "offer-title", i18n: "offer.title" }), h("p", { class: "error", i18n: "console.failed" }));
        return;
      }
    }
    fill(card, h("h2", { id: "offer-title", i18n: "offer.title" }), offerForm(applicationId, offer, ctx));
  })();
  return card;
}

function offerForm(applicationId, offer, ctx) {
  const field = (id, key, attrs, value) => {
    const input = h("input", { id, type: "text", autocomplete: "off", ...attrs, value: value ?? "" });
    return [h("div", { class: "field" }, h("label", { for: id, i18n: key }), input), input];
  };
  const [startField, start] = field("offer-start", "offer.start-date", { type: "date", required: true }, offer?.start_date);
  const [gradeField, grade] = field("offer-grade", "offer.grade", { required: true }, offer?.grade);
  const [amountField, amount] = field("offer-amount", "offer.amount", { inputmode: "decimal", required: true }, offer?.salary.amount);
  const [currencyField, currency] = field("offer-currency", "offer.currency", { maxlength: "3" }, offer?.salary.currency ?? "CNY");
  const period = h(
    "select",
    { id: "offer-period" },
    ["month", "year", "hour"].map((p) =>
      h("option", { value: p, selected: (offer?.salary.period ?? "month") === p, i18n: PERIOD_KEYS[p] }),
    ),
  );
  const [centreField, centre] = field("offer-cost-centre", "offer.cost-centre", { required: true }, offer?.cost_centre);
  const [numberField, number] = field("offer-employee-number", "offer.employee-number", {}, offer?.employee_number);
  const [managerField, manager] = field("offer-manager", "offer.manager", {}, offer?.manager?.name);
  const [managerEmailField, managerEmail] = field("offer-manager-email", "offer.manager-email", { type: "email" }, offer?.manager?.email);
  const [workEmailField, workEmail] = field("offer-work-email", "offer.work-email", { type: "email" }, offer?.work_email);
  const [locationField, location] = field("offer-location", "offer.location", {}, offer?.location);
  const message = h("p", { id: "offer-error", class: "error", role: "alert", hidden: true });
  const status = h("p", { id: "offer-status", class: "small muted", role: "status" });
  if (offer) setText(status, "offer.recorded", { time: when(offer.updated_at) });
  const inputs = {
    start_date: start,
    grade,
    "salary/amount": amount,
    "salary/currency": currency,
    cost_centre: centre,
    employee_number: number,
    "manager/name": manager,
    "manager/email": managerEmail,
    work_email: workEmail,
    location,
  };
  const form = h(
    "form",
    { id: "offer-form", novalidate: true },
    h("p", { class: "small muted", i18n: "offer.help" }),
    startField,
    gradeField,
    h("div", { class: "salary" }, amountField, currencyField, h("div", { class: "field" }, h("label", { for: "offer-period", i18n: "offer.period" }), period)),
    centreField,
    numberField,
    managerField,
    managerEmailField,
    workEmailField,
    locationField,
    message,
    status,
    h("button", { type: "submit", class: "primary", id: "offer-submit", i18n: "offer.save" }),
  );
  const optional = (input) => input.value.trim() || null;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    const terms = {
      start_date: start.value,
      grade: grade.value.trim(),
      salary: { amount: amount.value.trim(), currency: currency.value.trim().toUpperCase(), period: period.value },
      cost_centre: centre.value.trim(),
      employee_number: optional(number),
      manager: optional(manager) ? { name: manager.value.trim(), email: managerEmail.value.trim() } : null,
      work_email: optional(workEmail),
      location: optional(location),
    };
    try {
      const saved = await put(`/api/v1/applications/${applicationId}/offer`, terms);
      setText(status, "offer.recorded", { time: when(saved.updated_at) });
      ctx.announce(t("offer.saved"));
    } catch (error) {
      formMessage(message, error.status === 422 ? "offer.invalid" : "console.failed", { reason: error.message });
      // The server names nested fields with a dot (`salary.amount`).
      inputs[error.field?.replace(".", "/")]?.focus();
    }
  });
  return form;
}

const PERIOD_KEYS = { month: "offer.per-month", year: "offer.per-year", hour: "offer.per-hour" };
