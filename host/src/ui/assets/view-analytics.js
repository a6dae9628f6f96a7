// Analytics: the hiring funnel and how long each stage takes, and whether
// the interview predicts what became of the people hired, with the AI and
// the interviewers compared. Narrowed to a job or a part of the
// organisation and a period; every count leads to the candidates behind it
// (as far as the reader may see them), and every table exports as CSV.

import { STAGE_KEYS, heading, may, problem } from "./console-kit.js";
import { correlationChart, funnelChart } from "./analytics-charts.js";
import { csvLine, download, fill, h } from "./elements.js";
import { impactCard } from "./impact-card.js";
import { setText, t } from "./i18n.js";
import { get } from "./staff-api.js";
import { unitNames } from "./view-jobs.js";

const PATH = ["applied", "screened", "ai-interview", "human-interview", "offer", "background-check", "onboarding", "probation", "regular"];

// An interviewer who scores systematically above or below colleagues.
const LEANING = { higher: "analytics.leaning-higher", lower: "analytics.leaning-lower" };

const day = (date) => date.toISOString().slice(0, 10);

function hours(ms) {
  if (ms === null || ms === undefined) return "–";
  const h = ms / 3_600_000;
  return h >= 48 ? t("analytics.days", { n: (h / 24).toFixed(1) }) : t("analytics.hours", { n: h.toFixed(1) });
}

