// What every view of the console shares: its heading, the panel shown when
// the API refuses or fails, and the names of roles, stages and decisions.

import { h } from "./elements.js";
import { t } from "./i18n.js";
import { ApiFailure } from "./staff-api.js";

/** The page's heading: the document title follows it; the console focuses it. */
export function heading(key, args) {
  const element = h("h1", { tabindex: "-1", i18n: [key, args] });
  document.title = `${t(key, args)} · ${t("console.name")}`;
  return element;
}

/** What a view shows when its data could not be read: why, and nothing else. */
export function problem(error) {
  const keys = { 0: "console.offline", 403: "console.forbidden", 404: "console.not-found" };
  const key = (error instanceof ApiFailure && keys[error.status]) || "console.failed";
  document.title = `${t(key)} · ${t("console.name")}`;
  return h(
    "section",
    { class: "card problem", role: "alert", id: "problem", dataset: { status: String(error?.status ?? "") } },
    h("h1", { tabindex: "-1", i18n: key }),
    h("p", { class: "muted", i18n: "console.problem-help" }),
    h("p", {}, h("a", { href: "/console", dataset: { link: "" }, i18n: "console.back-to-dashboard" })),
  );
}

/** A message under a form: an error says what was wrong and where. */
export function formMessage(element, key, args) {
  if (!key) {
    element.hidden = true;
    element.textContent = "";
    return;
  }
  element.hidden = false;
  element.dataset.i18n = key;
  element.textContent = t(key, args);
}

/**
 * What the console offers each role: the server's rule (host/src/api/access.rs)
 * decides, and a refused request is shown as such; this only keeps forms away
 * from people who could never use them.
 */
const OFFERED = {
  "read-jobs": ["admin", "hr", "department-head"],
  "create-job": ["admin", "hr"],
  invite: ["admin", "hr"],
  "move-stage": ["admin", "hr"],
  "manage-offer": ["admin", "hr"],
  assign: ["admin", "hr", "department-head"],
  "submit-scorecard": ["admin", "hr", "department-head", "interviewer"],
  transcribe: ["admin", "hr"],
  "manage-plugins": ["admin"],
  // Bindings hold configurations: administrators, and HR for their own part of the organisation.
  "read-plugins": ["admin", "hr"],
  "read-analytics": ["admin", "hr", "department-head"],
  // The adverse-impact report reads self-identified groups: compliance and administrators only.
  "read-compliance": ["admin", "compliance"],
  // Access requests, legal holds and erasure span every department: administrators, compliance, and HR of the whole organisation.
  "manage-personal-data": (user) => user.role === "admin" || user.role === "compliance" || (user.role === "hr" && user.unit_id === null),
  // The outbox spans every department: administrators, and HR of the whole organisation.
  "manage-deliveries": (user) => user.role === "admin" || (user.role === "hr" && user.unit_id === null),
};

/** Whether the console offers `user` the means to do `action`. */
export function may(user, action) {
  const offered = OFFERED[action];
  return typeof offered === "function" ? offered(user) : (offered?.includes(user.role) ?? false);
}

export const ROLE_KEYS = {
  admin: "role.admin",
  hr: "role.hr",
  "department-head": "role.department-head",
  interviewer: "role.interviewer",
  compliance: "role.compliance",
};

export const STAGE_KEYS = {
  applied: "stage.applied",
  screened: "stage.screened",
  "ai-interview": "stage.ai-interview",
  "human-interview": "stage.human-interview",
  offer: "stage.offer",
  "background-check": "stage.background-check",
  onboarding: "stage.onboarding",
  probation: "stage.probation",
  regular: "stage.regular",
  withdrawn: "stage.withdrawn",
  rejected: "stage.rejected",
  "offer-declined": "stage.offer-declined",
};

export const DECISION_KEYS = {
  advance: "decision.advance",
  "human-review": "decision.human-review",
  reject: "decision.reject",
  hold: "decision.hold",
};

export const SESSION_KEYS = {
  "in-progress": "session.in-progress",
  completed: "session.completed",
  expired: "session.expired",
  scored: "session.scored",
};

/** The forward path, in order (the server's `Stage::PATH`). */
const PATH = [
  "applied",
  "screened",
  "ai-interview",
  "human-interview",
  "offer",
  "background-check",
  "onboarding",
  "probation",
  "regular",
];

/** The stages this job's pipeline uses, in order. */
export function stagesOf(pipeline) {
  const uses = {
    screened: pipeline.screening,
    "human-interview": pipeline.human_rounds > 0,
    "background-check": pipeline.background_check,
    probation: pipeline.probation,
  };
  return PATH.filter((stage) => uses[stage] ?? true);
}

/** The stage after `stage` on this job's path, or null. */
export function nextStage(pipeline, stage) {
  const stages = stagesOf(pipeline);
  const at = stages.indexOf(stage);
  return at >= 0 && at + 1 < stages.length ? stages[at + 1] : null;
}

/** A stage that closes the application: nothing moves it any more. */
export function isClosed(stage) {
  return ["withdrawn", "rejected", "offer-declined", "regular"].includes(stage);
}

/** A decision as a badge. */
export function decisionBadge(decision) {
  if (!decision) return null;
  return h("span", { class: `badge decision-${decision}`, i18n: DECISION_KEYS[decision] });
}
