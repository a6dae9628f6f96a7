// The outbox, for the people who keep Panel's connections to other systems
// running (administrators, HR of the whole organisation): how quickly
// candidates hear their result, and the deliveries to connectors and
// notifiers by state, the dead-letter list first. A dead delivery is sent
// again from its first attempt once the other system or the plugin's
// configuration is fixed.

import { heading } from "./console-kit.js";
import { fill, h, when } from "./elements.js";
import { t } from "./i18n.js";
import { get, post } from "./staff-api.js";

const STATES = ["dead", "pending", "delivered"];

const STATE_KEYS = { dead: "deliveries.dead", pending: "deliveries.pending", delivered: "deliveries.delivered" };
/** What the moment shown means in each state. */
const WHEN_KEYS = {
  dead: "deliveries.refused-at",
  pending: "deliveries.next-attempt",
  delivered: "deliveries.delivered-at",
};
const EMPTY_KEYS = {
  dead: "deliveries.dead-empty",
  pending: "deliveries.pending-empty",
  delivered: "deliveries.delivered-empty",
};

export async function renderDeliveries(root, _params, ctx) {
  const asked = new URLSearchParams(location.search).get("state");
  const state = STATES.includes(asked) ? asked : "dead";
  const [sla, deliveries] = await Promise.all([
    get("/api/v1/feedback-sla"),
    get(`/api/v1/deliveries?state=${state}&limit=200`),
  ]);
  const choose = h(
    "select",
    { id: "delivery-state" },
    STATES.map((s) => h("option", { value: s, selected: s === state, i18n: STATE_KEYS[s] })),
  );
  choose.addEventListener("change", () => ctx.navigate(`/console/deliveries?state=${choose.value}`));
  fill(
    root,
    heading("deliveries.title"),
    h("p", { class: "muted", i18n: "deliveries.help" }),
    slaCard(sla),
    h(
      "section",
      { class: "card", id: "deliveries", "aria-labelledby": "deliveries-title" },
      h("h2", { id: "deliveries-title", i18n: "deliveries.list" }),
      h("div", { class: "field" }, h("label", { for: "delivery-state", i18n: "deliveries.state" }), choose),
      deliveries.length ? table(deliveries, state, ctx) : h("p", { class: "muted", id: "deliveries-empty", i18n: EMPTY_KEYS[state] }),
    ),
  );
}

/** How quickly candidates heard their result over the last 30 days. */
function slaCard(sla) {
  const figure = (id, key, value) => h("div", { class: "figure", id }, h("span", { class: "big" }, value), h("span", { class: "small muted", i18n: key }));
  return h(
    "section",
    { class: "card", id: "feedback-sla", "aria-labelledby": "sla-title" },
    h("h2", { id: "sla-title", i18n: ["deliveries.sla", { hours: sla.sla_hours }] }),
    h(
      "div",
      { class: "figures" },
      figure("sla-results", "deliveries.results", sla.results),
      figure("sla-delivered", "deliveries.messages-delivered", sla.delivered),
      figure("sla-within", "deliveries.within-sla", sla.within_sla),
      figure("sla-overdue", "deliveries.overdue", sla.overdue),
    ),
    sla.median_ms !== null
      ? h("p", { class: "small muted", i18n: ["deliveries.delays", { median: hours(sla.median_ms), worst: hours(sla.worst_ms) }] })
      : null,
  );
}

function table(deliveries, state, ctx) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id: "delivery-table" },
      h("caption", { class: "visually-hidden", i18n: STATE_KEYS[state] }),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["deliveries.event", "deliveries.application", "deliveries.plugin", "deliveries.attempts", WHEN_KEYS[state], "deliveries.answer", "deliveries.action"].map(
            (key) => h("th", { scope: "col", i18n: key }),
          ),
        ),
      ),
      h("tbody", {}, deliveries.map((d) => row(d, ctx))),
    ),
  );
}

function row(d, ctx) {
  const tr = h("tr", { dataset: { delivery: String(d.id), state: d.state } });
  const draw = (d) => {
    const moment = d.state === "delivered" ? d.delivered_at : d.next_attempt_at;
    const action = d.state === "dead" ? replayButton(d, (replayed) => {
      ctx.announce(t("deliveries.replayed", { plugin: replayed.plugin_id }));
      draw(replayed);
    }) : h("span", { class: "small muted", i18n: STATE_KEYS[d.state] });
    fill(
      tr,
      h("th", { scope: "row" }, h("code", {}, d.kind), h("div", { class: "small muted" }, d.event_id)),
      h("td", {}, `#${d.application_id}`),
      h("td", {}, d.plugin_id),
      h("td", {}, d.attempts),
      h("td", {}, moment ? when(moment) : "–"),
      h("td", { class: "small" }, d.state === "delivered" ? d.outcome : d.last_error || "–"),
      h("td", {}, action),
    );
    tr.dataset.state = d.state;
  };
  draw(d);
  return tr;
}

function replayButton(d, onReplayed) {
  const button = h("button", { type: "button", class: "quiet replay", i18n: "deliveries.replay" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      onReplayed(await post(`/api/v1/deliveries/${d.id}/replay`, {}));
    } catch (error) {
      button.disabled = false;
      button.after(h("span", { class: "error", role: "alert" }, error.message));
    }
  });
  return button;
}

/** A delay in ms as hours and minutes. */
function hours(ms) {
  const minutes = Math.round(ms / 60000);
  return t("deliveries.hours-minutes", { h: Math.floor(minutes / 60), m: minutes % 60 });
}
