// The HR console: one page whose views are drawn from the JSON API, with
// addresses of their own (/console/jobs/7, /console/reports/31) so any view
// can be bookmarked, shared or opened in a new tab, and the browser's back
// button works. What a person sees is what the API lets them read: a view
// the API refuses shows why, and nothing else.

import { announce } from "./dom.js";
import { fill } from "./elements.js";
import { ROLE_KEYS, may, problem } from "./console-kit.js";
import { currentLanguage, loadCatalogue, languageOf, setLanguage, setText, t } from "./i18n.js";
import { ApiFailure, get, signedIn, signOut } from "./staff-api.js";
import { renderDashboard } from "./view-dashboard.js";
import { renderDeliveries } from "./view-deliveries.js";
import { renderJob, renderJobs } from "./view-jobs.js";
import { renderLogin } from "./view-login.js";
import { renderPlugins } from "./view-plugins.js";
import { renderAnalytics } from "./view-analytics.js";
import { renderRanking } from "./view-ranking.js";
import { renderReport } from "./view-report.js";
import { renderRequests } from "./view-requests.js";

const LANGUAGE_KEY = "panel:language";

/** Address patterns and their views; `:id` parts are numbers. */
const ROUTES = [
  { pattern: /^\/console\/?$/, view: renderDashboard, nav: "dashboard" },
  { pattern: /^\/console\/login$/, view: renderLogin, open: true },
  { pattern: /^\/console\/jobs$/, view: renderJobs, nav: "jobs" },
  { pattern: /^\/console\/jobs\/(\d+)$/, view: renderJob, nav: "jobs" },
  { pattern: /^\/console\/jobs\/(\d+)\/ranking$/, view: renderRanking, nav: "jobs" },
  { pattern: /^\/console\/reports\/(\d+)$/, view: renderReport, nav: "jobs" },
  { pattern: /^\/console\/plugins$/, view: renderPlugins, nav: "plugins" },
  { pattern: /^\/console\/deliveries$/, view: renderDeliveries, nav: "deliveries" },
  { pattern: /^\/console\/analytics$/, view: renderAnalytics, nav: "analytics" },
  { pattern: /^\/console\/requests$/, view: renderRequests, nav: "requests" },
];

const app = document.getElementById("app");
let user = null;
let cleanup = null;

/** Goes to `path` inside the console without reloading the page. */
function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  route();
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const path = location.pathname;
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find(({ m }) => m);
  if (!match) {
    fill(app, problem(new ApiFailure(404, "not-found", "")));
    return focusHeading();
  }
  if (!match.r.open && !signedIn()) {
    return navigate(`/console/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
  }
  if (!match.r.open && !user) {
    try {
      user = await get("/api/v1/me");
    } catch (error) {
      if (error.status === 401) return navigate("/console/login", { replace: true });
      fill(app, problem(error));
      return focusHeading();
    }
  }
  showChrome(match.r);
  app.setAttribute("aria-busy", "true");
  const params = match.m.slice(1).map(Number);
  try {
    cleanup = (await match.r.view(app, params, { user, navigate, announce, signedInAs })) ?? null;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) {
      user = null;
      return navigate(`/console/login?next=${encodeURIComponent(path)}`, { replace: true });
    }
    if (!(error instanceof ApiFailure)) console.warn("drawing the view failed", error);
    fill(app, problem(error));
  } finally {
    app.removeAttribute("aria-busy");
  }
  focusHeading();
}

function focusHeading() {
  app.querySelector("h1")?.focus();
}

function signedInAs(next) {
  user = next;
}

function showChrome(r) {
  const nav = document.getElementById("nav");
  nav.hidden = !!r.open;
  document.getElementById("sign-out").hidden = !!r.open;
  for (const link of nav.querySelectorAll("a[data-nav]")) {
    if (link.dataset.nav === r.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // The outbox spans every department: offered only to those who may read it.
  nav.querySelector("a[data-nav='deliveries']").hidden = !user || !may(user, "manage-deliveries");
  nav.querySelector("a[data-nav='plugins']").hidden = !user || !may(user, "read-plugins");
  nav.querySelector("a[data-nav='requests']").hidden = !user || !may(user, "manage-personal-data");
  nav.querySelector("a[data-nav='analytics']").hidden = !user || !(may(user, "read-analytics") || may(user, "read-compliance"));
  const who = document.getElementById("who");
  if (r.open || !user) {
    who.textContent = "";
  } else {
    setText(who, "console.signed-in-as", { name: user.name, role: t(ROLE_KEYS[user.role] ?? "role.staff") });
  }
}

async function start() {
  try {
    await loadCatalogue();
  } catch (error) {
    app.textContent = error.message;
    return;
  }
  setLanguage(localStorage.getItem(LANGUAGE_KEY) ?? languageOf(navigator.language));
  document.getElementById("language").addEventListener("click", () => {
    const next = currentLanguage() === "zh" ? "en" : "zh";
    localStorage.setItem(LANGUAGE_KEY, next);
    setLanguage(next);
    route();
  });
  document.getElementById("sign-out").addEventListener("click", async () => {
    await signOut().catch(() => {});
    user = null;
    navigate("/console/login");
    announce(t("login.signed-out"));
  });
  // Links inside the console change the view without a reload.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[data-link]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(link.getAttribute("href"));
  });
  window.addEventListener("popstate", route);
  route();
}

start();
