// Creating a job with its competency model: what is measured (dimension
// ids the question banks and rubrics know), how much each counts and the
// bar to pass. The server checks the model and names the field that is
// wrong ("dimensions[2].threshold: …"); the form shows it beside the row.

import { formMessage } from "./console-kit.js";
import { h } from "./elements.js";
import { setText, t } from "./i18n.js";
import { post } from "./staff-api.js";

/** The dimension ids the first-party banks and rubrics share (the SDK's `bank::DIMENSIONS`), with their names. */
const KNOWN_DIMENSIONS = {
  communication: "dimension.communication",
  teamwork: "dimension.teamwork",
  responsibility: "dimension.responsibility",
  "problem-solving": "dimension.problem-solving",
  "professional-skill": "dimension.professional-skill",
  learning: "dimension.learning",
  leadership: "dimension.leadership",
  integrity: "dimension.integrity",
  "customer-focus": "dimension.customer-focus",
  motivation: "dimension.motivation",
  "culture-fit": "dimension.culture-fit",
  safety: "dimension.safety",
  "continuous-improvement": "dimension.continuous-improvement",
  "user-focus": "dimension.user-focus",
  empathy: "dimension.empathy",
  "stress-tolerance": "dimension.stress-tolerance",
  "logical-reasoning": "dimension.logical-reasoning",
  loyalty: "dimension.loyalty",
  "team-first": "dimension.team-first",
};

/** Industries the first-party banks are written for. */
const KNOWN_INDUSTRIES = [
  "manufacturing",
  "internet",
  "retail",
  "customer-service",
  "engineering",
  "software",
  "construction",
  "state-owned-enterprise",
];

/** A starting model HR adjusts: the behaviours most jobs interview for. */
const STARTER = [
  ["problem-solving", 35, 7],
  ["teamwork", 25, 6.5],
  ["responsibility", 25, 6.5],
  ["communication", 15, 6],
];

