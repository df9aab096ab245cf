// @ts-check
/* Places (cities, sites) as clickable markers, and the corridor's axes as lines. */

import { asOf, shownAsOf } from "./asof.js";
import { el, names } from "./dom.js";
import { localize, onLanguage } from "./lang.js";
import { POPUP_OPTIONS, keyboardPopup, popupContent } from "./popups.js";
import { symbol } from "./symbols.js";

/**
 * @template T
 * @typedef {import("./payloads.js").Bilingual<T>} Bilingual
 */
/**
 * @typedef {import("./payloads.js").PlacePayload} PlacePayload
 * @typedef {import("./payloads.js").PlaceLayerPayload} PlaceLayerPayload
 * @typedef {import("./payloads.js").AxisPayload} AxisPayload
 */

/** @type {WeakMap<L.Layer, string>} the place of each marker */
const PLACE_OF = new WeakMap();

/** @type {WeakMap<L.Layer, string>} the axis of each line */
const AXIS_OF = new WeakMap();

/**
 * The place a layer is the marker of, or null (a deep link opens a place by its id).
 * @param {L.Layer} layer
 * @returns {string | null}
 */
export function placeIdOf(layer) {
  return PLACE_OF.get(layer) || null;
}

/**
 * The marker of a place (`place:ID`) or the line of an axis (`axis:ID`) among the groups of
 * `layers`, shown or not, with the group it is in; null when there is none.
 * @param {L.Layer[]} layers
 * @param {string} target
 * @returns {{layer: L.Layer, group: L.LayerGroup} | null}
 */
export function findTarget(layers, target) {
  const cut = target.indexOf(":");
  const registry = target.slice(0, cut) === "axis" ? AXIS_OF : PLACE_OF, id = target.slice(cut + 1);
  for (const group of layers) {
    if (!(group instanceof L.LayerGroup)) { continue; }
    /** @type {L.Layer | null} */
    let found = null;
    group.eachLayer(function (child) { if (registry.get(child) === id) { found = child; } });
    if (found) { return { layer: found, group: group }; }
  }
  return null;
}

/**
 * A place's marker: its symbol, and for cities a two-language label beside it, the
 * reader's language first.
 * @param {PlacePayload} place
 * @returns {L.DivIcon}
 */
export function markerIcon(place) {
  const size = place.symbol.size;
  const box = el("div", "g60-marker-inner");
  box.appendChild(symbol(place.symbol.path, place.symbol.colour, size));
  if (place.label) {
    box.appendChild(names("span", "g60-label", place, place.lang));
  }
  return L.divIcon({
    html: box,
    className: "g60-marker g60-marker-" + place.kind,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
    popupAnchor: [0, -size / 2]
  });
}

/**
 * A group whose content `build(group, lang)` makes in the map's language, and makes again
 * when the language changes. A popup that was open is opened again, in the new language.
 * @param {L.Map} map
 * @param {(group: L.FeatureGroup, lang: import("./payloads.js").LangPayload) => void} build
 * @returns {L.FeatureGroup}
 */
export function localGroup(map, build) {
  const group = L.featureGroup();
  onLanguage(map, function (lang) {
    /** @type {L.Layer | null} */
    let open = null;
    group.eachLayer(function (layer) {
      const popup = layer.getPopup && layer.getPopup();
      if (popup && popup.isOpen()) { open = layer; }
    });
    const openIndex = open ? group.getLayers().indexOf(open) : -1;
    group.clearLayers();
    build(group, lang);
    const again = openIndex >= 0 ? group.getLayers()[openIndex] : null;
    if (again && map.hasLayer(group)) { again.openPopup(); }
  });
  return group;
}

/**
 * A layer of places: one clickable marker each, with a dashed circle where approximate.
 * @param {L.Map} map
 * @param {Bilingual<PlaceLayerPayload>} payload
 * @returns {L.FeatureGroup}
 */
export function placeLayer(map, payload) {
  return localGroup(map, function (group, lang) { addPlaces(group, localize(payload, lang), asOf(map)); });
}

/**
 * @param {L.FeatureGroup} group
 * @param {PlaceLayerPayload} data
 * @param {import("./asof.js").AsOf | null} date the date the map shows: a city that joined
 *   later is drawn as not yet a member
 */
function addPlaces(group, data, date) {
  data.places.forEach(function (place) {
    if (place.approximate && place.radius_m) {
      L.circle([place.lat, place.lon], {
        radius: place.radius_m, color: place.symbol.colour, weight: 1, opacity: 0.7,
        dashArray: "3 4", fillOpacity: 0.05, interactive: false
      }).addTo(group);
    }
    const name = place.lang === "zh" ? place.name_zh : place.name_en;
    const icon = markerIcon(place);
    if (!shownAsOf(place.joined, date)) {
      icon.options.className += " g60-not-yet";
    }
    const marker = L.marker([place.lat, place.lon], {
      icon: icon, title: name, alt: name,
      riseOnHover: true, zIndexOffset: place.z || 0
    });
    PLACE_OF.set(marker, place.id);
    marker.bindPopup(function () { return popupContent(place.popup, date); }, POPUP_OPTIONS);
    const popup = marker.getPopup();
    if (popup) { keyboardPopup(popup, data.popup_close); }
    // Leaflet makes the marker's element when it is added: only then can it be tagged.
    marker.on("add", function () {
      const node = marker.getElement();
      if (node) { node.setAttribute("data-place-id", place.id); }
    });
    marker.addTo(group);
  });
}

/**
 * One corridor axis: a polyline with a tooltip (name, length) and a popup.
 * @param {L.Map} map
 * @param {Bilingual<AxisPayload>} payload
 * @returns {L.FeatureGroup}
 */
export function axisLayer(map, payload) {
  return localGroup(map, function (group, lang) { addAxis(group, localize(payload, lang), asOf(map)); });
}

/**
 * @param {L.FeatureGroup} group
 * @param {AxisPayload} data
 * @param {import("./asof.js").AsOf | null} date
 */
function addAxis(group, data, date) {
  const line = L.polyline(data.coords, {
    // undefined, not null, for "no dash": Leaflet treats both alike; the types want this.
    color: data.colour, weight: 5, opacity: 0.9, dashArray: data.dash || undefined,
    lineCap: "round", className: "g60-axis"
  });
  line.bindTooltip(function () {
    const tip = el("div", "g60-tooltip");
    tip.appendChild(names("div", "g60-tooltip-title", data, data.lang));
    tip.appendChild(el("div", "g60-tooltip-line", data.length_label));
    return tip;
  }, { sticky: true });
  AXIS_OF.set(line, data.id);
  line.bindPopup(function () { return popupContent(data.popup, date); }, POPUP_OPTIONS);
  const popup = line.getPopup();
  if (popup) { keyboardPopup(popup, data.popup_close); }
  line.on("add", function () {
    const node = line.getElement();
    if (node) { node.setAttribute("data-axis-id", data.id); }
  });
  line.addTo(group);
}
