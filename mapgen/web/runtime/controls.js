// @ts-check
/* The panels on the map (legend, title block) and the view on opening. */

import { CHOROPLETH_EVENT, shownChoropleths } from "./areas.js";
import { asOf } from "./asof.js";
import { el, names } from "./dom.js";
import { localPanel, localize, mapLang, onLanguage } from "./lang.js";
import { areaSample, dotSample, lineSample, symbol } from "./symbols.js";

/**
 * @template T
 * @typedef {import("./payloads.js").Bilingual<T>} Bilingual
 */
/**
 * @typedef {import("./payloads.js").LegendPayload} LegendPayload
 * @typedef {import("./payloads.js").LayerSwitcherPayload} LayerSwitcherPayload
 * @typedef {import("./payloads.js").ScaleBarPayload} ScaleBarPayload
 * @typedef {import("./payloads.js").TileLayerPayload} TileLayerPayload
 * @typedef {import("./payloads.js").LegendEntryPayload} LegendEntryPayload
 * @typedef {import("./payloads.js").TitlePayload} TitlePayload
 * @typedef {import("./payloads.js").BoundsPayload} BoundsPayload
 */

/**
 * In print every <details> of a panel is unfolded (a closed one prints folded), and
 * folded back afterwards as the reader left it.
 * @param {HTMLElement} panel
 */
export function unfoldForPrint(panel) {
  /** @type {HTMLDetailsElement[]} */
  let folded = [];
  window.addEventListener("beforeprint", function () {
    const all = Array.from(panel.querySelectorAll("details"));
    if (panel instanceof HTMLDetailsElement) { all.push(panel); }
    folded = all.filter(function (details) { return !details.open; });
    folded.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (details) { details.open = false; });
  });
}

/**
 * The picture of a legend row: what the row's layer looks like on the map.
 * @param {Exclude<LegendEntryPayload, {heading: true} | {note: true}>} entry
 * @returns {SVGSVGElement}
 */
function legendSample(entry) {
  if ("area" in entry) { return areaSample(entry.area); }
  if ("line" in entry) { return lineSample(entry.colour, entry.dash); }
  if ("dot" in entry) { return dotSample(entry.dot); }
  return symbol(entry.path, entry.colour, 16);
}

/**
 * A legend's rows: a heading, a line of small print, or a sample with its label.
 * @param {HTMLElement} box
 * @param {LegendEntryPayload[]} entries
 */
function legendRows(box, entries) {
  entries.forEach(function (entry) {
    const row = el("div", "g60-legend-row");
    if ("heading" in entry) {
      row.className += " g60-legend-heading";
    } else if ("note" in entry) {
      row.className += " g60-legend-note";
    } else {
      row.appendChild(legendSample(entry));
    }
    row.appendChild(el("span", "g60-legend-label", entry.label));
    box.appendChild(row);
  });
}

/**
 * The legend: a foldable panel, one row per symbol, line, area or dot colour, then the
 * classes of each choropleth shown (a section appears and goes with its layer).
 * @param {L.Map} map
 * @param {Bilingual<LegendPayload>} payload
 * @returns {L.Control}
 */
export function legend(map, payload) {
  const box = el("details", "g60-legend g60-panel");
  // Folded on phones and in small maps pasted into a page: it would hide the map.
  const size = map.getSize();
  box.open = size.x >= 700 && size.y >= 450;
  unfoldForPrint(box);
  /**
   * @param {HTMLElement} box
   * @param {import("./payloads.js").LangPayload} lang
   */
  function fill(box, lang) {
    const data = localize(payload, lang);
    const shown = shownChoropleths(map);
    box.appendChild(el("summary", "", data.heading));
    legendRows(box, data.entries);
    data.sections.forEach(function (section) {
      if (!shown.has(section.layer)) { return; }
      const part = el("div", "g60-legend-section");
      part.setAttribute("data-choropleth", section.layer);
      legendRows(part, section.entries);
      box.appendChild(part);
    });
  }
  const ctl = localPanel(map, localize(payload, "en").position, box, fill);
  map.on(CHOROPLETH_EVENT, function () {
    box.replaceChildren();
    fill(box, mapLang(map));
  });
  return ctl;
}

/**
 * The title block: the corridor's names, a summary line, and the sources (folded).
 * @param {L.Map} map
 * @param {Bilingual<TitlePayload>} payload
 * @returns {L.Control}
 */
export function titleBlock(map, payload) {
  const box = el("div", "g60-title g60-panel");
  unfoldForPrint(box);
  /** @type {boolean} the sources' fold, as the reader left it */
  let sourcesOpen = false;
  return localPanel(map, localize(payload, "en").position, box, function (box, lang) {
    const data = localize(payload, lang);
    box.appendChild(names("h1", "g60-title-heading", data, data.lang));
    const date = asOf(map);
    if (date) { box.appendChild(el("p", "g60-title-asof", data.as_of_title.split("{date}").join(date.label))); }
    box.appendChild(el("p", "g60-title-sub", data.subtitle));
    const details = el("details", "g60-sources");
    details.open = sourcesOpen;
    details.addEventListener("toggle", function () { sourcesOpen = details.open; });
    details.appendChild(el("summary", "", data.sources_heading));
    const list = el("ul", "g60-source-list");
    data.sources.forEach(function (source) {
      const item = el("li", "g60-source-item");
      const when = el("time", "", source.date_label);
      when.setAttribute("datetime", source.date);
      item.appendChild(when);
      item.appendChild(document.createTextNode(" "));
      const title = el("span", "", source.title);
      title.setAttribute("lang", source.lang);
      item.appendChild(title);
      list.appendChild(item);
    });
    details.appendChild(list);
    (data.notes || []).forEach(function (note) {
      details.appendChild(el("p", "g60-title-note", note));
    });
    box.appendChild(details);
  });
}

