// @ts-check
/* The search box: places by any of their names, facts and "In the news" sentences by their
 * words, and the points of every point layer by their name, any part of it, as you type.
 * Choosing a result goes there and opens its popup.
 *
 * Keyboard and screen readers: the ARIA combobox pattern (an input that controls a listbox;
 * Up and Down move through the results, Enter chooses, Escape closes the list, then clears);
 * "/" anywhere on the page (but in a text field) goes to the box. A polite status says how
 * many results there are.
 *
 * Points are searched in their own name column (find.js), indexed the first time a layer
 * is searched.
 */

import { el } from "./dom.js";
import { matchRank, nameIndex, rowsNamed, searchable } from "./find.js";
import { localize, mapLang, onLanguage } from "./lang.js";
import { findTarget } from "./places.js";
import { PointGridLayer } from "./points.js";
import { focusPopup } from "./popups.js";

/**
 * @typedef {import("./payloads.js").SearchPayload} SearchPayload
 * @typedef {import("./payloads.js").SearchEntryPayload} SearchEntryPayload
 * @typedef {{label: string, detail: string, kind: string, rank: number,
 *            target?: string, layer?: PointGridLayer, row?: number}} Result
 * @typedef {import("./find.js").NameIndex} NameIndex
 */

/** @type {WeakMap<PointGridLayer, NameIndex>} */
const NAME_INDEXES = new WeakMap();
let boxCount = 0;

/**
 * @param {PointGridLayer} layer
 * @returns {NameIndex | null} null for a layer without a name column, or whose points are
 *   not unpacked yet (search refreshes once they are)
 */
function namesOf(layer) {
  const label = layer.data.label;
  if (label === null || !layer.isReady()) { return null; }
  let index = NAME_INDEXES.get(layer);
  if (!index) {
    index = nameIndex(layer.readers[label], layer.pointCount());
    NAME_INDEXES.set(layer, index);
  }
  return index;
}

/**
 * The search box of a map.
 * @param {L.Map} map
 * @param {L.Layer[]} layers the map's layers, to find what a result names
 * @param {import("./payloads.js").Bilingual<SearchPayload>} payload
 * @returns {L.Control}
 */
