// A candidate's personal data, on their report, for whoever handles data
// requests (administrators, and HR of the whole organisation): a copy of
// everything held (an access request), a legal hold that stops deletion,
// and deletion of everything now (an erasure request), confirmed in place.

import { formMessage, may } from "./console-kit.js";
import { download, fill, h, when } from "./elements.js";
import { t } from "./i18n.js";
import { blob, del, get, post, put } from "./staff-api.js";

/** The card, or null for people who may not handle personal data. */
export function personalDataCard(candidateId, jobId, ctx) {
  if (!may(ctx.user, "manage-personal-data")) return null;
  const base = `/api/v1/candidates/${candidateId}`;
  const card = h("section", { class: "card", id: "personal-data", "aria-labelledby": "personal-data-title" });
  const message = h("p", { id: "personal-data-message", role: "status" });
  const hold = h("div", { id: "legal-hold" });

  const exportButton = h("button", { type: "button", id: "personal-export", i18n: "personal.export" });
  exportButton.addEventListener("click", async () => {
    exportButton.disabled = true;
    try {
      const bundle = await blob(`${base}/export`);
      const name = `candidate-${candidateId}.tar.gz`;
      download(name, bundle);
      formMessage(message, "personal.exported", { name, size: `${Math.max(1, Math.round(bundle.size / 1024))} KB` });
    } catch (error) {
      formMessage(message, "console.failed", { reason: error.message });
    } finally {
      exportButton.disabled = false;
    }
  });

  const showHold = (current) => fill(hold, current ? liftForm(current) : placeForm());
  const placeForm = () => {
    const reason = h("input", { id: "hold-reason", maxlength: 200, required: true, "aria-describedby": "hold-error" });
    const error = h("p", { id: "hold-error", class: "error", role: "alert", hidden: true });
    const form = h(
      "form",
      { id: "hold-form", novalidate: true },
      h("p", { id: "hold-state", i18n: "personal.hold-none" }),
      h("div", { class: "field" }, h("label", { for: "hold-reason", i18n: "personal.hold-reason" }), reason),
      error,
      h("button", { type: "submit", id: "hold-place", i18n: "personal.hold-place" }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      formMessage(error, null);
      if (!reason.value.trim()) {
        formMessage(error, "personal.hold-no-reason");
        reason.focus();
        return;
      }
      try {
        const placed = await put(`${base}/legal-hold`, { reason: reason.value.trim() });
        ctx.announce(t("personal.hold-placed"));
        showHold(placed);
      } catch (failure) {
        formMessage(error, failure.status === 422 ? "personal.hold-no-reason" : "console.failed", { reason: failure.message });
      }
    });
    return form;
  };
  const liftForm = (current) => {
    const lift = h("button", { type: "button", id: "hold-lift", i18n: "personal.hold-lift" });
    lift.addEventListener("click", async () => {
      try {
        await del(`${base}/legal-hold`);
        ctx.announce(t("personal.hold-lifted"));
        showHold(null);
      } catch (failure) {
        formMessage(message, "console.failed", { reason: failure.message });
      }
    });
    const state = ["personal.hold-on", { time: when(current.placed_at), reason: current.reason, by: current.placed_by }];
    return h("div", {}, h("p", { id: "hold-state", i18n: state }), lift);
  };

  const erase = h("button", { type: "button", class: "danger", id: "personal-erase", i18n: "personal.erase" });
  const confirm = h(
    "div",
    { id: "erase-confirm", hidden: true },
    h("p", { i18n: "personal.erase-confirm-text" }),
    h("button", { type: "button", class: "danger", id: "erase-now", i18n: "personal.erase-confirm" }),
    " ",
    h("button", { type: "button", id: "erase-cancel", i18n: "personal.erase-cancel" }),
  );
  erase.addEventListener("click", () => {
    confirm.hidden = false;
    erase.hidden = true;
    confirm.querySelector("#erase-cancel").focus();
  });
  confirm.querySelector("#erase-cancel").addEventListener("click", () => {
    confirm.hidden = true;
    erase.hidden = false;
    erase.focus();
  });
  confirm.querySelector("#erase-now").addEventListener("click", async () => {
    try {
      const receipt = await post(`${base}/erasure`, {});
      const rows = Object.values(receipt.rows).reduce((sum, n) => sum + n, 0);
      ctx.announce(t("personal.erased", { rows, files: receipt.files }));
      ctx.navigate(`/console/jobs/${jobId}`);
    } catch (failure) {
      confirm.hidden = true;
      erase.hidden = false;
      formMessage(message, failure.status === 409 ? "personal.held" : "console.failed", { reason: failure.message });
    }
  });

  fill(
    card,
    h("h2", { id: "personal-data-title", i18n: "personal.title" }),
    h("p", { class: "small muted", i18n: "personal.help" }),
    h("p", {}, exportButton),
    hold,
    h("p", {}, erase),
    confirm,
    message,
  );
  (async () => {
    try {
      showHold(await get(`${base}/legal-hold`));
    } catch (failure) {
      formMessage(message, "console.failed", { reason: failure.message });
    }
  })();
  return card;
}
