// Optional self-identification on the completion page: the categories the
// server lists, each answerable or not, under a consent of its own. The
// answers are kept apart from the application and only ever counted for the
// adverse-impact report; the interview, its scores and the interviewers
// never see them. A candidate can take them back.

import { byId, showMessage } from "./dom.js";
import { setText } from "./i18n.js";

/** The notice the form shows; sent with the answers so the consent names it. */
export const SELF_ID_NOTICE = "self-id-2026-12";

const LABELS = {
  sex: "self-id.sex",
  "race-ethnicity": "self-id.race-ethnicity",
};
const VALUES = {
  female: "self-id.female",
  male: "self-id.male",
  another: "self-id.another",
  "hispanic-or-latino": "self-id.hispanic-or-latino",
  white: "self-id.white",
  "black-or-african-american": "self-id.black-or-african-american",
  "native-hawaiian-or-pacific-islander": "self-id.native-hawaiian-or-pacific-islander",
  asian: "self-id.asian",
  "american-indian-or-alaska-native": "self-id.american-indian-or-alaska-native",
  "two-or-more": "self-id.two-or-more",
};

/** Fills and wires the form, once the categories are known. */
export async function wireSelfId(api) {
  const form = byId("self-id-form");
  const result = byId("self-id-result");
  const response = await api.call("GET", "/api/v1/interview/self-identification");
  if (!response.ok) {
    byId("self-id").hidden = true;
    return;
  }
  const fields = byId("self-id-fields");
  fields.replaceChildren();
  for (const { category, values } of response.body) {
    const id = `self-id-${category}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    if (LABELS[category]) setText(label, LABELS[category]);
    else label.textContent = category;
    const select = document.createElement("select");
    select.id = id;
    select.dataset.category = category;
    const none = document.createElement("option");
    none.value = "";
    setText(none, "self-id.not-say");
    select.append(none);
    for (const value of values) {
      const option = document.createElement("option");
      option.value = value;
      if (VALUES[value]) setText(option, VALUES[value]);
      else option.textContent = value;
      select.append(option);
    }
    const field = document.createElement("div");
    field.className = "field";
    field.append(label, select);
    fields.append(field);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!byId("self-id-consent").checked) {
      showMessage(result, "self-id.consent-needed");
      byId("self-id-consent").focus();
      return;
    }
    const groups = {};
    for (const select of fields.querySelectorAll("select")) {
      if (select.value) groups[select.dataset.category] = select.value;
    }
    const saved = await api.call("PUT", "/api/v1/interview/self-identification", {
      consent: true,
      notice_version: SELF_ID_NOTICE,
      groups,
    });
    showMessage(result, saved.ok ? "self-id.saved" : "self-id.failed");
    if (saved.ok) byId("self-id-withdraw").hidden = false;
  });
  byId("self-id-withdraw").addEventListener("click", async () => {
    const withdrawn = await api.call("DELETE", "/api/v1/interview/self-identification");
    if (withdrawn.ok) {
      showMessage(result, "self-id.withdrawn");
      byId("self-id-withdraw").hidden = true;
      for (const select of fields.querySelectorAll("select")) select.value = "";
      byId("self-id-consent").checked = false;
    }
  });
}
