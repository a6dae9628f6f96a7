// The page's texts: one catalogue (i18n.json, the same file the server reads)
// in English and Chinese, and the language the page is shown in.
//
// Elements show catalogue texts through `setText`, which remembers the key
// and its arguments on the element (data-i18n, data-i18n-args), so switching
// the language re-renders every text on the page, including dynamic ones.

const CATALOGUE_URL = new URL("./i18n.json", import.meta.url);
const LANGUAGE_TAGS = { en: "en", zh: "zh-CN" };

let catalogue = { en: {}, zh: {} };
let language = "en";

/** Loads the catalogue; throws when it cannot be fetched. */
export async function loadCatalogue() {
  const response = await fetch(CATALOGUE_URL);
  if (!response.ok) {
    throw new Error(`the text catalogue could not be loaded (HTTP ${response.status})`);
  }
  catalogue = await response.json();
}

/** The catalogue language for a locale such as `zh-CN` or `en-GB`. */
export function languageOf(locale) {
  return /^zh\b/i.test(locale ?? "") ? "zh" : "en";
}

export function currentLanguage() {
  return language;
}

/**
 * The text of `key` with its `{name}` placeholders filled from `args`. An
 * argument `{ at: <Unix ms> }` is shown as a date and time in the language.
 */
export function t(key, args = {}) {
  const text = catalogue[language]?.[key] ?? catalogue.en?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (placeholder, name) => {
    if (!(name in args)) return placeholder;
    const value = args[name];
    if (value !== null && typeof value === "object" && "at" in value) {
      return new Date(value.at).toLocaleString(LANGUAGE_TAGS[language], { dateStyle: "long", timeStyle: "short" });
    }
    return String(value);
  });
}

/** Shows the text of `key` in `element`, kept in step with the language. */
export function setText(element, key, args) {
  element.dataset.i18n = key;
  if (args) {
    element.dataset.i18nArgs = JSON.stringify(args);
  } else {
    delete element.dataset.i18nArgs;
  }
  element.textContent = t(key, args);
}

/** Shows the whole page in `next` (`en` or `zh`). */
export function setLanguage(next) {
  language = next in catalogue ? next : "en";
  document.documentElement.lang = LANGUAGE_TAGS[language];
  for (const element of document.querySelectorAll("[data-i18n]")) {
    const args = element.dataset.i18nArgs ? JSON.parse(element.dataset.i18nArgs) : undefined;
    element.textContent = t(element.dataset.i18n, args);
  }
  for (const element of document.querySelectorAll("[data-i18n-aria-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
  }
}
