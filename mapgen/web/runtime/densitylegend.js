// @ts-check
/* The density grid's legend and a cell's popup (density.js counts and draws the grid).
 *
 * The legend is there while its layer draws the grid: a foldable panel (folded on a small
 * map, where it would hide it) with what a cell is, how wide, a swatch and a range per
 * class, and, when the layer's points have categories, a choice of which to count. Every
 * word comes from the layer's payload (`density`); names from the data go in as text.
 */

import { el, svgIcon, svgNode } from "./dom.js";
import { DENSITY_ALPHA } from "./density.js";
import { dotSample } from "./symbols.js";

/** @typedef {import("./payloads.js").DensityWordsPayload} DensityWordsPayload */
/**
 * A category the grid can count, in the order the choice lists them.
 * @typedef {{code: number, name: string}} DensityCategory
 */
/**
 * One line of a cell's popup: a category, its colour on the map and its points in the cell.
 * @typedef {{name: string, colour: string, count: number}} DensityCellRow
 */

/**
 * A catalogue text with its {placeholders} filled in one pass: a value (a layer's or a
 * category's name) is never read as a placeholder, and one with no value stays as it is.
 * (inview.js' fill does the same, but comes after this module in the runtime's order.)
 * @param {string} template
 * @param {Record<string, string>} values
 * @returns {string}
 */
function densityWords(template, values) {
  return template.replace(/\{(\w+)\}/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
  });
}

/**
 * How a cell's width reads: two significant digits (0.52, 2.4, 38, 150).
 * @param {number} km
 * @param {string} locale
 * @returns {string}
 */
function kmText(km, locale) {
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 }).format(km);
}

/**
 * The label of each class: "1–4", "5" (a class of one number), ..., "500 or more".
 * @param {DensityWordsPayload} words
 * @param {string} locale
 * @param {number[]} breaks density.js' classBreaks: each class's lower bound
 * @returns {string[]}
 */
export function classLabels(words, locale, breaks) {
  const number = new Intl.NumberFormat(locale);
  return breaks.map(function (from, k) {
    if (k === breaks.length - 1) { return densityWords(words.above, { from: number.format(from) }); }
    const to = breaks[k + 1] - 1;
    if (to === from) { return densityWords(words.range_one, { from: number.format(from) }); }
    return densityWords(words.range, { from: number.format(from), to: number.format(to) });
  });
}

/**
 * A class's swatch: a square of its colour, as see-through as the grid's cells.
 * @param {string} colour
 * @returns {SVGSVGElement}
 */
function cellSwatch(colour) {
  return svgIcon(16, 16, svgNode("rect", {
    x: 1, y: 1, width: 14, height: 14, fill: colour, "fill-opacity": DENSITY_ALPHA,
    stroke: "#8a8a8a", "stroke-width": 0.5
  }));
}

/** The legend of one point layer's density grid: a Leaflet control, on the map while shown. */
export class DensityLegend {
  /**
   * @param {L.Map} map
   * @param {DensityWordsPayload} words the layer's `density`, in the map's language
   * @param {string} locale the layer's `list.locale`: how numbers are written
   * @param {(code: number) => void} onChoose the reader chose a category's code, or -1: all
   * @param {L.ControlPosition} [position] bottom right by default, above the timeline: the
   *   left holds the title, the search box and the map's legend, which a tall legend fills
   */
  constructor(map, words, locale, onChoose, position) {
    this.map = map;
    this.words = words;
    this.locale = locale;
    this.onChoose = onChoose;
    this.box = el("details", "g60-panel g60-density-legend");
    // Folded on phones and in small maps, as the map's legend: it would hide the map.
    const size = map.getSize();
    this.box.open = size.x >= 700 && size.y >= 450;
    this.summary = el("summary", "");
    this.size = el("p", "g60-legend-note");
    this.size.style.margin = "2px 0 4px";
    this.classes = el("div", "g60-density-classes");
    this.box.appendChild(this.summary);
    this.box.appendChild(this.size);
    this.box.appendChild(this.classes);
    /** @type {HTMLLabelElement | null} */
    this.chooser = null;
    /** @type {HTMLSelectElement | null} */
    this.select = null;
    this.chooserKey = "";
    /** What the legend shows, as update() was last given it. */
    this.state = { layerName: "", breaks: /** @type {number[]} */ ([]),
                   colours: /** @type {string[]} */ ([]), kmWide: 0,
                   categories: /** @type {DensityCategory[]} */ ([]), chosen: -1 };
    this.stateKey = "";
    L.DomEvent.disableClickPropagation(this.box);
    L.DomEvent.disableScrollPropagation(this.box);
    this.control = new L.Control({ position: position || "bottomright" });
    this.control.onAdd = () => this.box;
    this.shown = false;
  }

