// @ts-check
/* Popups of places and axes: names, notes, facts grouped by article, then news. */

import { shownAsOf } from "./asof.js";
import { el, marked, names } from "./dom.js";

/**
 * @typedef {import("./payloads.js").ArticlePayload} ArticlePayload
 * @typedef {import("./payloads.js").NewsPayload} NewsPayload
 * @typedef {import("./payloads.js").PopupPayload} PopupPayload
 * @typedef {import("./payloads.js").FactGroupPayload} FactGroupPayload
 * @typedef {import("./payloads.js").FactPayload} FactPayload
 */

// autoPan keeps an opened popup clear of the title block in the top-left corner.
/** @type {L.PopupOptions} */
export const POPUP_OPTIONS = { maxWidth: 340, minWidth: 220, maxHeight: 360,
                               className: "g60-popup-wrap", autoPanPaddingTopLeft: [20, 160] };

/**
 * An article's title and date, heading its facts or sentences in a popup.
 * @param {ArticlePayload} group
 * @returns {HTMLElement}
 */
export function sourceHeading(group) {
  const source = el("h4", "g60-source");
  const title = el("span", "g60-source-title", group.title);
  title.setAttribute("lang", group.lang);
  source.appendChild(title);
  const when = el("time", "g60-source-date", group.date_label);
  when.setAttribute("datetime", group.date);
  source.appendChild(when);
  return source;
}

/**
 * "In the news": sentences of the articles that name the place, by article, newest first.
 * @param {NewsPayload} news
 * @returns {HTMLElement}
 */
export function newsSection(news) {
  const section = el("section", "g60-facts g60-news");
  section.appendChild(el("h4", "g60-news-heading", news.heading));
  section.appendChild(el("p", "g60-news-note", news.note));
  news.groups.forEach(function (group) {
    section.appendChild(sourceHeading(group));
    const list = el("ul", "g60-news-list");
    group.sentences.forEach(function (text) {
      const sentence = el("li", "g60-news-sentence", text);
      sentence.setAttribute("lang", group.lang); // the article's language, whatever the page's
      list.appendChild(sentence);
    });
    section.appendChild(list);
    if (group.more) { section.appendChild(el("p", "g60-news-more", group.more)); }
  });
  return section;
}

/**
 * One fact: headline, value, date, the verbatim quote, and any checks of it.
 * @param {FactPayload} fact
 * @returns {HTMLElement}
 */
function factItem(fact) {
  const item = el("li", "g60-fact");
  item.setAttribute("data-fact-id", fact.id);
  const headline = el("strong", "g60-fact-headline", fact.headline);
  headline.setAttribute("lang", fact.headline_lang);
  item.appendChild(headline);
  if (fact.fallback) { item.appendChild(el("span", "g60-fact-fallback", fact.fallback)); }
  if (fact.value) {
    const value = el("span", "g60-fact-value", fact.value);
    value.setAttribute("lang", fact.value_lang);
    item.appendChild(value);
  }
  item.appendChild(marked("span", "g60-fact-asof", fact.as_of));
  const quote = el("blockquote", "g60-fact-quote", fact.quote);
  quote.setAttribute("lang", fact.quote_lang);
  item.appendChild(quote);
  if (fact.checks && fact.checks.length) {
    const checks = el("div", "g60-fact-checks");
    fact.checks.forEach(function (line) { checks.appendChild(el("p", "", line)); });
    item.appendChild(checks);
  }
  return item;
}

/**
 * The facts of one article, under the article's title and date.
 * @param {FactGroupPayload} group
 * @returns {HTMLElement}
 */
function factSection(group) {
  const section = el("section", "g60-facts");
  section.appendChild(sourceHeading(group));
  const list = el("ul", "g60-fact-list");
  group.facts.forEach(function (fact) { list.appendChild(factItem(fact)); });
  section.appendChild(list);
  return section;
}