export function search(map, layers, payload) {
  /** @type {SearchPayload} */
  let words = localize(payload, mapLang(map));
  const id = "g60-search-" + (++boxCount);
  const box = el("div", "g60-search");
  const input = el("input", "g60-search-input");
  input.type = "search";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", id + "-list");
  input.autocomplete = "off";
  input.spellcheck = false;
  const list = el("ul", "g60-search-list g60-panel");
  list.id = id + "-list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const status = el("p", "g60-search-status");
  status.setAttribute("role", "status");
  box.appendChild(input);
  box.appendChild(status);
  box.appendChild(list);
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);

  /** @type {Result[]} */
  let results = [];
  let active = -1;

  function setWords() {
    input.setAttribute("aria-label", words.label);
    input.placeholder = words.placeholder;
    list.setAttribute("aria-label", words.label);
  }

  /** @param {string} raw */
  function find(raw) {
    const query = searchable(raw);
    /** @type {Result[]} */
    const found = [];
    if (!query) { return found; }
    const kinds = ["city", "site", "fact", "news"];
    words.entries.forEach(function (entry) {
      const rank = matchRank(entry.text, query);
      if (rank >= 0) {
        found.push({ label: entry.label, detail: entry.detail, kind: entry.kind,
                     rank: rank + kinds.indexOf(entry.kind) * 10, target: entry.target });
      }
    });
    found.sort(function (a, b) { return a.rank - b.rank; });
    const places = found.filter(function (r) { return r.kind === "city" || r.kind === "site"; });
    const said = found.filter(function (r) { return r.kind === "fact" || r.kind === "news"; });
    /** @type {Result[]} */
    const points = [];
    const room = words.limit - places.length;
    layers.forEach(function (layer) {
      if (!(layer instanceof PointGridLayer) || points.length >= room || query.indexOf("\n") >= 0) { return; }
      const index = namesOf(layer);
      if (!index) { return; }
      const label = /** @type {number} */ (layer.data.label);
      rowsNamed(index, query, room - points.length).forEach(function (row) {
        points.push({ label: layer.readers[label](row), kind: "point", rank: 0, layer: layer, row: row,
                      detail: words.point_of.split("{layer}").join(layer.data.name) });
      });
    });
    return places.concat(points, said).slice(0, words.limit);
  }

  function show() {
    list.replaceChildren();
    results.forEach(function (result, i) {
      const option = el("li", "g60-search-option g60-search-" + result.kind);
      option.id = id + "-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(i === active));
      option.appendChild(el("span", "g60-search-label", result.label));
      option.appendChild(el("span", "g60-search-detail", result.detail));
      // mousedown, not click: the input keeps the focus until the choice is made.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(i);
      });
      list.appendChild(option);
    });
    const open = results.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", id + "-option-" + active);
      const option = list.children[active];
      if (option) { option.scrollIntoView({ block: "nearest" }); }
    } else {
      input.removeAttribute("aria-activedescendant");
    }
    const query = searchable(input.value);
    status.textContent = !query ? "" : results.length === 0 ? words.none
      : results.length === 1 ? words.result_one : words.results.split("{count}").join(String(results.length));
  }

  function update() {
    results = find(input.value);
    active = -1;
    show();
  }

  function close() {
    results = [];
    active = -1;
    show();
  }

  /** @param {number} i */
  function choose(i) {
    const result = results[i];
    if (!result) { return; }
    close();
    if (result.layer && result.row !== undefined) {
      const layer = result.layer, row = result.row;
      map.addLayer(layer);
      map.setView([layer.lat[row], layer.lon[row]], Math.max(map.getZoom(), 12), { animate: false });
      focusPopup(layer.openPoint(row, function () { return input; }));
      return;
    }
    const found = result.target ? findTarget(layers, result.target) : null;
    if (!found) { return; }
    map.addLayer(found.group);
    const layer = found.layer;
    if (layer instanceof L.Marker) {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    } else if (layer instanceof L.Polyline) {
      map.fitBounds(layer.getBounds(), { animate: false, padding: [40, 40] });
    }
    layer.openPopup();
    const popup = layer.getPopup();
    if (popup) { focusPopup(popup); }
  }

  input.addEventListener("input", update);
  // The names of the points are indexed when the box gets the focus, before the first key.
  input.addEventListener("focus", function () {
    layers.forEach(function (layer) { if (layer instanceof PointGridLayer) { namesOf(layer); } });
  });
  // A layer's points are unpacked after the page has loaded: a box that has the focus
  // indexes them then, and what was typed meanwhile is searched again, points included.
  layers.forEach(function (layer) {
    if (!(layer instanceof PointGridLayer) || layer.data.label === null) { return; }
    layer.ready.then(function () {
      if (document.activeElement !== input) { return; }
      namesOf(layer);
      if (searchable(input.value)) { update(); }
    });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (results.length === 0) { update(); }
      if (results.length === 0) { return; }
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = (active + step + results.length) % results.length;
      show();
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active >= 0 ? active : 0);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      if (results.length) { close(); } else { input.value = ""; status.textContent = ""; }
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  document.addEventListener("keydown", function (event) {
    const target = /** @type {HTMLElement | null} */ (event.target);
    const typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
    // One map on the page: "/" is its search's (with several, each box is reached by Tab).
    if (event.key === "/" && !typing && document.querySelectorAll(".g60-search").length === 1) {
      event.preventDefault();
      input.focus();
    }
  });

  const ctl = new L.Control({ position: "topleft" });
  ctl.onAdd = function () { return box; };
  ctl.addTo(map);
  onLanguage(map, function (lang) {
    words = localize(payload, lang);
    setWords();
    if (results.length) { update(); }
  });
  return ctl;
}
