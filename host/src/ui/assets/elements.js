// Building the console's pages: elements from data (text is always text,
// never parsed as HTML), and the formats numbers, times and durations are
// shown in.

import { currentLanguage, setText } from "./i18n.js";

const LANGUAGE_TAGS = { en: "en", zh: "zh-CN" };

/**
 * `h("a", { href, i18n: "nav.jobs" }, child…)`: an element. Props: `text`
 * (plain text), `i18n` (a catalogue key, or `[key, args]`), `class`,
 * `dataset`, `on<event>` (a listener), anything else an attribute (`true`
 * for a bare one; `false`, `null` and `undefined` leave it off).
 */
export function h(tag, props = {}, ...children) {
  const svg = ["svg", "g", "rect", "line", "text", "title", "circle"].includes(tag);
  const element = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") element.textContent = value;
    else if (name === "i18n") Array.isArray(value) ? setText(element, value[0], value[1]) : setText(element, value);
    else if (name === "class") element.setAttribute("class", value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces everything in `parent` with `children`. */
export function fill(parent, ...children) {
  parent.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child) parent.append(child);
  }
  return parent;
}

function tag() {
  return LANGUAGE_TAGS[currentLanguage()] ?? "en";
}

/** A moment (Unix ms) as a date and time. */
export function when(ms) {
  return new Date(ms).toLocaleString(tag(), { dateStyle: "medium", timeStyle: "short" });
}

/** A moment (Unix ms) as a time of day. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString(tag());
}

/** A score on 0–10 with one decimal. */
export function score(value) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(1);
}

/** A duration in ms as `1:05` (minutes and seconds). */
export function duration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** Start of today in the viewer's time zone (Unix ms). */
export function startOfToday() {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

/** Saves `content` as a file called `name`: text (a CSV export), or a Blob as it came. */
export function download(name, content, type = "text/csv;charset=utf-8") {
  // The byte-order mark lets spreadsheet programs read the CSV as UTF-8 (Chinese names).
  const blob = content instanceof Blob ? content : new Blob(["\ufeff", content], { type });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** One CSV line: quoted where needed; a leading = + - @ is defused (formula injection). */
export function csvLine(values) {
  return values
    .map((value) => {
      let text = value === null || value === undefined ? "" : String(value);
      if (/^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",");
}
