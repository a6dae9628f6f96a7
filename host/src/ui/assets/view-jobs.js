// Jobs: the list with their competency models, and one job's page: its
// model, the pipeline board by stage, and inviting candidates one at a time
// or in bulk from a CSV file with a report on every row.

import { SESSION_KEYS, STAGE_KEYS, decisionBadge, heading, isClosed, may, stagesOf } from "./console-kit.js";
import { fill, h, score } from "./elements.js";
import { t } from "./i18n.js";
import { importPanel, inviteButton, inviteOne } from "./invite.js";
import { jobForm } from "./job-form.js";
import { pipelineForm } from "./pipeline-form.js";
import { movedText, stageMoveForm } from "./stage-move.js";
import { get } from "./staff-api.js";

/** Unit id → "Region / Branch / Department". */
export async function unitNames() {
  const org = await get("/api/v1/org");
  const byId = new Map(org.units.map((u) => [u.id, u]));
  const path = (id) => {
    const names = [];
    for (let unit = byId.get(id); unit; unit = byId.get(unit.parent_id)) names.unshift(unit.name);
    return names.join(" / ");
  };
  /** The unit and the units above it. */
  const ancestors = (id) => {
    const ids = [];
    for (let unit = byId.get(id); unit; unit = byId.get(unit.parent_id)) ids.push(unit.id);
    return ids;
  };
  return { organisation: org.name, units: org.units, path, ancestors };
}

export async function renderJobs(root, _params, ctx) {
  const [jobs, org] = await Promise.all([get("/api/v1/jobs"), unitNames()]);
  const rows = jobs.map((job) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, h("a", { href: `/console/jobs/${job.id}`, dataset: { link: "" } }, job.profile.title)),
      h("td", {}, org.path(job.department_id)),
      h("td", {}, job.profile.industry || "–"),
      h("td", {}, job.profile.dimensions.map((d) => `${d.name} ${Math.round(d.weight * 100)}%`).join(" · ")),
    ),
  );
  const canCreate = may(ctx.user, "create-job");
  // Departments in the person's part of the org tree: the server refuses the others.
  const departments = org.units
    .filter((u) => u.kind === "department")
    .filter((u) => ctx.user.unit_id === null || org.ancestors(u.id).includes(ctx.user.unit_id))
    .map((u) => ({ id: u.id, path: org.path(u.id) }));
  fill(
    root,
    heading("jobs.title"),
    canCreate && departments.length
      ? jobForm(departments, (job) => {
          ctx.announce(t("job-form.created", { title: job.profile.title }));
          ctx.navigate(`/console/jobs/${job.id}`);
        })
      : null,
    jobs.length
      ? h(
          "div",
          { class: "card table-wrap" },
          h(
            "table",
            { id: "jobs-table" },
            h("caption", { class: "visually-hidden", i18n: "jobs.title" }),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col", i18n: "jobs.job" }),
                h("th", { scope: "col", i18n: "jobs.department" }),
                h("th", { scope: "col", i18n: "jobs.industry" }),
                h("th", { scope: "col", i18n: "jobs.model" }),
              ),
            ),
            h("tbody", {}, rows),
          ),
        )
      : h("p", { class: "card muted", i18n: "jobs.none" }),
  );
}

