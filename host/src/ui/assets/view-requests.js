// Personal-data requests, for those who answer them (administrators,
// compliance officers, HR of the whole organisation): the erasure requests
// still open with their due dates (overdue ones marked, and why they wait:
// a legal hold, or the next retention run), the legal holds, which can be
// lifted here, and the latest erasures. Candidates appear by number only:
// answering a request needs no name, and a compliance officer reads none.

import { heading } from "./console-kit.js";
import { fill, h, when } from "./elements.js";
import { t } from "./i18n.js";
import { del, get } from "./staff-api.js";

/** What an erasure's reason (`candidate.erase`, `retention.purge`, `erasure.replay`) is called, by its last part. */
const REASON_KEYS = {
  erase: "requests.reason-request",
  purge: "requests.reason-retention",
  replay: "requests.reason-replay",
};

export async function renderRequests(root, _params, ctx) {
  const requests = await get("/api/v1/compliance/requests");
  const now = Date.now();
  fill(
    root,
    heading("requests.title"),
    h("p", { class: "muted", i18n: "requests.help" }),
    card("requests-open", "requests.open", requests.open.length
      ? table("requests-open-table", ["requests.number", "requests.candidate", "requests.by", "requests.requested", "requests.due", "requests.waiting"],
        requests.open.map((r) => openRow(r, now)))
      : empty("requests-open-empty", "requests.open-empty")),
    card("legal-holds", "requests.holds", requests.legal_holds.length
      ? table("legal-holds-table", ["requests.candidate", "requests.case", "requests.since", "requests.action"],
        requests.legal_holds.map((hold) => holdRow(hold, root, ctx)))
      : empty("legal-holds-empty", "requests.holds-empty")),
    card("erased", "requests.erased", requests.erased.length
      ? table("erased-table", ["requests.candidate", "requests.erased-at", "requests.reason"],
        requests.erased.map(erasedRow))
      : empty("erased-empty", "requests.erased-empty")),
  );
}

function card(id, titleKey, body) {
  return h(
    "section",
    { class: "card", id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title`, i18n: titleKey }),
    body,
  );
}

function empty(id, key) {
  return h("p", { class: "muted", id, i18n: key });
}

function table(id, columns, rows) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id },
      h("thead", {}, h("tr", {}, columns.map((key) => h("th", { scope: "col", i18n: key })))),
      h("tbody", {}, rows),
    ),
  );
}

/** Who asked: the candidate through their link, or staff for them. */
function requester(by) {
  return by.startsWith("candidate:") ? t("requests.by-candidate") : t("requests.by-staff");
}

function openRow(r, now) {
  const overdue = r.due_at < now;
  return h(
    "tr",
    { dataset: { request: String(r.id), candidate: String(r.candidate_id) }, class: overdue ? "overdue" : null },
    h("th", { scope: "row" }, `#${r.id}`),
    h("td", {}, `#${r.candidate_id}`),
    h("td", {}, requester(r.requested_by)),
    h("td", {}, when(r.requested_at)),
    h("td", { class: "due" }, when(r.due_at), overdue ? h("span", { class: "badge badge-awaiting", i18n: "requests.overdue" }) : null),
    h("td", { class: "waiting", i18n: r.held ? "requests.waiting-hold" : "requests.waiting-scheduler" }),
  );
}

function holdRow(hold, root, ctx) {
  const lift = h("button", { type: "button", class: "quiet lift", i18n: "requests.lift" });
  lift.addEventListener("click", async () => {
    lift.disabled = true;
    try {
      await del(`/api/v1/candidates/${hold.candidate_id}/legal-hold`);
      ctx.announce(t("requests.lifted", { candidate: hold.candidate_id }));
      await renderRequests(root, [], ctx);
    } catch (error) {
      lift.disabled = false;
      lift.after(h("span", { class: "error", role: "alert" }, error.message));
    }
  });
  return h(
    "tr",
    { dataset: { candidate: String(hold.candidate_id) } },
    h("th", { scope: "row" }, `#${hold.candidate_id}`),
    h("td", { class: "case" }, hold.reason),
    h("td", {}, when(hold.placed_at)),
    h("td", {}, lift),
  );
}

function erasedRow(e) {
  return h(
    "tr",
    { dataset: { candidate: String(e.candidate_id) } },
    h("th", { scope: "row" }, `#${e.candidate_id}`),
    h("td", {}, when(e.erased_at)),
    h("td", { class: "reason", i18n: REASON_KEYS[e.reason.split(".").pop()] ?? "requests.reason-request" }),
  );
}
