// The candidate's interview page behind the invitation link: it reads where
// the interview is and shows the right step — the purpose notice and
// consent, the device check (when recording was agreed), the questions, the
// completion page — or says plainly why the interview cannot go on.

import { InterviewApi, NetworkError } from "./api.js";
import { DeviceCheck } from "./devices.js";
import { byId, showMessage, showView } from "./dom.js";
import { currentLanguage, languageOf, loadCatalogue, setLanguage, setText } from "./i18n.js";
import { Interview } from "./interview.js";
import { wireSelfId } from "./self-id.js";

/** Why the interview cannot go on, as catalogue texts. */
const PROBLEMS = {
  invalid: ["error.invalid.title", "error.invalid.body"],
  expired: ["error.expired.title", "error.expired.body"],
  closed: ["error.closed.title", "error.closed.body"],
  withdrawn: ["error.withdrawn.title", "error.withdrawn.body"],
  "not-open": ["error.not-open.title", "error.not-open.body"],
  "time-up": ["error.time-up.title", "error.time-up.body"],
  unavailable: ["error.unavailable.title", "error.unavailable.body"],
};

/** API error codes on starting, and the problem each means. */
const START_PROBLEMS = {
  unauthorized: "invalid",
  "not-yet-open": "not-open",
  "invitation-closed": "closed",
  "invitation-revoked": "withdrawn",
  "time-up": "time-up",
};

const token = decodeURIComponent(location.pathname.split("/").pop() ?? "");
const api = new InterviewApi(token);
let status = null;
let languageChosen = false;

const interview = new Interview({
  api,
  onDone: () => showDone(),
  onProblem: (kind) => showProblem(kind),
  onResync: () => refresh(),
});
const devices = new DeviceCheck({
  api,
  onContinue: (stream) => {
    interview.recordFrom(stream);
    interview.begin(status);
  },
  onTextInstead: () => start(false, byId("device-help")),
});
/** The region's notice as last loaded: its version and the purposes asked. */
let notice = null;

/** Shows the page in `language`; the switch names the other one, in it. */
function showIn(language) {
  setLanguage(language);
  byId("language").lang = language === "zh" ? "en" : "zh-CN";
}

function showProblem(kind, args) {
  const [title, body] = PROBLEMS[kind] ?? PROBLEMS.unavailable;
  setText(byId("problem-heading"), title);
  setText(byId("problem-body"), body, args);
  showView("problem");
}

function showDone() {
  const organisation = status?.organisation ?? "";
  const days = status?.feedback_within_days;
  if (days) {
    setText(byId("done-when"), "done.when-days", { organisation, days });
  } else {
    setText(byId("done-when"), "done.when", { organisation });
  }
  showView("done");
  if (!selfIdWired) {
    selfIdWired = true;
    wireSelfId(api).catch(() => {
      byId("self-id").hidden = true;
    });
  }
}

let selfIdWired = false;

async function showConsent() {
  const { organisation, job_title: job } = status;
  setText(byId("consent-heading"), "consent.heading", { job });
  setText(byId("consent-invited-by"), "consent.invited-by", { organisation });
  setText(byId("consent-purpose"), "consent.purpose", { organisation });
  setText(byId("consent-window"), "consent.window", { closes: { at: status.closes_at } });
  // The notice first: the page asks for consent only once it shows what to.
  await loadNotice();
  showView("consent");
}

/** Loads and shows the region's notice in the page's language. */
async function loadNotice() {
  try {
    const response = await api.notice(currentLanguage() === "zh" ? "zh-CN" : "en");
    if (!response.ok) return;
    notice = response.body;
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    return;
  }
  const container = byId("consent-notice");
  container.replaceChildren();
  for (const section of notice.sections) {
    const title = document.createElement("h3");
    title.textContent = section.title;
    const text = document.createElement("p");
    text.textContent = section.text;
    container.append(title, text);
  }
  container.lang = notice.locale;
  byId("consent-transfer-choice").hidden = !notice.purposes.some((p) => p.purpose === "transfer-abroad");
}