/**
 * Popup body for a place or an axis: names, notes, facts grouped by article, then news.
 * As of a date (the timeline's), facts dated later and articles published later are left
 * out, and the popup says how many facts that hides.
 * @param {PopupPayload} info
 * @param {import("./asof.js").AsOf | null} [asOf]
 * @returns {HTMLElement}
 */
export function popupContent(info, asOf) {
  const root = el("div", "g60-popup");
  root.appendChild(names("h3", "g60-popup-title", info, info.lang));
  (info.lines || []).forEach(function (line) {
    root.appendChild(marked("p", "g60-popup-line", line));
  });
  if (info.fallback) { root.appendChild(el("p", "g60-fallback", info.fallback)); }
  if (info.location_note) {
    root.appendChild(marked("p", "g60-location " + (info.approximate ? "g60-approximate" : ""),
      info.location_note));
  }
  let hidden = 0;
  (info.fact_groups || []).forEach(function (group) {
    const facts = group.facts.filter(function (fact) { return shownAsOf(fact.as_of_start, asOf || null); });
    hidden += group.facts.length - facts.length;
    if (facts.length) { root.appendChild(factSection({ ...group, facts: facts })); }
  });
  if (hidden) {
    const text = hidden === 1 ? info.later_hidden_one : info.later_hidden.split("{count}").join(String(hidden));
    root.appendChild(el("p", "g60-later-hidden", text));
  }
  const news = info.news;
  if (news) {
    const groups = news.groups.filter(function (group) { return shownAsOf(group.date, asOf || null); });
    if (groups.length) { root.appendChild(newsSection({ ...news, groups: groups })); }
  }
  return root;
}

/**
 * A popup the keyboard can use: its content takes focus (it may scroll: the arrow keys
 * scroll it then), its close button is named in the page's language, and Escape closes
 * it. When it closes with the focus inside it, the focus goes back where it came from:
 * `returnFocus()` when given, else the element that had the focus when it opened (a
 * marker opened with Enter).
 * @param {L.Popup} popup
 * @param {string} closeLabel
 * @param {() => HTMLElement | null} [returnFocus]
 * @returns {L.Popup}
 */
export function keyboardPopup(popup, closeLabel, returnFocus) {
  /** @type {HTMLElement | null} */
  let opener = null;
  let focusInside = false;
  popup.on("add", function () {
    const active = document.activeElement;
    opener = active instanceof HTMLElement && active !== document.body ? active : null;
    focusInside = false;
    const node = popup.getElement();
    if (!node || node.classList.contains("g60-keyboard-popup")) { return; }
    node.classList.add("g60-keyboard-popup"); // once: Leaflet keeps the element between openings
    const content = node.querySelector(".leaflet-popup-content");
    if (content instanceof HTMLElement) { content.tabIndex = 0; }
    const close = node.querySelector(".leaflet-popup-close-button");
    if (close && closeLabel) {
      close.setAttribute("aria-label", closeLabel);
      close.setAttribute("title", closeLabel);
    }
    node.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.stopPropagation();
        popup.close();
      }
    });
    node.addEventListener("focusin", function () { focusInside = true; });
  });
  popup.on("remove", function () {
    // The popup may still be fading out, the focus still in it: it is lost all the same.
    const active = document.activeElement, node = popup.getElement();
    const lost = !active || active === document.body || Boolean(node && node.contains(active));
    if (!focusInside || !lost) { return; }
    const target = returnFocus ? returnFocus() : opener;
    if (target && target.isConnected) { target.focus(); }
  });
  return popup;
}

/**
 * Move the focus into an open popup's content (it has just been opened from the keyboard).
 * @param {L.Popup} popup
 */
export function focusPopup(popup) {
  const node = popup.getElement();
  const content = node ? node.querySelector(".leaflet-popup-content") : null;
  if (content instanceof HTMLElement) { content.focus({ preventScroll: true }); }
}