export async function renderJob(root, [jobId], ctx) {
  const [job, org] = await Promise.all([get(`/api/v1/jobs/${jobId}`), unitNames()]);
  const board = h("section", { id: "board", "aria-labelledby": "board-title" });
  // Links made from the board, shown on their cards until the page is left.
  const links = new Map();

  async function drawBoard() {
    const applications = await get(`/api/v1/jobs/${jobId}/applications`);
    const invited = async (applicationId, link) => {
      links.set(applicationId, link);
      await drawBoard();
      document.getElementById(`board-link-${applicationId}`)?.focus();
    };
    fill(board, h("h2", { id: "board-title", i18n: "board.title" }), boardOf(job, applications, { ctx, links, invited }, drawBoard));
  }

  await drawBoard();
  const canInvite = may(ctx.user, "invite");
  fill(
    root,
    h(
      "div",
      { class: "title-row" },
      heading("job.title", { title: job.profile.title }),
      h("a", { href: `/console/jobs/${jobId}/ranking`, class: "button", dataset: { link: "" }, i18n: "job.ranking" }),
    ),
    h("p", { class: "muted" }, org.path(job.department_id), job.profile.industry ? ` · ${job.profile.industry}` : ""),
    model(job),
    job.pipeline.feedback_days ? h("p", { class: "small muted", i18n: ["job.feedback", { days: job.pipeline.feedback_days }] }) : null,
    canInvite
      ? pipelineForm(job, (_saved, text) => {
          ctx.announce(text);
          ctx.navigate(location.pathname, { replace: true });
        })
      : null,
    board,
    canInvite ? inviteOne(job, () => drawBoard(), ctx) : null,
    canInvite ? importPanel(job, () => drawBoard(), ctx) : null,
  );
}

/** The competency model: what is measured, how much it counts, the bar. */
function model(job) {
  return h(
    "details",
    { class: "card", id: "model" },
    h("summary", { i18n: ["job.model", { n: job.profile.dimensions.length }] }),
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col", i18n: "jobs.dimension" }),
          h("th", { scope: "col", i18n: "jobs.weight" }),
          h("th", { scope: "col", i18n: "jobs.threshold" }),
        ),
      ),
      h(
        "tbody",
        {},
        job.profile.dimensions.map((d) =>
          h("tr", {}, h("th", { scope: "row" }, d.name), h("td", {}, `${Math.round(d.weight * 100)}%`), h("td", {}, score(d.threshold))),
        ),
      ),
    ),
  );
}

/** Columns by stage, in the job's order, then the closed applications. */
function boardOf(job, applications, context, redraw) {
  const stages = stagesOf(job.pipeline);
  const columns = [...stages.filter((s) => s !== "regular"), "closed"];
  const inColumn = (column, a) =>
    column === "closed" ? isClosed(a.stage) : a.stage === column && !isClosed(a.stage);
  return h(
    "div",
    { class: "board" },
    columns.map((column) => {
      const here = applications.filter((a) => inColumn(column, a));
      const title = column === "closed" ? "board.closed" : STAGE_KEYS[column];
      return h(
        "section",
        { class: "column", dataset: { stage: column } },
        h("h3", {}, h("span", { i18n: title }), " ", h("span", { class: "count" }, here.length)),
        here.length
          ? h("ul", {}, here.map((a) => applicationCard(job, a, context, redraw)))
          : h("p", { class: "muted small", i18n: "board.empty" }),
      );
    }),
  );
}

/** `context`: the console's, the links made from the board, and what to do with a new one. */
function applicationCard(job, application, { ctx, links, invited }, redraw) {
  const interview = application.interview;
  const canMove = may(ctx.user, "move-stage");
  const move = canMove
    ? stageMoveForm(application, job, (transition) => {
        ctx.announce(movedText(transition));
        redraw();
      })
    : null;
  return h(
    "li",
    { class: "application", dataset: { application: String(application.id), stage: application.stage } },
    interview
      ? h("a", { href: `/console/reports/${interview.session_id}`, dataset: { link: "" } }, application.candidate_name)
      : h("strong", {}, application.candidate_name),
    h(
      "div",
      { class: "small muted" },
      isClosed(application.stage) ? h("span", { i18n: STAGE_KEYS[application.stage] }) : null,
      interview ? h("span", { i18n: SESSION_KEYS[interview.state] }) : h("span", { i18n: "board.no-interview" }),
      interview && interview.composite !== null ? ` · ${score(interview.composite)} ` : " ",
      decisionBadge(interview?.decision),
    ),
    canMove && !interview && !isClosed(application.stage) ? inviteButton(application.id, links.get(application.id), (link) => invited(application.id, link)) : null,
    move ? h("details", { class: "move" }, h("summary", { i18n: "move.open" }), move) : null,
  );
}
