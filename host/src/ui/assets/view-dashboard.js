// The live dashboard: interviews in progress, completed today, waiting for
// review, recorded answers waiting for a transcript and invitations about to
// expire. It refreshes itself every few
// seconds while the tab is visible, and says when it last did.

import { decisionBadge, heading, may, problem } from "./console-kit.js";
import { clock, fill, h, score, startOfToday, when } from "./elements.js";
import { setText } from "./i18n.js";
import { get } from "./staff-api.js";

const REFRESH_MS = 5000;

const ASSIGNED = { key: "assigned", title: "dash.assigned", empty: "dash.assigned-empty", at: "dash.assigned-at" };

const SECTIONS = [
  { key: "in_progress", title: "dash.in-progress", empty: "dash.in-progress-empty", at: "dash.started-at" },
  { key: "completed", title: "dash.completed", empty: "dash.completed-empty", at: "dash.finished-at" },
  { key: "awaiting_review", title: "dash.awaiting-review", empty: "dash.awaiting-review-empty", at: "dash.scored-at" },
  {
    key: "awaiting_transcript",
    title: "dash.awaiting-transcript",
    empty: "dash.awaiting-transcript-empty",
    at: "dash.finished-at",
  },
  { key: "expiring", title: "dash.expiring", empty: "dash.expiring-empty", at: "dash.closes-at" },
];

export async function renderDashboard(root, _params, ctx) {
  const status = h("p", { id: "dash-updated", class: "muted small", role: "status" });
  const grid = h("div", { class: "dash-grid" });
  const view = h("div", { id: "dashboard" }, heading("dash.title"), status, grid);
  let timer = null;
  let stopped = false;
  let counts = null;

  async function refresh() {
    const since = startOfToday();
    let data;
    try {
      data = await get(`/api/v1/dashboard?since=${since}`);
    } catch (error) {
      if (error.status === 401 || error.status === 403) {
        fill(root, problem(error));
        return;
      }
      // Keep what is on screen and say that it is not current.
      setText(status, "dash.stale");
      return;
    }
    if (stopped) return;
    // Interviewers work from their assignments; others see them when they have any.
    const readsJobs = may(ctx.user, "read-jobs");
    const sections = !readsJobs || data.assigned.count > 0 ? [ASSIGNED, ...SECTIONS] : SECTIONS;
    const shown = readsJobs ? sections : [ASSIGNED];
    fill(grid, shown.map((section) => card(section, data[section.key])));
    const next = sections.map((s) => data[s.key].count).join(",");
    // Read out only when something changed, not on every refresh.
    status.setAttribute("aria-live", counts !== null && counts !== next ? "polite" : "off");
    counts = next;
    setText(status, "dash.updated", { time: clock(Date.now()) });
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(() => refresh().finally(schedule), REFRESH_MS);
  }

  const onVisibility = () => {
    if (!document.hidden) refresh().finally(schedule);
  };
  document.addEventListener("visibilitychange", onVisibility);
  await refresh();
  fill(root, view);
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}

function card(section, data) {
  const id = `dash-${section.key.replaceAll("_", "-")}`;
  const list = data.items.map((item) => {
    // An assignment without an interview yet has nothing for an interviewer to open.
    const target = item.session_id
      ? `/console/reports/${item.session_id}`
      : section.key === "assigned"
        ? null
        : `/console/jobs/${item.job_id}`;
    return h(
      "li",
      {},
      target ? h("a", { href: target, dataset: { link: "" } }, item.candidate_name) : h("strong", {}, item.candidate_name),
      " ",
      h("span", { class: "muted" }, item.job_title),
      h(
        "div",
        { class: "small muted" },
        h("span", { i18n: [section.at, { time: when(item.at) }] }),
        item.composite !== null && item.composite !== undefined ? ` · ${score(item.composite)}` : null,
        " ",
        decisionBadge(item.decision),
      ),
    );
  });
  return h(
    "section",
    { class: "card dash-card", id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, h("span", { i18n: section.title }), " ", h("span", { class: "count" }, data.count)),
    list.length ? h("ul", { class: "items" }, list) : h("p", { class: "muted", i18n: section.empty }),
    data.count > data.items.length
      ? h("p", { class: "small muted", i18n: ["dash.more", { n: data.count - data.items.length }] })
      : null,
  );
}
