// Inviting candidates to a job's AI interview: one person from a form, or
// many from a CSV file. The import reports every row (created, already
// known, or what was wrong with it, by line and field); the invitations to
// the new candidates then go out one by one with progress, and each row
// shows its link. A single application is invited from the board.

import { formMessage } from "./console-kit.js";
import { csvLine, download, fill, h } from "./elements.js";
import { setText, t } from "./i18n.js";
import { post, postCsv } from "./staff-api.js";

/** Copies `text` and says so on `button`. */
function copyButton(text) {
  const button = h("button", { type: "button", class: "quiet small", i18n: "invite.copy" });
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      setText(button, "invite.copied");
    } catch {
      setText(button, "invite.copy-failed");
    }
  });
  return button;
}

function linkField(id, link) {
  return h(
    "div",
    { class: "link-row" },
    h("label", { for: id, class: "visually-hidden", i18n: "invite.link" }),
    h("input", { id, type: "text", readonly: true, value: link, class: "link" }),
    copyButton(link),
  );
}

/**
 * An "Invite" button for an application on the board, or the link made for it
 * (`link`, once known). `onInvited(link)` hears the new link: inviting moves
 * the application to the AI interview, so the board is drawn again.
 */
export function inviteButton(applicationId, link, onInvited) {
  const holder = h("div", { class: "invite-one" });
  if (link) return fill(holder, linkField(`board-link-${applicationId}`, link));
  const button = h("button", { type: "button", class: "quiet small", i18n: "invite.again" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const invited = await post(`/api/v1/applications/${applicationId}/invitations`, {});
      fill(holder, linkField(`board-link-${applicationId}`, invited.link));
      onInvited(invited.link);
    } catch (error) {
      fill(holder, button, h("span", { class: "error", role: "alert" }, error.message));
      button.disabled = false;
    }
  });
  return fill(holder, button);
}