const percent = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`);
const r2 = (value) => (value === null || value === undefined ? "–" : Number(value).toFixed(2));

export async function renderAnalytics(root, _params, { user } = {}) {
  const [jobs, org] = await Promise.all([get("/api/v1/jobs").catch(() => []), unitNames()]);
  const today = new Date();
  const yearAgo = new Date(today.getTime() - 365 * 86_400_000);
  const job = h("select", { id: "an-job" }, h("option", { value: "", i18n: "analytics.all-jobs" }), jobs.map((j) => h("option", { value: j.id }, j.profile.title)));
  const unit = h("select", { id: "an-unit" }, h("option", { value: "", i18n: "analytics.whole-organisation" }), org.units.map((u) => h("option", { value: u.id }, org.path(u.id))));
  const from = h("input", { id: "an-from", type: "date", value: day(yearAgo) });
  const to = h("input", { id: "an-to", type: "date", value: day(today) });
  const measure = h("select", { id: "an-measure" }, h("option", { value: "performance", i18n: "analytics.measure-performance" }), h("option", { value: "probation", i18n: "analytics.measure-probation" }));
  const status = h("p", { id: "an-status", class: "muted small", role: "status" });
  const funnelCard = h("section", { class: "card", id: "an-funnel", "aria-labelledby": "an-funnel-title" });
  const behind = h("section", { class: "card", id: "an-behind", hidden: true, "aria-live": "polite" });
  const validityCard = h("section", { class: "card", id: "an-validity", "aria-labelledby": "an-validity-title" });
  const impact = user && may(user, "read-compliance") ? impactCard() : null;
  // A compliance officer reads the adverse-impact report alone: no funnel or
  // validity figures, which link to candidates.
  const analytics = !user || may(user, "read-analytics");
  const form = h(
    "form",
    { id: "an-filters", class: "filters", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "an-job", i18n: "analytics.job" }), job),
    h("div", { class: "field" }, h("label", { for: "an-unit", i18n: "analytics.unit" }), unit),
    h("div", { class: "field" }, h("label", { for: "an-from", i18n: "analytics.from" }), from),
    h("div", { class: "field" }, h("label", { for: "an-to", i18n: "analytics.to" }), to),
    h("div", { class: "field" }, h("label", { for: "an-measure", i18n: "analytics.measure" }), measure),
    h("button", { type: "submit", class: "primary", i18n: "analytics.apply" }),
  );

  const scope = () => {
    const query = new URLSearchParams();
    if (job.value) query.set("job_id", job.value);
    if (unit.value) query.set("unit_id", unit.value);
    if (from.value) query.set("from", from.value);
    if (to.value) query.set("to", to.value);
    return query;
  };

  const showBehind = async (stage, which, count) => {
    behind.hidden = false;
    fill(behind, h("h2", { id: "an-behind-title", i18n: ["analytics.behind", { stage: t(STAGE_KEYS[stage]), n: count }] }), h("p", { class: "muted", i18n: "app.loading" }));
    const query = scope();
    query.set("stage", stage);
    query.set("which", which);
    try {
      const list = await get(`/api/v1/analytics/applications?${query}`);
      fill(
        behind,
        h("h2", { id: "an-behind-title", i18n: ["analytics.behind", { stage: t(STAGE_KEYS[stage]), n: list.length }] }),
        list.length
          ? h("ul", { class: "plain", id: "an-behind-list" }, list.map((a) => h("li", {}, h("a", { href: `/console/jobs/${a.job_id}`, dataset: { link: "" } }, a.candidate_name), " · ", a.job_title, " · ", h("span", { i18n: STAGE_KEYS[a.stage] ?? "rank.unknown-stage" }))))
          : h("p", { class: "muted", i18n: "analytics.nobody" }),
      );
    } catch (error) {
      fill(behind, problem(error));
    }
  };

  const drawFunnel = (funnel) => {
    const onPath = funnel.stages.filter((s) => PATH.includes(s.stage));
    const closes = funnel.stages.filter((s) => !PATH.includes(s.stage));
    const countLink = (s, which) => {
      const n = which === "reached" ? s.reached : s.current;
      return n > 0 ? h("button", { type: "button", class: "link", dataset: { stage: s.stage, which }, onclick: () => showBehind(s.stage, which, n) }, n) : "0";
    };
    const row = (s) =>
      h(
        "tr",
        { dataset: { stage: s.stage } },
        h("th", { scope: "row", i18n: STAGE_KEYS[s.stage] }),
        h("td", {}, countLink(s, "current")),
        h("td", {}, countLink(s, "reached")),
        h("td", {}, percent(s.conversion)),
        h("td", {}, hours(s.time_in_stage.median_ms)),
        h("td", {}, hours(s.time_in_stage.p90_ms)),
        h("td", {}, s.waiting_now.n, s.waiting_now.n ? ` · ${hours(s.waiting_now.p90_ms)}` : ""),
      );
    const exportButton = h("button", { type: "button", id: "an-funnel-export", class: "quiet", i18n: "analytics.export" });
    exportButton.addEventListener("click", () => {
      const lines = [csvLine(["stage", "current", "reached", "conversion", "median_hours", "p90_hours", "waiting_now"])];
      for (const s of funnel.stages) {
        const hoursOf = (ms) => (ms === null ? "" : (ms / 3_600_000).toFixed(1));
        lines.push(csvLine([s.stage, s.current, s.reached, s.conversion ?? "", hoursOf(s.time_in_stage.median_ms), hoursOf(s.time_in_stage.p90_ms), s.waiting_now.n]));
      }
      download(`funnel-${to.value}.csv`, `${lines.join("\r\n")}\r\n`);
    });
    const inv = funnel.invitations;
    fill(
      funnelCard,
      h("h2", { id: "an-funnel-title", i18n: "analytics.funnel" }),
      h("p", { class: "muted small", i18n: ["analytics.applications", { n: funnel.applications }] }),
      h("div", { class: "chart" }, funnelChart(onPath.map((s) => ({ stage: s.stage, label: t(STAGE_KEYS[s.stage]), reached: s.reached, conversion: s.conversion })))),
      h(
        "ul",
        { class: "facts", id: "an-facts" },
        h("li", { id: "an-longest", i18n: funnel.longest_wait ? ["analytics.longest-wait", { stage: t(STAGE_KEYS[funnel.longest_wait]) }] : "analytics.nobody-waits" }),
        h("li", { id: "an-hire", i18n: ["analytics.time-to-hire", { n: funnel.time_to_hire.n, median: hours(funnel.time_to_hire.median_ms), p90: hours(funnel.time_to_hire.p90_ms) }] }),
        h("li", { id: "an-invitations", i18n: ["analytics.invitations", { invited: inv.invited, started: inv.started, lapsed: inv.lapsed, withdrew: inv.withdrew, share: percent(inv.drop_out) }] }),
      ),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "an-stages" },
          h("caption", { class: "visually-hidden", i18n: "analytics.funnel" }),
          h("thead", {}, h("tr", {}, ["analytics.stage", "analytics.current", "analytics.reached", "analytics.conversion", "analytics.median", "analytics.p90", "analytics.waiting"].map((key) => h("th", { scope: "col", i18n: key })))),
          h("tbody", {}, onPath.map(row), closes.map(row)),
        ),
      ),
      exportButton,
    );
  };

  const correlationRow = (item, label, c) => ({ item, label, r: c.r, low: c.low, high: c.high });
  const drawValidity = (v) => {
    const rows = [correlationRow("composite", t("analytics.composite"), v.composite), ...v.dimensions.map((d) => correlationRow(d.dimension, d.name, d.ai))];
    const cell = (c) => (c.r === null ? h("td", { class: "muted" }, c.note) : h("td", {}, `${r2(c.r)} [${r2(c.low)}, ${r2(c.high)}] n=${c.n}`));
    const exportButton = h("button", { type: "button", id: "an-validity-export", class: "quiet", i18n: "analytics.export" });
    exportButton.addEventListener("click", () => {
      const lines = [csvLine(["section", "item", "name", "n", "r", "low", "high"])];
      const add = (section, item, name, c) => lines.push(csvLine([section, item, name, c.n, c.r ?? "", c.low ?? "", c.high ?? ""]));
      add("composite", "composite", "AI composite", v.composite);
      v.dimensions.forEach((d) => add("ai", d.dimension, d.name, d.ai));
      v.dimensions.forEach((d) => add("human", d.dimension, d.name, d.human));
      v.questions.forEach((q) => add("question", q.question_id, q.text, q.discrimination));
      v.agreement.forEach((a) => add("agreement", a.dimension, a.name, a.correlation));
      download(`validity-${to.value}.csv`, `${lines.join("\r\n")}\r\n`);
    });
    fill(
      validityCard,
      h("h2", { id: "an-validity-title", i18n: "analytics.validity" }),
      h("p", { class: "muted small", i18n: ["analytics.hires", { n: v.hires }] }),
      h("div", { class: "chart" }, correlationChart("validity-chart", rows)),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "an-dimensions" },
          h("thead", {}, h("tr", {}, ["analytics.dimension", "analytics.ai", "analytics.human"].map((key) => h("th", { scope: "col", i18n: key })))),
          h("tbody", {}, h("tr", { dataset: { item: "composite" } }, h("th", { scope: "row", i18n: "analytics.composite" }), cell(v.composite), h("td", {}, "–")), v.dimensions.map((d) => h("tr", { dataset: { item: d.dimension } }, h("th", { scope: "row" }, d.name), cell(d.ai), cell(d.human)))),
        ),
      ),
      h("h3", { i18n: "analytics.questions" }),
      v.questions.length
        ? h("div", { class: "table-wrap" }, h("table", { id: "an-questions" }, h("tbody", {}, v.questions.map((q) => h("tr", {}, h("th", { scope: "row" }, q.text), cell(q.discrimination))))))
        : h("p", { class: "muted", i18n: "analytics.no-questions" }),
      h("h3", { i18n: "analytics.agreement" }),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "an-agreement" },
          h("thead", {}, h("tr", {}, ["analytics.dimension", "analytics.agreement-r", "analytics.human-minus-ai"].map((key) => h("th", { scope: "col", i18n: key })))),
          h("tbody", {}, v.agreement.map((a) => h("tr", {}, h("th", { scope: "row" }, a.name), cell(a.correlation), h("td", {}, a.difference.mean === null ? "–" : `${r2(a.difference.mean)} n=${a.difference.n}`)))),
        ),
      ),
      h("h3", { i18n: "analytics.interviewers" }),
      v.interviewers.length
        ? h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { id: "an-interviewers" },
              h("thead", {}, h("tr", {}, ["analytics.interviewer", "analytics.scorecards", "analytics.versus-colleagues", "analytics.versus-ai", "analytics.leaning"].map((key) => h("th", { scope: "col", i18n: key })))),
              h(
                "tbody",
                {},
                v.interviewers.map((i) =>
                  h(
                    "tr",
                    { dataset: { user: String(i.user_id) } },
                    h("th", { scope: "row" }, i.name),
                    h("td", {}, i.scorecards),
                    h("td", {}, i.versus_colleagues.mean === null ? "–" : r2(i.versus_colleagues.mean)),
                    h("td", {}, i.versus_ai.mean === null ? "–" : r2(i.versus_ai.mean)),
                    h("td", {}, i.leaning ? h("span", { class: `badge leaning-${i.leaning}`, i18n: LEANING[i.leaning] }) : "–"),
                  ),
                ),
              ),
            ),
          )
        : h("p", { class: "muted", i18n: "analytics.no-interviewers" }),
      exportButton,
    );
  };

  const load = async () => {
    setText(status, "app.loading");
    behind.hidden = true;
    const query = scope();
    const validityQuery = new URLSearchParams(query);
    validityQuery.set("measure", measure.value);
    try {
      if (analytics) {
        const [funnel, validity] = await Promise.all([get(`/api/v1/analytics/funnel?${query}`), get(`/api/v1/analytics/validity?${validityQuery}`)]);
        drawFunnel(funnel);
        drawValidity(validity);
      }
      impact?.load(query);
      setText(status, "analytics.updated");
    } catch (error) {
      fill(funnelCard, problem(error));
      validityCard.replaceChildren();
      status.textContent = "";
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  fill(
    root,
    heading("analytics.title"),
    h("section", { class: "card" }, form, status),
    analytics ? [funnelCard, behind, validityCard] : null,
    impact?.card ?? null,
  );
  await load();
}
