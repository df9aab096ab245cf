// @ts-check
/* The map's language: English or Chinese, switched without reloading.
 *
 * Every payload carries both languages (mapgen/web/bilingual.py): where the editions
 * differ, a value is {g60_text: {en, zh}}, and localize() picks one. Each map has one
 * language at a time; layers and panels built from payloads register with onLanguage()
 * and are rebuilt when it changes. In a page of its own the URL hash says the language
 * (#lang=zh): it chooses it on opening, and the switch writes it back (replacing the
 * history entry, so switching back and forth does not fill the browser's history).
 */

import { control, el } from "./dom.js";
import { hashParams, withParams } from "./hash.js";

/**
 * @typedef {import("./payloads.js").LangPayload} Lang
 * @typedef {import("./payloads.js").LanguagePayload} LanguagePayload
 */

/** @type {Lang[]} */
export const LANGS = ["en", "zh"];
const CHOICE = "g60_text";
const EVENT = "g60lang";

/** @type {WeakMap<L.Map, Lang>} */
const MAP_LANGS = new WeakMap();

/**
 * Whether a value is a language choice {g60_text: {en, zh}}.
 * @param {unknown} value
 * @returns {value is {g60_text: Record<Lang, unknown>}}
 */
function isChoice(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) { return false; }
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === CHOICE;
}

/**
 * One language's edition of a value that may hold choices; parts without any are returned
 * as they are (a million points' columns are not copied).
 * @param {unknown} value
 * @param {Lang} lang
 * @returns {unknown}
 */