export function inviteOne(job, onDone, ctx) {
  const field = (id, key, attrs = {}) => {
    const input = h("input", { id, ...attrs });
    return [h("div", { class: "field" }, h("label", { for: id, i18n: key }), input), input];
  };
  const [nameField, name] = field("invite-name", "invite.name", { type: "text", autocomplete: "off", required: true });
  const [emailField, email] = field("invite-email", "invite.email", { type: "email", autocomplete: "off", required: true });
  const [phoneField, phone] = field("invite-phone", "invite.phone", { type: "tel", autocomplete: "off" });
  const message = h("p", { id: "invite-error", class: "error", role: "alert", hidden: true });
  const result = h("div", { id: "invite-result", role: "status" });
  const submit = h("button", { type: "submit", class: "primary", id: "invite-submit", i18n: "invite.submit" });
  const form = h("form", { id: "invite-form", novalidate: true }, nameField, emailField, phoneField, message, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    fill(result);
    submit.disabled = true;
    try {
      const added = await post(`/api/v1/jobs/${job.id}/candidates`, {
        name: name.value.trim(),
        email: email.value.trim(),
        phone: phone.value.trim(),
      });
      const invited = await post(`/api/v1/applications/${added.application.id}/invitations`, {});
      fill(
        result,
        h("p", { class: "ok", i18n: ["invite.sent", { name: name.value.trim() }] }),
        linkField("invite-link", invited.link),
      );
      ctx.announce(t("invite.sent", { name: name.value.trim() }));
      form.reset();
      onDone();
    } catch (error) {
      // The server names the field that was wrong ("email: must be an address like…").
      formMessage(message, error.status === 422 ? "invite.invalid" : "console.failed", { reason: error.message });
      const bad = { name, email, phone }[error.field];
      bad?.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    "section",
    { class: "card", id: "invite", "aria-labelledby": "invite-title" },
    h("h2", { id: "invite-title", i18n: "invite.title" }),
    form,
    result,
  );
}

export function importPanel(job, onDone, ctx) {
  const file = h("input", { id: "import-file", type: "file", accept: ".csv,text/csv" });
  const text = h("textarea", { id: "import-text", rows: "5", spellcheck: "false", placeholder: "name,email,phone,external_ref" });
  const message = h("p", { id: "import-error", class: "error", role: "alert", hidden: true });
  const progress = h("progress", { id: "import-progress", max: "1", value: "0", hidden: true });
  const status = h("p", { id: "import-status", role: "status" });
  const report = h("div", { id: "import-report" });
  const submit = h("button", { type: "submit", class: "primary", id: "import-submit", i18n: "import.submit" });
  file.addEventListener("change", async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  });
  const form = h(
    "form",
    { id: "import-form", novalidate: true },
    h("p", { class: "muted small", i18n: "import.help" }),
    h("div", { class: "field" }, h("label", { for: "import-file", i18n: "import.file" }), file),
    h("div", { class: "field" }, h("label", { for: "import-text", i18n: "import.text" }), text),
    message,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formMessage(message, null);
    fill(report);
    if (!text.value.trim()) {
      formMessage(message, "import.empty");
      text.focus();
      return;
    }
    submit.disabled = true;
    try {
      const outcome = await postCsv(`/api/v1/jobs/${job.id}/candidates/import`, text.value);
      setText(status, "import.summary", {
        received: outcome.received,
        created: outcome.created,
        existing: outcome.existing,
        failed: outcome.failed,
      });
      ctx.announce(status.textContent);
      fill(report, reportTable(job, outcome, progress, status, ctx, onDone));
      onDone();
    } catch (error) {
      formMessage(message, error.status === 0 ? "console.offline" : "import.refused", { reason: error.message });
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    "section",
    { class: "card", id: "import", "aria-labelledby": "import-title" },
    h("h2", { id: "import-title", i18n: "import.title" }),
    form,
    status,
    progress,
    report,
  );
}

const ROW_KEYS = { created: "import.row-created", existing: "import.row-existing", failed: "import.row-failed" };

/** `onInvited()` once the invitations are out: they moved the applications on. */
function reportTable(job, outcome, progress, status, ctx, onInvited) {
  const links = new Map();
  const linkCells = new Map();
  const rows = outcome.rows.map((row) => {
    const linkCell = h("td", { class: "row-link" });
    if (row.application_id) linkCells.set(row.application_id, linkCell);
    return h(
      "tr",
      { dataset: { status: row.status, line: String(row.line) } },
      h("th", { scope: "row" }, row.line),
      h("td", { i18n: ROW_KEYS[row.status] }),
      h("td", {}, row.status === "failed" ? `${row.field ?? ""} ${row.message ?? ""}`.trim() : ""),
      linkCell,
    );
  });
  // Only the people this import added: someone already known may have
  // interviewed already, and is invited from the board when they should be.
  const toInvite = outcome.rows.filter((row) => row.application_id && row.status === "created");
  const invite = h("button", {
    type: "button",
    id: "import-invite",
    class: "primary",
    i18n: ["import.invite", { n: toInvite.length }],
    disabled: toInvite.length === 0,
  });
  const exportLinks = h("button", { type: "button", id: "import-export", class: "quiet", i18n: "import.export", hidden: true });
  invite.addEventListener("click", async () => {
    invite.disabled = true;
    progress.hidden = false;
    progress.max = toInvite.length;
    let failed = 0;
    for (const [i, row] of toInvite.entries()) {
      setText(status, "import.inviting", { n: i + 1, total: toInvite.length });
      progress.value = i;
      try {
        const invited = await post(`/api/v1/applications/${row.application_id}/invitations`, {});
        links.set(row.line, invited.link);
        fill(linkCells.get(row.application_id), linkField(`import-link-${row.line}`, invited.link));
      } catch (error) {
        failed += 1;
        fill(linkCells.get(row.application_id), h("span", { class: "error" }, error.message));
      }
    }
    progress.value = toInvite.length;
    setText(status, "import.invited", { n: toInvite.length - failed, failed });
    ctx.announce(status.textContent);
    onInvited();
    exportLinks.hidden = links.size === 0;
  });
  exportLinks.addEventListener("click", () => {
    const lines = [csvLine(["line", "link"]), ...[...links].map(([line, link]) => csvLine([line, link]))];
    download(`invitations-job-${job.id}.csv`, `${lines.join("\r\n")}\r\n`);
  });
  return [
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { id: "import-rows" },
        h("caption", { class: "visually-hidden", i18n: "import.report" }),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col", i18n: "import.line" }),
            h("th", { scope: "col", i18n: "import.outcome" }),
            h("th", { scope: "col", i18n: "import.problem" }),
            h("th", { scope: "col", i18n: "invite.link" }),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    h("div", { class: "actions" }, invite, exportLinks),
  ];
}