/** The purposes the region requires that are not ticked. */
function missingRequired(consents) {
  return (notice?.purposes ?? []).filter((p) => p.required && !consents[p.purpose]).map((p) => p.purpose);
}

/** Shows the step the interview is at. */
function route() {
  if (!languageChosen) showIn(languageOf(status.locale));
  switch (status.state) {
    case "not-started":
      showConsent();
      break;
    case "in-progress":
      if (status.consent_recording) {
        showView("devices");
      } else {
        interview.begin(status);
      }
      break;
    case "completed":
    case "scored":
      showDone();
      break;
    default:
      showProblem("time-up");
  }
}

async function refresh() {
  try {
    const response = await api.status();
    if (!response.ok) {
      showProblem(response.status === 401 ? "invalid" : "unavailable");
      return;
    }
    status = response.body;
    route();
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    showProblem("unavailable");
  }
}

/** Starts with the consent given; a failure is told in `errorElement`. */
async function start(consentRecording, errorElement) {
  const button = byId("consent-start");
  button.disabled = true;
  const consents = { "ai-evaluation": true, recording: consentRecording };
  if (notice?.purposes.some((p) => p.purpose === "transfer-abroad")) {
    consents["transfer-abroad"] = byId("consent-transfer-abroad").checked;
  }
  try {
    const response = await api.start(consents, notice?.version);
    if (response.ok) {
      status = response.body;
      route();
    } else if (response.code === "notice-changed") {
      showMessage(errorElement, "consent.notice-changed");
      loadNotice();
    } else if (response.status === 422) {
      showMessage(errorElement, "consent.required-purpose");
    } else if (START_PROBLEMS[response.code]) {
      showProblem(START_PROBLEMS[response.code], { opens: { at: status?.opens_at ?? Date.now() } });
    } else {
      showMessage(errorElement, "error.unavailable.body");
    }
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    showMessage(errorElement, "error.unavailable.body");
  } finally {
    button.disabled = false;
  }
}

function wireConsent() {
  byId("consent-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const agreed = byId("consent-process");
    if (!agreed.checked) {
      showMessage(byId("consent-error"), "consent.required");
      agreed.focus();
      return;
    }
    const transfer = byId("consent-transfer-abroad");
    if (missingRequired({ "ai-evaluation": true, "transfer-abroad": transfer.checked }).length > 0) {
      showMessage(byId("consent-error"), "consent.required-purpose");
      transfer.focus();
      return;
    }
    showMessage(byId("consent-error"), null);
    start(byId("consent-recording").checked, byId("consent-error"));
  });
  byId("language").addEventListener("click", () => {
    languageChosen = true;
    showIn(currentLanguage() === "zh" ? "en" : "zh");
    if (!byId("view-consent").hidden) loadNotice();
  });
}

/** Withdrawing AI evaluation and erasure, from the completion page. */
function wirePrivacy() {
  const result = byId("privacy-result");
  byId("privacy-withdraw-ai").addEventListener("click", async () => {
    const response = await api.withdraw("ai-evaluation");
    if (response.ok) showMessage(result, "privacy.withdrawn");
  });
  byId("privacy-erase").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    if (button.dataset.confirming !== "yes") {
      // A second click confirms: nothing is erased by one stray click.
      button.dataset.confirming = "yes";
      showMessage(result, "privacy.confirm-erase");
      return;
    }
    const response = await api.erase();
    if (response.ok) {
      showMessage(result, response.body.completed ? "privacy.erased" : "privacy.erase-pending");
      byId("privacy-withdraw-ai").disabled = true;
      button.disabled = true;
    }
  });
}

async function main() {
  await loadCatalogue();
  showIn(languageOf(navigator.language));
  wireConsent();
  wirePrivacy();
  await refresh();
}

main();
