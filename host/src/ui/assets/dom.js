// Small helpers for the candidate page's views, and the screen-reader
// announcements both the candidate page and the console make.

import { setText } from "./i18n.js";

const VIEWS = ["loading", "consent", "devices", "question", "done", "problem"];

export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/** Shows one view, hides the others, and moves the focus to its heading. */
export function showView(name) {
  for (const view of VIEWS) {
    byId(`view-${view}`).hidden = view !== name;
  }
  byId(`view-${name}`).querySelector("[tabindex='-1']")?.focus();
}

/** Has screen readers read `text` (politely, after what they are saying). */
export function announce(text) {
  const announcer = byId("announcer");
  // Clearing first makes a repeated message count as new.
  announcer.textContent = "";
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

/** Shows a catalogue message in an alert element, or hides it (no key). */
export function showMessage(element, key, args) {
  if (key) {
    setText(element, key, args);
    element.hidden = false;
  } else {
    element.hidden = true;
    element.textContent = "";
  }
}