/** The form; `departments` are `{ id, path }`; `onCreated(job)` hears the new job. */
export function jobForm(departments, onCreated) {
  const title = h("input", { id: "job-title", type: "text", required: true, maxlength: "200" });
  const department = h(
    "select",
    { id: "job-department" },
    departments.map((d) => h("option", { value: String(d.id) }, d.path)),
  );
  const industry = h("input", { id: "job-industry", type: "text", list: "job-industries", autocomplete: "off" });
  const industries = h("datalist", { id: "job-industries" }, KNOWN_INDUSTRIES.map((i) => h("option", { value: i })));
  const locale = h(
    "select",
    { id: "job-locale" },
    h("option", { value: "zh-CN", i18n: "job-form.locale-zh" }),
    h("option", { value: "en", i18n: "job-form.locale-en" }),
  );
  const keyRole = h("input", { id: "job-key-role", type: "checkbox" });
  const description = h("textarea", { id: "job-description", rows: "3" });
  const margin = h("input", { id: "job-margin", type: "number", min: "0", max: "5", step: "0.1", value: "0.5" });
  const rows = h("tbody", { id: "job-dimensions" });
  const total = h("p", { id: "job-weight-total", class: "small muted", role: "status" });
  const names = h("datalist", { id: "job-dimension-ids" }, Object.keys(KNOWN_DIMENSIONS).map((id) => h("option", { value: id })));
  const message = h("p", { id: "job-error", class: "error", role: "alert", hidden: true });

  const updateTotal = () => {
    const sum = [...rows.querySelectorAll(".dim-weight")].reduce((s, input) => s + (Number(input.value) || 0), 0);
    setText(total, Math.round(sum) === 100 ? "job-form.total" : "job-form.total-off", { total: Math.round(sum) });
  };
  let added = 0;
  const addRow = ([id, weight, threshold] = ["", "", ""]) => {
    added += 1;
    const n = added;
    const cell = (input, key) =>
      h("td", {}, h("label", { for: input.id, class: "visually-hidden", i18n: key }), input);
    const remove = h("button", { type: "button", class: "quiet small", i18n: "job-form.remove" });
    const idInput = h("input", { id: `dim-id-${n}`, class: "dim-id", type: "text", list: "job-dimension-ids", value: id });
    const nameInput = h("input", { id: `dim-name-${n}`, class: "dim-name", type: "text" });
    const suggestName = () => {
      const key = KNOWN_DIMENSIONS[idInput.value.trim()];
      if (key && !nameInput.value) nameInput.value = t(key);
    };
    idInput.addEventListener("change", suggestName);
    suggestName();
    const row = h(
      "tr",
      { class: "dimension-row" },
      cell(idInput, "job-form.dimension-id"),
      cell(nameInput, "job-form.dimension-name"),
      cell(h("input", { id: `dim-weight-${n}`, class: "dim-weight", type: "number", min: "1", max: "100", step: "1", value: String(weight) }), "job-form.weight"),
      cell(h("input", { id: `dim-threshold-${n}`, class: "dim-threshold", type: "number", min: "0", max: "10", step: "0.5", value: String(threshold) }), "job-form.threshold"),
      h("td", {}, remove),
    );
    remove.addEventListener("click", () => {
      row.remove();
      updateTotal();
    });
    row.addEventListener("input", updateTotal);
    rows.append(row);
    updateTotal();
  };
  STARTER.forEach(addRow);
  const add = h("button", { type: "button", class: "quiet", id: "job-add-dimension", i18n: "job-form.add" });
  add.addEventListener("click", () => {
    addRow();
    rows.lastElementChild.querySelector("input").focus();
  });

  const submit = h("button", { type: "submit", class: "primary", id: "job-submit", i18n: "job-form.submit" });
  const form = h(
    "form",
    { id: "job-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "job-title", i18n: "job-form.title" }), title),
    h("div", { class: "field" }, h("label", { for: "job-department", i18n: "jobs.department" }), department),
    h("div", { class: "field" }, h("label", { for: "job-industry", i18n: "jobs.industry" }), industry, industries),
    h("div", { class: "field" }, h("label", { for: "job-locale", i18n: "job-form.locale" }), locale),
    h("div", { class: "choice" }, keyRole, h("label", { for: "job-key-role", i18n: "job-form.key-role" })),
    h("div", { class: "field" }, h("label", { for: "job-description", i18n: "job-form.description" }), description),
    h("h3", { i18n: "jobs.model" }),
    h("p", { class: "small muted", i18n: "job-form.model-help" }),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["job-form.dimension-id", "job-form.dimension-name", "job-form.weight", "job-form.threshold"].map((key) =>
              h("th", { scope: "col", i18n: key }),
            ),
            h("th", { scope: "col" }),
          ),
        ),
        rows,
      ),
    ),
    names,
    total,
    add,
    h("div", { class: "field" }, h("label", { for: "job-margin", i18n: "job-form.margin" }), margin),
    message,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    const dimensions = [...rows.querySelectorAll(".dimension-row")].map((row) => ({
      id: row.querySelector(".dim-id").value.trim(),
      name: row.querySelector(".dim-name").value.trim(),
      weight: (Number(row.querySelector(".dim-weight").value) || 0) / 100,
      threshold: Number(row.querySelector(".dim-threshold").value),
    }));
    submit.disabled = true;
    try {
      const job = await post("/api/v1/jobs", {
        department_id: Number(department.value),
        title: title.value.trim(),
        industry: industry.value.trim(),
        locale: locale.value,
        key_role: keyRole.checked,
        description: description.value.trim(),
        dimensions,
        review_margin: Number(margin.value),
      });
      onCreated(job);
    } catch (error) {
      formMessage(message, error.status === 422 ? "job-form.invalid" : "console.failed", { reason: error.message });
      focusField(form, error.field, { title, department, industry, locale, review_margin: margin });
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    "details",
    { class: "card", id: "new-job" },
    h("summary", { i18n: "job-form.open" }),
    form,
  );
}

/** Puts the focus on the field the server named, e.g. `dimensions[2].threshold`. */
function focusField(form, field, inputs) {
  if (!field) return;
  const row = /^dimensions\[(\d+)\]\.(\w+)$/.exec(field);
  if (row) {
    const classes = { id: ".dim-id", name: ".dim-name", weight: ".dim-weight", threshold: ".dim-threshold" };
    form.querySelectorAll(".dimension-row")[Number(row[1])]?.querySelector(classes[row[2]] ?? "input")?.focus();
    return;
  }
  inputs[field]?.focus();
}