/**
 * Leaflet's layer control, its names in the map's language. Renaming goes through the
 * control's own API (each layer taken out and put back, in order), so the reader's
 * choices of layers stay as they are.
 * @param {L.Map} map
 * @param {L.Layer[]} layers
 * @param {Bilingual<LayerSwitcherPayload>} payload
 * @returns {L.Control.Layers}
 */
export function layerSwitcher(map, layers, payload) {
  const ctl = L.control.layers(undefined, undefined, { collapsed: localize(payload, "en").collapsed });
  ctl.addTo(map);
  const toggle = ctl.getContainer()?.querySelector(".leaflet-control-layers-toggle");
  onLanguage(map, function (lang) {
    const data = localize(payload, lang);
    layers.forEach(function (layer, i) {
      ctl.removeLayer(layer);
      if (data.entries[i].overlay) {
        ctl.addOverlay(layer, data.entries[i].name);
      } else {
        ctl.addBaseLayer(layer, data.entries[i].name);
      }
    });
    if (toggle) {
      toggle.setAttribute("title", data.label);
      toggle.setAttribute("aria-label", data.label);
    }
  });
  return ctl;
}

/**
 * A basemap of web tiles whose credit line follows the map's language.
 * @param {L.Map} map
 * @param {Bilingual<TileLayerPayload>} payload
 * @returns {L.TileLayer}
 */
export function tileLayer(map, payload) {
  const first = localize(payload, "en");
  const tiles = L.tileLayer(first.url, { maxZoom: first.max_zoom, subdomains: first.subdomains });
  onLanguage(map, function (lang) {
    const credit = localize(payload, lang).attribution;
    const shown = map.attributionControl && map.hasLayer(tiles);
    if (shown && tiles.options.attribution) { map.attributionControl.removeAttribution(tiles.options.attribution); }
    tiles.options.attribution = credit;
    if (shown) { map.attributionControl.addAttribution(credit); }
  });
  return tiles;
}

/**
 * The largest round number of metres not above `metres`: 1, 2, 3 or 5 times a power of ten.
 * @param {number} metres
 * @returns {number}
 */
export function roundDistance(metres) {
  const power = Math.pow(10, Math.floor(Math.log10(metres)));
  const digit = metres / power;
  return power * (digit >= 5 ? 5 : digit >= 3 ? 3 : digit >= 2 ? 2 : 1);
}

/**
 * A metric scale bar, its units in the map's language (100 km, or 100 公里).
 * @param {L.Map} map
 * @param {Bilingual<ScaleBarPayload>} payload
 * @returns {L.Control}
 */
export function scaleBar(map, payload) {
  const MAX_WIDTH = 100;
  const box = el("div", "leaflet-control-scale g60-scale");
  const line = el("div", "leaflet-control-scale-line");
  box.appendChild(line);
  /** @type {ScaleBarPayload} */
  let words = localize(payload, "en");
  function update() {
    const size = map.getSize(), y = size.y / 2;
    if (size.x === 0) { return; }
    const metres = map.distance(map.containerPointToLatLng([0, y]),
                                map.containerPointToLatLng([MAX_WIDTH, y]));
    if (!(metres > 0)) { return; }
    const round = roundDistance(metres);
    line.style.width = Math.round(MAX_WIDTH * round / metres) + "px";
    line.textContent = round >= 1000 ? round / 1000 + " " + words.kilometres : round + " " + words.metres;
  }
  const ctl = new L.Control({ position: words.position });
  ctl.onAdd = function () { return box; };
  ctl.addTo(map);
  map.on("move", update);
  onLanguage(map, function (lang) {
    words = localize(payload, lang);
    update();
  });
  map.whenReady(update);
  return ctl;
}

/**
 * Fit the corridor on opening, below the title block however tall it is in this box,
 * without animation (stable screenshots). A map whose box is hidden on opening (a tab,
 * a folded section of a report) is fitted when it first shows; a box that changes
 * size (a responsive fragment) keeps its map filled.
 * @param {L.Map} map
 * @param {BoundsPayload} bounds [[south, west], [north, east]]
 */
export function initialView(map, bounds) {
  const container = map.getContainer();
  let fitted = false;
  function fit() {
    const title = container.querySelector(".g60-title");
    const top = title ? title.getBoundingClientRect().bottom -
      container.getBoundingClientRect().top + 12 : 24;
    map.fitBounds(bounds, { animate: false, paddingTopLeft: [24, top],
                            paddingBottomRight: [24, 24] });
    fitted = true;
  }
  if (container.clientWidth > 0 && container.clientHeight > 0) {
    fit();
  } else {
    map.setView(L.latLngBounds(bounds).getCenter(), map.getZoom(), { animate: false });
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(function () {
      if (container.clientWidth === 0 || container.clientHeight === 0) { return; }
      map.invalidateSize({ pan: false });
      if (!fitted) { fit(); }
    }).observe(container);
  }
}
