// The analytics view's charts, drawn as SVG by the page itself: the funnel
// (how many reached each stage, with the share that went on) and the
// correlations of the interview with later performance (a dot for r and a
// line for its 95 % interval, on −1 to 1). The same numbers are in the
// tables beside them, for screen readers and for printing.

import { h } from "./elements.js";
import { t } from "./i18n.js";

const ROW = 30;
const LABEL = 170;
const BAR = 380;
const WIDTH = LABEL + BAR + 80;
/** The correlation chart's values include "not enough data". */
const WIDE = LABEL + BAR + 150;

/** Bars of `stages` ({ label, reached, conversion }), longest first as they come. */
export function funnelChart(stages) {
  const most = Math.max(1, ...stages.map((s) => s.reached));
  const height = stages.length * ROW + 8;
  return h(
    "svg",
    { id: "funnel-chart", viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": t("analytics.funnel-chart"), preserveAspectRatio: "xMinYMin meet" },
    h("title", {}, t("analytics.funnel-chart")),
    stages.map((s, i) => {
      const y = i * ROW + 4;
      const width = (s.reached / most) * BAR;
      return h(
        "g",
        { class: "row", dataset: { stage: s.stage } },
        h("text", { x: LABEL - 8, y: y + 16, "text-anchor": "end", class: "label" }, s.label),
        h("rect", { x: LABEL, y, width: BAR, height: 20, class: "track" }),
        h("rect", { x: LABEL, y, width: Math.max(width, s.reached > 0 ? 2 : 0), height: 20, class: "bar" }),
        h(
          "text",
          { x: LABEL + BAR + 8, y: y + 16, class: "value" },
          s.conversion === null ? String(s.reached) : `${s.reached} · ${Math.round(s.conversion * 100)}%`,
        ),
      );
    }),
  );
}

/** Dots with interval lines for `rows` ({ label, r, low, high }) on −1…1. */
export function correlationChart(id, rows) {
  const height = rows.length * ROW + 34;
  const x = (r) => LABEL + ((Math.max(-1, Math.min(1, r)) + 1) / 2) * BAR;
  const ticks = [-1, -0.5, 0, 0.5, 1].map((v) =>
    h(
      "g",
      { class: v === 0 ? "tick zero" : "tick" },
      h("line", { x1: x(v), x2: x(v), y1: 0, y2: height - 24 }),
      h("text", { x: x(v), y: height - 8, "text-anchor": "middle" }, v),
    ),
  );
  return h(
    "svg",
    { id, viewBox: `0 0 ${WIDE} ${height}`, role: "img", "aria-label": t("analytics.validity-chart"), preserveAspectRatio: "xMinYMin meet" },
    h("title", {}, t("analytics.validity-chart")),
    ticks,
    rows.map((row, i) => {
      const y = i * ROW + 14;
      const known = row.r !== null && row.r !== undefined;
      return h(
        "g",
        { class: `row ${known ? "known" : "unknown"}`, dataset: { item: row.item } },
        h("text", { x: LABEL - 8, y: y + 5, "text-anchor": "end", class: "label" }, row.label),
        known && row.low !== null ? h("line", { x1: x(row.low), x2: x(row.high), y1: y, y2: y, class: "interval" }) : null,
        known ? h("circle", { cx: x(row.r), cy: y, r: 5, class: "dot" }) : null,
        h("text", { x: LABEL + BAR + 8, y: y + 5, class: "value" }, known ? row.r.toFixed(2) : t("analytics.not-enough")),
      );
    }),
  );
}
