// Plugins: what is installed (version, kind, vendor, what it may reach) and
// where each is switched on or off, with what configuration, per scope:
// the organisation, a region, branch or department, a job. Administrators
// change bindings here; everyone else reads them.

import { formMessage, heading, may } from "./console-kit.js";
import { fill, h, when } from "./elements.js";
import { setText, t } from "./i18n.js";
import { del, get, put } from "./staff-api.js";
import { unitNames } from "./view-jobs.js";

const SCOPE_KEYS = {
  organisation: "scope.organisation",
  region: "scope.region",
  branch: "scope.branch",
  department: "scope.department",
  job: "scope.job",
};

export async function renderPlugins(root, _params, ctx) {
  const [plugins, bindings, org, jobs] = await Promise.all([
    get("/api/v1/plugins"),
    get("/api/v1/plugin-bindings"),
    unitNames(),
    get("/api/v1/jobs").catch(() => []),
  ]);
  const admin = may(ctx.user, "manage-plugins");
  const jobTitle = new Map(jobs.map((j) => [j.id, j.profile.title]));
  const scopeName = (scope) =>
    scope.kind === "organisation"
      ? org.organisation
      : scope.kind === "job"
        ? jobTitle.get(scope.id) ?? `#${scope.id}`
        : org.path(scope.id);
  const reload = () => renderPlugins(root, _params, ctx);

  fill(
    root,
    heading("plugins.title"),
    installed(plugins),
    h(
      "section",
      { class: "card", id: "bindings", "aria-labelledby": "bindings-title" },
      h("h2", { id: "bindings-title", i18n: "plugins.bindings" }),
      h("p", { class: "muted small", i18n: "plugins.bindings-help" }),
      bindings.length ? bindingTable(bindings, scopeName, admin, reload, ctx) : h("p", { class: "muted", i18n: "plugins.no-bindings" }),
    ),
    admin ? bindForm(plugins, org, jobs, reload, ctx) : null,
  );
}

function installed(plugins) {
  return h(
    "section",
    { class: "card", id: "installed", "aria-labelledby": "installed-title" },
    h("h2", { id: "installed-title", i18n: "plugins.installed" }),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h("tr", {}, ["plugins.name", "plugins.kind", "plugins.version", "plugins.vendor", "plugins.capabilities"].map((key) => h("th", { scope: "col", i18n: key }))),
        ),
        h(
          "tbody",
          {},
          plugins.map((p) =>
            h(
              "tr",
              { dataset: { plugin: p.id } },
              h("th", { scope: "row" }, p.name, h("div", { class: "small muted" }, p.id)),
              h("td", {}, p.kind),
              h("td", {}, p.version),
              h("td", {}, p.vendor, p.signer ? h("div", { class: "small muted" }, p.signer) : null),
              h("td", { class: "small" }, p.capabilities.join(", ") || "–"),
            ),
          ),
        ),
      ),
    ),
  );
}

function bindingTable(bindings, scopeName, admin, reload, ctx) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id: "binding-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["plugins.scope", "plugins.name", "plugins.requirement", "plugins.state", "plugins.config", "plugins.updated"].map((key) =>
            h("th", { scope: "col", i18n: key }),
          ),
          admin ? h("th", { scope: "col", i18n: "plugins.actions" }) : null,
        ),
      ),
      h(
        "tbody",
        {},
        bindings.map((b) => {
          const config = JSON.stringify(b.config, null, 2);
          return h(
            "tr",
            { dataset: { binding: String(b.id), enabled: String(b.enabled) } },
            h("td", {}, h("span", { class: "small muted", i18n: SCOPE_KEYS[b.scope.kind] }), h("div", {}, scopeName(b.scope))),
            h("th", { scope: "row" }, b.plugin_id),
            h("td", {}, b.requirement),
            h("td", {}, h("span", { class: `badge ${b.enabled ? "on" : "off"}`, i18n: b.enabled ? "plugins.on" : "plugins.off" })),
            h("td", {}, config === "{}" ? "–" : h("details", {}, h("summary", { i18n: "plugins.show-config" }), h("pre", {}, config))),
            h("td", { class: "small" }, when(b.updated_at)),
            admin ? h("td", {}, bindingActions(b, reload, ctx)) : null,
          );
        }),
      ),
    ),
  );
}