export function pick(value, lang) {
  if (value === null || typeof value !== "object") { return value; }
  if (isChoice(value)) { return value[CHOICE][lang]; }
  if (Array.isArray(value)) {
    // Arrays of numbers (coordinates, codes) hold no choice: not walked item by item.
    if (value.length === 0 || typeof value[0] === "number") { return value; }
    let changed = false;
    const items = value.map(function (item) {
      const picked = pick(item, lang);
      if (picked !== item) { changed = true; }
      return picked;
    });
    return changed ? items : value;
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  let changed = false;
  for (const [key, item] of Object.entries(value)) {
    const picked = pick(item, lang);
    if (picked !== item) { changed = true; }
    out[key] = picked;
  }
  return changed ? out : value;
}

/**
 * A payload in one language.
 * @template T
 * @param {import("./payloads.js").Bilingual<T>} data
 * @param {Lang} lang
 * @returns {T}
 */
export function localize(data, lang) {
  return /** @type {T} */ (pick(data, lang));
}

/**
 * The language a URL hash names (#lang=zh, also among other keys: #zoom=9&lang=en), or null.
 * @param {string} hash
 * @returns {Lang | null}
 */
export function hashLang(hash) {
  const value = hashParams(hash).get("lang");
  return value === "en" || value === "zh" ? value : null;
}

/**
 * The hash with its language set, its other keys kept in their order.
 * @param {string} hash
 * @param {Lang} lang
 * @returns {string} with its leading #
 */
export function withHashLang(hash, lang) {
  return withParams(hash, { lang: lang });
}

/**
 * The map's language now.
 * @param {L.Map} map
 * @returns {Lang}
 */
export function mapLang(map) {
  return MAP_LANGS.get(map) || "en";
}

/**
 * Build again everything registered with onLanguage (the map's date changed: timeline.js).
 * @param {L.Map} map
 */
export function rebuild(map) {
  map.fire(EVENT);
}

/**
 * Call `apply` with the map's language now and again whenever it changes (and whenever the
 * date the map shows changes: what depends on the words depends on it too).
 * @param {L.Map} map
 * @param {(lang: Lang) => void} apply
 */
export function onLanguage(map, apply) {
  apply(mapLang(map));
  map.on(EVENT, function () { apply(mapLang(map)); });
}

/**
 * Change the map's language: everything registered with onLanguage follows, in order.
 * @param {L.Map} map
 * @param {Lang} lang
 */
export function setMapLang(map, lang) {
  if (mapLang(map) === lang && MAP_LANGS.has(map)) { return; }
  MAP_LANGS.set(map, lang);
  map.fire(EVENT);
}

/**
 * Put a new hash into the page's address without a new history entry (the map's state
 * changes often: Back should leave the map, not step through its moves).
 * @param {string} hash
 */
export function replaceHash(hash) {
  if (hash === window.location.hash || (hash === "" && window.location.hash === "#")) { return; }
  try {
    window.history.replaceState(window.history.state, "",
                                hash || window.location.pathname + window.location.search);
  } catch (error) { // some pages opened from disk refuse it: replace() does the same
    window.location.replace(hash || "#");
  }
}

/**
 * The map's language on opening (the URL hash, else the build's), the switch between the
 * languages, and the words outside the panels: the page's title and lang, the map's
 * name and the zoom buttons. Made before the layers, which are built in its language.
 * @param {L.Map} map
 * @param {import("./payloads.js").Bilingual<LanguagePayload>} data
 * @returns {L.Control}
 */
export function language(map, data) {
  const first = localize(data, "en");
  const opening = hashLang(window.location.hash) || first.default;
  MAP_LANGS.set(map, opening);
  const box = el("div", "g60-language leaflet-bar");
  box.setAttribute("role", "group");
  /** @type {Map<Lang, HTMLButtonElement>} */
  const buttons = new Map();
  first.choices.forEach(function (choice) {
    const button = el("button", "g60-language-choice", choice.label);
    button.type = "button";
    button.setAttribute("lang", choice.html_lang); // each language named in itself
    button.addEventListener("click", function () {
      setMapLang(map, choice.lang);
      if (first.page) { replaceHash(withHashLang(window.location.hash, choice.lang)); }
    });
    buttons.set(choice.lang, button);
    box.appendChild(button);
  });
  const ctl = new L.Control({ position: first.position });
  ctl.onAdd = function () {
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  ctl.addTo(map);
  const container = map.getContainer();
  onLanguage(map, function (lang) {
    const words = localize(data, lang);
    const choice = words.choices.find(function (c) { return c.lang === lang; });
    box.setAttribute("aria-label", words.group_label);
    buttons.forEach(function (button, key) { button.setAttribute("aria-pressed", String(key === lang)); });
    container.setAttribute("aria-label", words.map_label);
    container.setAttribute("data-lang", lang);
    [["in", words.zoom_in], ["out", words.zoom_out]].forEach(function ([which, title]) {
      const link = container.querySelector(".leaflet-control-zoom-" + which);
      if (link) {
        link.setAttribute("title", title);
        link.setAttribute("aria-label", title);
      }
    });
    if (map.attributionControl) { // Leaflet's credit, its link named in the map's language
      const leaflet = el("a", "", "Leaflet");
      leaflet.href = "https://leafletjs.com";
      leaflet.title = words.leaflet_title;
      map.attributionControl.setPrefix(leaflet.outerHTML);
    }
    if (words.page && choice) {
      document.documentElement.lang = choice.html_lang;
      document.title = words.page_title;
    }
  });
  if (first.page) {
    // A link followed within the page, or a hash typed into the address bar.
    window.addEventListener("hashchange", function () {
      const lang = hashLang(window.location.hash);
      if (lang) { setMapLang(map, lang); }
    });
  }
  return ctl;
}

/**
 * A panel whose words follow the map's language: `fill(box, lang)` fills the empty box
 * again on each change, and the box stays where it is among the map's controls.
 * @param {L.Map} map
 * @param {L.ControlPosition} position
 * @param {HTMLElement} box
 * @param {(box: HTMLElement, lang: Lang) => void} fill
 * @returns {L.Control}
 */
export function localPanel(map, position, box, fill) {
  const ctl = control(map, position, function () { return box; });
  onLanguage(map, function (lang) {
    box.replaceChildren();
    fill(box, lang);
  });
  return ctl;
}
