// The adverse-impact card of the analytics view, for the people who may read
// it (administrators): for one self-identified category, each group's
// selection rate by the AI interview as a bar, with the most selected
// group's rate and four fifths of it as lines; a group under four fifths is
// flagged, a small sample is marked. Only the aggregates the server computes
// (host/src/compliance/adverse_impact.rs); the table beside the chart holds
// the same numbers for screen readers, and the export is the LL144-shaped CSV.

import { problem } from "./console-kit.js";
import { download, fill, h } from "./elements.js";
import { t } from "./i18n.js";
import { blob, get } from "./staff-api.js";

// Written out so the catalogue test finds every key the card uses.
const CATEGORY_KEYS = { sex: "impact.category.sex", "race-ethnicity": "impact.category.race-ethnicity" };
const GROUP_KEYS = {
  female: "impact.group.female",
  male: "impact.group.male",
  another: "impact.group.another",
  "hispanic-or-latino": "impact.group.hispanic-or-latino",
  white: "impact.group.white",
  "black-or-african-american": "impact.group.black-or-african-american",
  "native-hawaiian-or-pacific-islander": "impact.group.native-hawaiian-or-pacific-islander",
  asian: "impact.group.asian",
  "american-indian-or-alaska-native": "impact.group.american-indian-or-alaska-native",
  "two-or-more": "impact.group.two-or-more",
};
const ROW = 30;
const LABEL = 210;
const BAR = 360;
const WIDTH = LABEL + BAR + 130;

const percent = (rate) => `${Math.round(rate * 100)}%`;
const ratio = (value) => (value === null || value === undefined ? "–" : value.toFixed(2));
const groupName = (group) => (GROUP_KEYS[group] ? t(GROUP_KEYS[group]) : group);

/** Selection-rate bars of `table.groups`, the reference rate and four fifths of it. */
export function impactChart(table) {
  const groups = table.groups;
  const reference = groups.find((g) => g.group === table.reference_group);
  const top = reference ? reference.selected.rate : 0;
  const height = groups.length * ROW + 30;
  const x = (rate) => LABEL + Math.max(0, Math.min(1, rate)) * BAR;
  const line = (rate, cls, key) =>
    h("g", { class: cls }, h("line", { x1: x(rate), x2: x(rate), y1: 0, y2: height - 22 }), h("text", { x: x(rate), y: height - 6, "text-anchor": "middle" }, t(key, { rate: percent(rate) })));
  return h(
    "svg",
    { id: "impact-chart", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": t("impact.chart"), preserveAspectRatio: "xMinYMin meet" },
    h("title", {}, t("impact.chart")),
    groups.map((g, i) => {
      const y = i * ROW + 4;
      const flagged = g.selected.below_four_fifths;
      return h(
        "g",
        { class: `row${flagged ? " flagged" : ""}${g.small_sample ? " small" : ""}`, dataset: { group: g.group } },
        h("text", { x: LABEL - 8, y: y + 16, "text-anchor": "end", class: "label" }, groupName(g.group)),
        h("rect", { x: LABEL, y, width: BAR, height: 20, class: "track" }),
        h("rect", { x: LABEL, y, width: Math.max(x(g.selected.rate) - LABEL, g.selected.count > 0 ? 2 : 0), height: 20, class: "bar" }),
        h("text", { x: LABEL + BAR + 8, y: y + 16, class: "value" }, `${percent(g.selected.rate)} · ${g.selected.count}/${g.assessed}${g.small_sample ? " *" : ""}`),
      );
    }),
    top > 0 ? [line(top, "reference", "impact.reference-line"), line(top * 0.8, "four-fifths", "impact.four-fifths-line")] : null,
  );
}

function impactTable(table) {
  const row = (g) =>
    h(
      "tr",
      { dataset: { group: g.group } },
      h("th", { scope: "row" }, groupName(g.group)),
      h("td", {}, g.assessed),
      h("td", {}, `${g.selected.count} · ${percent(g.selected.rate)}`),
      h("td", { class: "ratio" }, ratio(g.selected.impact_ratio)),
      h("td", {}, `${g.not_rejected.count} · ${percent(g.not_rejected.rate)}`),
      h("td", {}, ratio(g.not_rejected.impact_ratio)),
      h("td", {}, [g.selected.below_four_fifths || g.not_rejected.below_four_fifths ? h("span", { class: "badge decision-reject", i18n: "impact.below-four-fifths" }) : null, g.small_sample ? h("span", { class: "badge", i18n: "impact.small-sample" }) : null]),
    );
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id: "impact-table" },
      h("caption", { class: "visually-hidden", i18n: "impact.title" }),
      h("thead", {}, h("tr", {}, ["impact.group", "impact.assessed", "impact.selected", "impact.selection-ratio", "impact.not-rejected", "impact.not-rejected-ratio", "impact.flags"].map((key) => h("th", { scope: "col", i18n: key })))),
      h("tbody", {}, table.groups.map(row)),
    ),
  );
}

/**
 * The card, and `load(scope)` to fill it for the analytics view's filters
 * (a URLSearchParams of job_id, unit_id, from, to).
 */
export function impactCard() {
  const card = h("section", { class: "card", id: "an-impact", "aria-labelledby": "an-impact-title" });
  const category = h("select", { id: "an-impact-category" }, Object.entries(CATEGORY_KEYS).map(([c, key]) => h("option", { value: c, i18n: key })));
  const body = h("div", { id: "an-impact-body", "aria-live": "polite" });
  let scope = new URLSearchParams();
  const path = (csv) => {
    const query = new URLSearchParams(scope);
    query.set("category", category.value);
    if (csv) query.set("format", "csv");
    return `/api/v1/compliance/adverse-impact?${query}`;
  };
  const exportButton = h("button", { type: "button", id: "an-impact-export", class: "quiet", i18n: "impact.export" });
  exportButton.addEventListener("click", async () => {
    try {
      download(`adverse-impact-${category.value}.csv`, await (await blob(path(true))).text());
    } catch (error) {
      fill(body, problem(error));
    }
  });
  const load = async (next) => {
    if (next) scope = next;
    fill(body, h("p", { class: "muted", i18n: "app.loading" }));
    try {
      const table = await get(path(false));
      const summary = h("p", { class: "muted small", id: "an-impact-summary", i18n: ["impact.summary", { assessed: table.assessed, unknown: table.unknown }] });
      if (!table.groups.length) {
        fill(body, summary, h("p", { class: "muted", id: "an-impact-empty", i18n: "impact.nobody-disclosed" }));
        return;
      }
      fill(body, summary, h("div", { class: "chart" }, impactChart(table)), impactTable(table), h("p", { class: "muted small", i18n: "impact.explain" }));
    } catch (error) {
      fill(body, problem(error));
    }
  };
  category.addEventListener("change", () => load());
  fill(
    card,
    h("h2", { id: "an-impact-title", i18n: "impact.title" }),
    h("p", { class: "muted small", i18n: "impact.lead" }),
    h("div", { class: "field" }, h("label", { for: "an-impact-category", i18n: "impact.category" }), category),
    body,
    exportButton,
  );
  return { card, load };
}
