// A job's ranking: the top N percent (or N candidates) by composite score,
// narrowed by recommendation, stage, a lowest score or a name, and exported
// as CSV exactly as filtered.

import { DECISION_KEYS, STAGE_KEYS, decisionBadge, formMessage, heading } from "./console-kit.js";
import { csvLine, download, fill, h, score } from "./elements.js";
import { setText, t } from "./i18n.js";
import { get } from "./staff-api.js";

export async function renderRanking(root, [jobId]) {
  const [job, applications] = await Promise.all([
    get(`/api/v1/jobs/${jobId}`),
    get(`/api/v1/jobs/${jobId}/applications`).catch(() => []),
  ]);
  const stageOf = new Map(applications.map((a) => [a.id, a.stage]));
  let ranking = { scored: 0, rows: [] };

  const percent = h("input", { id: "rank-percent", type: "number", min: "1", max: "100", step: "1", value: "10", inputmode: "numeric" });
  const decision = h(
    "select",
    { id: "rank-decision" },
    h("option", { value: "", i18n: "rank.any" }),
    Object.entries(DECISION_KEYS)
      .filter(([value]) => value !== "hold")
      .map(([value, key]) => h("option", { value, i18n: key })),
  );
  const minimum = h("input", { id: "rank-minimum", type: "number", min: "0", max: "10", step: "0.5", inputmode: "decimal" });
  const name = h("input", { id: "rank-name", type: "search", autocomplete: "off" });
  const message = h("p", { id: "rank-error", class: "error", role: "alert", hidden: true });
  const summary = h("p", { id: "rank-summary", role: "status" });
  const body = h("tbody");
  const exportButton = h("button", { type: "button", id: "rank-export", class: "quiet", i18n: "rank.export" });

  const filtered = () => {
    const min = minimum.value === "" ? null : Number(minimum.value);
    const needle = name.value.trim().toLowerCase();
    return ranking.rows.filter(
      (row) =>
        (!decision.value || row.decision === decision.value) &&
        (min === null || row.composite >= min) &&
        (!needle || row.candidate_name.toLowerCase().includes(needle)),
    );
  };

  const draw = () => {
    const rows = filtered();
    setText(summary, "rank.summary", { shown: rows.length, top: ranking.rows.length, scored: ranking.scored });
    fill(
      body,
      rows.map((row) =>
        h(
          "tr",
          { dataset: { session: String(row.session_id) } },
          h("td", {}, row.rank),
          h("th", { scope: "row" }, h("a", { href: `/console/reports/${row.session_id}`, dataset: { link: "" } }, row.candidate_name)),
          h("td", {}, score(row.composite)),
          h("td", {}, decisionBadge(row.decision)),
          h("td", { i18n: STAGE_KEYS[stageOf.get(row.application_id)] ?? "rank.unknown-stage" }),
        ),
      ),
    );
    exportButton.disabled = rows.length === 0;
  };

  const load = async () => {
    const value = Number(percent.value);
    if (!(value > 0 && value <= 100)) {
      formMessage(message, "rank.bad-percent");
      percent.focus();
      return;
    }
    formMessage(message, null);
    try {
      ranking = await get(`/api/v1/jobs/${jobId}/ranking?percent=${value}`);
    } catch (error) {
      formMessage(message, "rank.refused", { reason: error.message });
      return;
    }
    draw();
  };

  const form = h(
    "form",
    { id: "rank-form", class: "filters", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "rank-percent", i18n: "rank.percent" }), percent),
    h("div", { class: "field" }, h("label", { for: "rank-decision", i18n: "rank.decision" }), decision),
    h("div", { class: "field" }, h("label", { for: "rank-minimum", i18n: "rank.minimum" }), minimum),
    h("div", { class: "field" }, h("label", { for: "rank-name", i18n: "rank.name" }), name),
    h("button", { type: "submit", class: "primary", i18n: "rank.apply" }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  for (const input of [decision, minimum, name]) input.addEventListener("input", draw);
  exportButton.addEventListener("click", () => {
    const header = ["rank.rank", "rank.candidate", "rank.composite", "rank.decision", "rank.stage"].map((key) => t(key));
    const lines = [
      csvLine(header),
      ...filtered().map((row) =>
        csvLine([
          row.rank,
          row.candidate_name,
          row.composite.toFixed(2),
          t(DECISION_KEYS[row.decision]),
          t(STAGE_KEYS[stageOf.get(row.application_id)] ?? "rank.unknown-stage"),
        ]),
      ),
    ];
    download(`ranking-job-${jobId}.csv`, `${lines.join("\r\n")}\r\n`);
  });

  fill(
    root,
    h(
      "div",
      { class: "title-row" },
      heading("rank.title", { title: job.profile.title }),
      h("a", { href: `/console/jobs/${jobId}`, class: "button", dataset: { link: "" }, i18n: "report.to-job" }),
    ),
    h("section", { class: "card" }, form, message),
    h(
      "section",
      { class: "card" },
      summary,
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "rank-table" },
          h("caption", { class: "visually-hidden", i18n: "rank.title-short" }),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["rank.rank", "rank.candidate", "rank.composite", "rank.decision", "rank.stage"].map((key) =>
                h("th", { scope: "col", i18n: key }),
              ),
            ),
          ),
          body,
        ),
      ),
      h("div", { class: "actions" }, exportButton),
    ),
  );
  await load();
}