function bindingActions(binding, reload, ctx) {
  const toggle = h("button", { type: "button", class: "quiet", i18n: binding.enabled ? "plugins.switch-off" : "plugins.switch-on" });
  const remove = h("button", { type: "button", class: "quiet", i18n: "plugins.remove" });
  const message = h("span", { class: "error", role: "alert", hidden: true });
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    try {
      await put("/api/v1/plugin-bindings", {
        scope: binding.scope,
        plugin_id: binding.plugin_id,
        requirement: binding.requirement,
        enabled: !binding.enabled,
        config: binding.config,
      });
      ctx.announce(t(binding.enabled ? "plugins.switched-off" : "plugins.switched-on", { plugin: binding.plugin_id }));
      reload();
    } catch (error) {
      formMessage(message, "plugins.refused", { reason: error.message });
      toggle.disabled = false;
    }
  });
  remove.addEventListener("click", async () => {
    remove.disabled = true;
    try {
      await del(`/api/v1/plugin-bindings/${binding.id}`);
      reload();
    } catch (error) {
      formMessage(message, "plugins.refused", { reason: error.message });
      remove.disabled = false;
    }
  });
  return [toggle, " ", remove, message];
}

function bindForm(plugins, org, jobs, reload, ctx) {
  const scope = h(
    "select",
    { id: "bind-scope" },
    h("option", { value: "organisation:0" }, `${t("scope.organisation")}: ${org.organisation}`),
    org.units.map((u) => h("option", { value: `${u.kind}:${u.id}` }, `${t(SCOPE_KEYS[u.kind])}: ${org.path(u.id)}`)),
    jobs.map((j) => h("option", { value: `job:${j.id}` }, `${t("scope.job")}: ${j.profile.title}`)),
  );
  const plugin = h("select", { id: "bind-plugin" }, plugins.map((p) => h("option", { value: p.id }, `${p.name} (${p.kind} ${p.version})`)));
  const requirement = h("input", { id: "bind-requirement", type: "text", autocomplete: "off" });
  const enabled = h("input", { id: "bind-enabled", type: "checkbox", checked: true });
  const config = h("textarea", { id: "bind-config", rows: "6", spellcheck: "false" }, "{}");
  const message = h("p", { id: "bind-error", class: "error", role: "alert", hidden: true });
  const defaultRequirement = () => {
    const chosen = plugins.find((p) => p.id === plugin.value);
    if (chosen) requirement.value = `^${chosen.version.split(".").slice(0, 2).join(".")}`;
  };
  plugin.addEventListener("change", defaultRequirement);
  defaultRequirement();
  const form = h(
    "form",
    { id: "bind-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "bind-scope", i18n: "plugins.scope" }), scope),
    h("div", { class: "field" }, h("label", { for: "bind-plugin", i18n: "plugins.name" }), plugin),
    h("div", { class: "field" }, h("label", { for: "bind-requirement", i18n: "plugins.requirement" }), requirement),
    h("div", { class: "choice" }, enabled, h("label", { for: "bind-enabled", i18n: "plugins.enabled" })),
    h("div", { class: "field" }, h("label", { for: "bind-config", i18n: "plugins.config" }), config),
    message,
    h("button", { type: "submit", class: "primary", i18n: "plugins.save" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(config.value || "{}");
    } catch (error) {
      formMessage(message, "plugins.bad-json", { reason: error.message });
      config.focus();
      return;
    }
    const [kind, id] = scope.value.split(":");
    const body = {
      scope: { kind, id: kind === "organisation" ? ctx.user.organisation_id : Number(id) },
      plugin_id: plugin.value,
      requirement: requirement.value.trim(),
      enabled: enabled.checked,
      config: parsed,
    };
    try {
      await put("/api/v1/plugin-bindings", body);
      ctx.announce(t("plugins.saved", { plugin: plugin.value }));
      reload();
    } catch (error) {
      // The server names what is wrong: the requirement, or the config against the plugin's schema.
      formMessage(message, "plugins.refused", { reason: error.message });
    }
  });
  const status = h("p", { class: "small muted" });
  setText(status, "plugins.bind-help");
  return h(
    "section",
    { class: "card", id: "bind", "aria-labelledby": "bind-title" },
    h("h2", { id: "bind-title", i18n: "plugins.bind" }),
    status,
    form,
  );
}
