// The report's chart: each dimension's score as a bar on 0–10, with the
// job's threshold marked on it, coloured by how it compares. The same
// numbers are in the table beside it for screen readers and for printing.

import { h, score } from "./elements.js";
import { t } from "./i18n.js";

const ROW = 34;
const LABEL = 190;
const BAR = 360;
const WIDTH = LABEL + BAR + 70;

const x = (value) => LABEL + (Math.max(0, Math.min(10, value)) / 10) * BAR;

/** An SVG bar chart of `dimensions` (the recommendation's). */
export function scoreChart(dimensions) {
  const height = dimensions.length * ROW + 30;
  const ticks = [0, 2, 4, 6, 8, 10].map((v) =>
    h(
      "g",
      { class: "tick" },
      h("line", { x1: x(v), x2: x(v), y1: 0, y2: height - 22 }),
      h("text", { x: x(v), y: height - 6, "text-anchor": "middle" }, v),
    ),
  );
  const rows = dimensions.map((d, i) => {
    const y = i * ROW + 6;
    const measured = d.score !== null && d.score !== undefined;
    return h(
      "g",
      { class: `row status-${d.status}`, dataset: { dimension: d.id } },
      h("text", { x: LABEL - 8, y: y + 16, "text-anchor": "end", class: "label" }, shorten(d.name, 18)),
      h("rect", { x: LABEL, y, width: BAR, height: 22, class: "track" }),
      measured ? h("rect", { x: LABEL, y, width: x(d.score) - LABEL, height: 22, class: "bar" }) : null,
      h("line", { x1: x(d.threshold), x2: x(d.threshold), y1: y - 3, y2: y + 25, class: "threshold" }),
      h(
        "text",
        { x: x(10) + 8, y: y + 16, class: "value" },
        measured ? score(d.score) : t("report.not-measured-short"),
      ),
    );
  });
  return h(
    "svg",
    {
      id: "score-chart",
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: "img",
      "aria-label": t("report.chart-label"),
      preserveAspectRatio: "xMinYMin meet",
    },
    h("title", {}, t("report.chart-label")),
    ticks,
    rows,
  );
}

function shorten(text, max) {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text;
}