  /**
   * What the grid shows now. Unchanged arguments change nothing (cheap to call per view).
   * @param {string} layerName the layer's name (the heading's {layer})
   * @param {number[]} breaks classBreaks of the grid drawn
   * @param {string[]} colours one per class
   * @param {number} kmWide cellWidthKm at the view's latitude
   * @param {DensityCategory[]} categories what the reader may count; none: no choice
   * @param {number} chosen the code counted, or -1: all
   */
  update(layerName, breaks, colours, kmWide, categories, chosen) {
    const state = { layerName: layerName, breaks: breaks, colours: colours, kmWide: kmWide,
                    categories: categories, chosen: chosen };
    const key = JSON.stringify(state);
    if (key === this.stateKey) { return; }
    this.state = state;
    this.stateKey = key;
    this.render();
  }

  /**
   * The legend's words in another language (the map's language switched).
   * @param {DensityWordsPayload} words
   * @param {string} locale
   */
  setWords(words, locale) {
    this.words = words;
    this.locale = locale;
    this.render();
  }

  /** Put the legend on the map (the layer draws the grid). */
  show() {
    if (this.shown) { return; }
    this.shown = true;
    this.control.addTo(this.map);
  }

  /** Take the legend off the map (the layer draws dots, or is hidden). */
  hide() {
    if (!this.shown) { return; }
    this.shown = false;
    this.control.remove();
  }

  /** Fill the panel from its words and state; the choice stays when it is the same. */
  render() {
    const words = this.words, state = this.state;
    this.summary.textContent = densityWords(words.heading, { layer: state.layerName });
    this.size.textContent = densityWords(words.cell_size, { km: kmText(state.kmWide, this.locale) });
    const labels = classLabels(words, this.locale, state.breaks);
    this.classes.replaceChildren();
    labels.forEach((label, k) => {
      const row = el("div", "g60-legend-row");
      row.appendChild(cellSwatch(state.colours[k] || "#888888"));
      row.appendChild(el("span", "g60-legend-label", label));
      this.classes.appendChild(row);
    });
    this.renderChooser();
  }

  /** The choice of what to count: made again only when its words or categories change. */
  renderChooser() {
    const words = this.words, state = this.state;
    const key = state.categories.length ?
      JSON.stringify([words.choose, words.all, state.categories]) : "";
    if (key !== this.chooserKey) {
      this.chooserKey = key;
      const had = this.select !== null && document.activeElement === this.select;
      const old = this.chooser;
      const made = key ? this.buildChooser(state.categories) : null;
      this.chooser = made ? made.label : null;
      this.select = made ? made.select : null;
      if (old && made) {
        old.replaceWith(made.label);
      } else if (old) {
        old.remove();
      } else if (made) {
        this.box.appendChild(made.label);
      }
      if (had && made) { made.select.focus(); } // a language switch while choosing
    }
    if (this.select) { this.select.value = String(state.chosen); }
  }

  /**
   * A labelled select: all points, then each category.
   * @param {DensityCategory[]} categories
   * @returns {{label: HTMLLabelElement, select: HTMLSelectElement}}
   */
  buildChooser(categories) {
    const label = el("label", "g60-density-choose");
    label.style.display = "block";
    label.style.marginTop = "4px";
    label.appendChild(el("span", "", this.words.choose));
    label.appendChild(document.createTextNode(" "));
    const select = el("select", "g60-density-select");
    select.style.font = "inherit";
    select.style.maxWidth = "100%";
    const all = el("option", "", this.words.all);
    all.value = "-1";
    select.appendChild(all);
    categories.forEach(function (category) {
      const option = el("option", "", category.name);
      option.value = String(category.code);
      select.appendChild(option);
    });
    select.addEventListener("change", () => { this.onChoose(Number(select.value)); });
    label.appendChild(select);
    return { label: label, select: select };
  }
}

/**
 * A clicked cell's popup: how many points it holds, how many of each category (with the
 * category's colour on the map), and the cell's width, which says to zoom in for the
 * points (`cell_size`); without a width, `zoom_in` says so alone.
 * @param {DensityWordsPayload} words
 * @param {string} locale
 * @param {number} total the points in the cell
 * @param {DensityCellRow[]} rows one per category with points in the cell, in order
 * @param {number | null} [kmWide] cellWidthKm there
 * @returns {HTMLElement}
 */
export function densityCellPopup(words, locale, total, rows, kmWide) {
  const number = new Intl.NumberFormat(locale);
  const root = el("div", "g60-popup g60-density-popup");
  const count = total === 1 ? words.cell_one : words.cell;
  root.appendChild(el("h3", "g60-popup-title", densityWords(count, { count: number.format(total) })));
  rows.forEach(function (row) {
    const line = el("div", "g60-legend-row g60-density-category");
    line.appendChild(dotSample(row.colour));
    line.appendChild(el("span", "", densityWords(words.category_count, {
      category: row.name, count: number.format(row.count)
    })));
    root.appendChild(line);
  });
  const last = kmWide ? densityWords(words.cell_size, { km: kmText(kmWide, locale) }) : words.zoom_in;
  root.appendChild(el("p", "g60-location", last));
  return root;
}
