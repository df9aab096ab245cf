// @ts-check
/* The keyboard's way to the points of point layers (which are drawn on canvas, so they
 * cannot take the focus): a "points in view" button that opens a list of the points in
 * view, the nearest to the centre first; each opens its point's popup.
 *
 * One list a map, for all of its point layers that are shown; the button is there while
 * at least one is. Screen readers hear the button's state (aria-expanded) and how many
 * points are in view (a polite live region). Up and Down (Home, End) move through the
 * list, Enter opens a popup and moves the focus into it, Escape closes the popup (the
 * focus goes back to its point in the list) or the list (back to the button).
 */

import { el } from "./dom.js";
import { onLanguage } from "./lang.js";
import { countText, pointName, pointsInView } from "./inview.js";
import { focusPopup } from "./popups.js";

/**
 * @typedef {import("./payloads.js").PointLayerPayload} PointLayerPayload
 * @typedef {import("./payloads.js").PointListPayload} PointListPayload
 * @typedef {{
 *   data: PointLayerPayload,
 *   lat: ArrayLike<number>,
 *   lon: ArrayLike<number>,
 *   readers: ((index: number) => string)[],
 *   ready: Promise<unknown>,
 *   openPoint: (index: number, returnFocus?: () => HTMLElement | null) => L.Popup
 * }} ListedLayer
 * @typedef {{layer: ListedLayer, index: number, distance: number}} Entry
 */

// A list on a map narrower than this hides while a popup it opened is open: it would cover it.
const NARROW = 560;

/** @type {WeakMap<L.Map, PointList>} */
const LISTS = new WeakMap();
let listCount = 0;

/** The list of one map. */
class PointList {
  /**
   * @param {L.Map} map
   * @param {PointListPayload} words
   */
  constructor(map, words) {
    this.map = map;
    this.words = words;
    /** @type {ListedLayer[]} */
    this.layers = [];
    /** @type {Entry[]} */
    this.entries = [];
    /** The point whose popup the list opened: the focus comes back to it. */
    this.current = /** @type {{layer: ListedLayer, index: number} | null} */ (null);
    const id = "g60-point-list-" + (++listCount);
    this.box = el("div", "g60-point-list");
    this.button = el("button", "g60-point-list-button", words.button);
    this.button.type = "button";
    this.button.setAttribute("aria-expanded", "false");
    this.button.setAttribute("aria-controls", id);
    this.panel = el("div", "g60-point-list-panel g60-panel");
    this.panel.id = id;
    this.panel.hidden = true;
    this.status = el("p", "g60-point-list-status");
    this.status.setAttribute("role", "status"); // a polite live region: the count is read out
    this.list = el("ul", "g60-point-list-items");
    this.list.setAttribute("aria-label", words.button);
    this.panel.appendChild(this.status);
    this.panel.appendChild(this.list);
    this.box.appendChild(this.button);
    this.box.appendChild(this.panel);
    L.DomEvent.disableClickPropagation(this.box);
    L.DomEvent.disableScrollPropagation(this.box);
    // Leaflet finds a control's clicks by walking up from the target, which fails for a
    // button the list has just replaced: the map would take the click (and close the popup).
    this.box.addEventListener("click", function (event) { event.stopPropagation(); });
    this.button.addEventListener("click", () => this.toggle());
    this.box.addEventListener("keydown", (event) => this.keyDown(event));
    this.refresh = () => { if (this.isOpen()) { this.update(); } };
    this.control = new L.Control({ position: "topright" });
    this.control.onAdd = () => this.box;
    this.shown = false; // a layer is listed
    this.onMap = false; // the button is on the map
    // After the layers (registered before): their words are in the new language by now.
    onLanguage(map, () => {
      const first = this.layers[0];
      if (first) { this.setWords(first.data.list); }
    });
  }

  /**
   * The list's words in another language.
   * @param {PointListPayload} words
   */
  setWords(words) {
    if (words === this.words) { return; }
    this.words = words;
    this.button.textContent = words.button;
    this.list.setAttribute("aria-label", words.button);
    if (this.isOpen()) {
      this.entries = []; // the names of unnamed points are words too: list them again
      this.update();
    }
  }

  /** @returns {boolean} */
  isOpen() { return !this.panel.hidden; }

  /** @param {ListedLayer} layer */
  add(layer) {
    if (this.layers.indexOf(layer) < 0) {
      this.layers.push(layer);
      // A layer has no points until they are unpacked (its lat and lon are empty): the list
      // counts them again then.
      layer.ready.then(() => { if (this.layers.indexOf(layer) >= 0) { this.refresh(); } });
    }
    if (!this.shown) {
      this.shown = true;
      // After the page's script: the layer control (made later in it) stays above the list.
      Promise.resolve().then(() => {
        if (!this.shown || this.onMap) { return; }
        this.onMap = true;
        this.control.addTo(this.map);
        this.map.on("moveend", this.refresh);
      });
    }
    this.refresh();
  }

  /** @param {ListedLayer} layer */
  remove(layer) {
    this.layers = this.layers.filter(function (other) { return other !== layer; });
    if (this.layers.length === 0 && this.shown) {
      this.shown = false;
      this.close(false);
      if (this.onMap) {
        this.onMap = false;
        this.map.off("moveend", this.refresh);
        this.control.remove();
      }
    } else {
      this.refresh();
    }
  }

