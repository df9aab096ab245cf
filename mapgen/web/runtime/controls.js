// @ts-check
/* The panels on the map (legend, title block) and the view on opening. */

import { control, el, names } from "./dom.js";
import { areaSample, dotSample, lineSample, symbol } from "./symbols.js";

/**
 * @typedef {import("./payloads.js").LegendPayload} LegendPayload
 * @typedef {import("./payloads.js").LegendEntryPayload} LegendEntryPayload
 * @typedef {import("./payloads.js").TitlePayload} TitlePayload
 * @typedef {import("./payloads.js").BoundsPayload} BoundsPayload
 */

/**
 * In print the legend and the sources are unfolded (a closed <details> prints folded),
 * and folded back afterwards as the reader left them.
 * @param {HTMLDetailsElement} details
 */
export function unfoldForPrint(details) {
  let wasOpen = details.open;
  window.addEventListener("beforeprint", function () {
    wasOpen = details.open;
    details.open = true;
  });
  window.addEventListener("afterprint", function () { details.open = wasOpen; });
}

/**
 * The picture of a legend row: what the row's layer looks like on the map.
 * @param {Exclude<LegendEntryPayload, {heading: true}>} entry
 * @returns {SVGSVGElement}
 */
function legendSample(entry) {
  if ("area" in entry) { return areaSample(entry.area); }
  if ("line" in entry) { return lineSample(entry.colour, entry.dash); }
  if ("dot" in entry) { return dotSample(entry.dot); }
  return symbol(entry.path, entry.colour, 16);
}

/**
 * The legend: a foldable panel, one row per symbol, line, area or dot colour.
 * @param {L.Map} map
 * @param {LegendPayload} data
 * @returns {L.Control}
 */
export function legend(map, data) {
  return control(map, data.position, function () {
    const box = el("details", "g60-legend g60-panel");
    // Folded on phones and in small maps pasted into a page: it would hide the map.
    const size = map.getSize();
    box.open = size.x >= 700 && size.y >= 450;
    unfoldForPrint(box);
    box.appendChild(el("summary", "", data.heading));
    data.entries.forEach(function (entry) {
      const row = el("div", "g60-legend-row");
      if ("heading" in entry) {
        row.className += " g60-legend-heading";
      } else {
        row.appendChild(legendSample(entry));
      }
      row.appendChild(el("span", "g60-legend-label", entry.label));
      box.appendChild(row);
    });
    return box;
  });
}

/**
 * The title block: the corridor's names, a summary line, and the sources (folded).
 * @param {L.Map} map
 * @param {TitlePayload} data
 * @returns {L.Control}
 */
export function titleBlock(map, data) {
  return control(map, data.position, function () {
    const box = el("div", "g60-title g60-panel");
    box.appendChild(names("h1", "g60-title-heading", data));
    box.appendChild(el("p", "g60-title-sub", data.subtitle));
    const details = el("details", "g60-sources");
    unfoldForPrint(details);
    details.appendChild(el("summary", "", data.sources_heading));
    const list = el("ul", "g60-source-list");
    data.sources.forEach(function (source) {
      const item = el("li", "g60-source-item");
      const when = el("time", "", source.date_label);
      when.setAttribute("datetime", source.date);
      item.appendChild(when);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", "", source.title));
      list.appendChild(item);
    });
    details.appendChild(list);
    (data.notes || []).forEach(function (note) {
      details.appendChild(el("p", "g60-title-note", note));
    });
    box.appendChild(details);
    return box;
  });
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
