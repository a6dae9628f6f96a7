// Staff sign-in. After signing in, the person goes where they were headed.

import { formMessage, heading } from "./console-kit.js";
import { fill, h } from "./elements.js";
import { signIn } from "./staff-api.js";

export async function renderLogin(root, _params, { navigate, signedInAs }) {
  const email = h("input", { id: "login-email", type: "email", autocomplete: "username", required: true });
  const password = h("input", {
    id: "login-password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const message = h("p", { id: "login-error", class: "error", role: "alert", hidden: true });
  const submit = h("button", { id: "login-submit", type: "submit", class: "primary", i18n: "login.submit" });
  const form = h(
    "form",
    { id: "login-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "login-email", i18n: "login.email" }), email),
    h("div", { class: "field" }, h("label", { for: "login-password", i18n: "login.password" }), password),
    message,
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      formMessage(message, "login.missing");
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    formMessage(message, null);
    try {
      signedInAs(await signIn(email.value.trim(), password.value));
      const next = new URLSearchParams(location.search).get("next");
      // Only a path inside the console: never an address elsewhere.
      navigate(next && /^\/console(\/|$)/.test(next) ? next : "/console", { replace: true });
    } catch (error) {
      formMessage(message, error.status === 401 ? "login.refused" : error.status === 0 ? "console.offline" : "console.failed");
      password.value = "";
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  fill(root, h("section", { class: "card narrow" }, heading("login.title"), form));
}