  toggle() {
    if (this.isOpen()) {
      this.close(true);
    } else {
      this.open();
    }
  }

  open() {
    this.panel.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.box.classList.add("g60-point-list-open");
    this.update();
  }

  /** @param {boolean} focusButton */
  close(focusButton) {
    this.panel.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    this.box.classList.remove("g60-point-list-open");
    if (focusButton) { this.button.focus(); }
  }

  /** The points now in view, from every listed layer, the nearest to the centre first. */
  update() {
    const bounds = this.map.getBounds(), limit = this.words.limit;
    const box = { south: bounds.getSouth(), west: bounds.getWest(),
                  north: bounds.getNorth(), east: bounds.getEast() };
    let count = 0;
    /** @type {Entry[]} */
    let entries = [];
    this.layers.forEach(function (layer) {
      const found = pointsInView(layer.lat, layer.lon, box, limit);
      count += found.count;
      found.nearest.forEach(function (near) {
        entries.push({ layer: layer, index: near.index, distance: near.distance });
      });
    });
    entries.sort(function (a, b) { return a.distance - b.distance; });
    entries = entries.slice(0, limit);
    const text = countText(this.words, count, entries.length);
    if (this.status.textContent !== text) { this.status.textContent = text; }
    const same = entries.length === this.entries.length && entries.every((entry, i) =>
      entry.layer === this.entries[i].layer && entry.index === this.entries[i].index);
    if (same && this.list.childElementCount === entries.length) { return; }
    const focused = this.focusedEntry();
    this.entries = entries;
    const several = this.layers.length > 1;
    const items = entries.map((entry, position) => {
      const layer = entry.layer, data = layer.data;
      const label = data.label !== null ? layer.readers[data.label](entry.index) : "";
      const item = el("li", "g60-point-list-item");
      const button = el("button", "g60-point-list-point");
      button.type = "button";
      button.appendChild(el("span", "g60-point-list-name",
        pointName(this.words, label, data.name, entry.index)));
      if (several) { button.appendChild(el("span", "g60-point-list-layer", data.name)); }
      button.addEventListener("click", () => this.openEntry(position));
      item.appendChild(button);
      return item;
    });
    this.list.replaceChildren(...items);
    this.list.hidden = items.length === 0;
    if (focused) { // the list moved under the focus: keep it on the same point, if still listed
      const again = this.buttonFor(focused.layer, focused.index);
      (again || this.button).focus();
    }
  }

  /** @returns {{layer: ListedLayer, index: number} | null} the point whose button has the focus */
  focusedEntry() {
    const buttons = this.pointButtons(), active = document.activeElement;
    const position = active instanceof HTMLButtonElement ? buttons.indexOf(active) : -1;
    return position >= 0 ? this.entries[position] : null;
  }

  /** @returns {HTMLButtonElement[]} */
  pointButtons() {
    return Array.from(this.list.querySelectorAll("button"));
  }

  /**
   * @param {ListedLayer} layer
   * @param {number} index
   * @returns {HTMLButtonElement | null}
   */
  buttonFor(layer, index) {
    const position = this.entries.findIndex(function (entry) {
      return entry.layer === layer && entry.index === index;
    });
    return position >= 0 ? this.pointButtons()[position] || null : null;
  }

  /**
   * Open a listed point's popup and move the focus into it; when it closes, the focus
   * comes back to the point in the list (or to the button when the point left the view).
   * @param {number} position
   */
  openEntry(position) {
    const entry = this.entries[position];
    if (!entry) { return; }
    const narrow = this.map.getSize().x < NARROW;
    this.current = { layer: entry.layer, index: entry.index };
    if (narrow) { this.close(false); }
    const popup = entry.layer.openPoint(entry.index, () => {
      const current = this.current;
      this.current = null;
      if (!this.shown) { return null; }
      if (!this.isOpen()) { this.open(); }
      return (current && this.buttonFor(current.layer, current.index)) || this.button;
    });
    focusPopup(popup);
  }

  /** @param {KeyboardEvent} event */
  keyDown(event) {
    if (event.key === "Escape" && this.isOpen()) {
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
      return;
    }
    if (!this.isOpen()) { return; }
    const buttons = this.pointButtons();
    const active = document.activeElement;
    const position = active instanceof HTMLButtonElement ? buttons.indexOf(active) : -1;
    /** @type {HTMLButtonElement | undefined} */
    let next;
    if (event.key === "ArrowDown") {
      next = buttons[Math.min(position + 1, buttons.length - 1)];
    } else if (event.key === "ArrowUp" && position >= 0) {
      next = position === 0 ? this.button : buttons[position - 1];
    } else if (event.key === "Home" && position >= 0) {
      next = buttons[0];
    } else if (event.key === "End" && position >= 0) {
      next = buttons[buttons.length - 1];
    }
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }
}

/**
 * A point layer joins its map's list (made, with its button, for the map's first one).
 * @param {L.Map} map
 * @param {ListedLayer} layer
 */
export function listPointLayer(map, layer) {
  let list = LISTS.get(map);
  if (!list) {
    list = new PointList(map, layer.data.list);
    LISTS.set(map, list);
  }
  list.add(layer);
}

/**
 * A point layer leaves its map's list (hidden in the layer control); the last takes the button.
 * @param {L.Map} map
 * @param {ListedLayer} layer
 */
export function unlistPointLayer(map, layer) {
  const list = LISTS.get(map);
  if (list) { list.remove(layer); }
}
