// @ts-check
/* Places (cities, sites) as clickable markers, and the corridor's axes as lines. */

import { el, names } from "./dom.js";
import { POPUP_OPTIONS, keyboardPopup, popupContent } from "./popups.js";
import { symbol } from "./symbols.js";

/**
 * @typedef {import("./payloads.js").PlacePayload} PlacePayload
 * @typedef {import("./payloads.js").PlaceLayerPayload} PlaceLayerPayload
 * @typedef {import("./payloads.js").AxisPayload} AxisPayload
 */

/**
 * A place's marker: its symbol, and for cities a two-language label beside it.
 * @param {PlacePayload} place
 * @returns {L.DivIcon}
 */
export function markerIcon(place) {
  const size = place.symbol.size;
  const box = el("div", "g60-marker-inner");
  box.appendChild(symbol(place.symbol.path, place.symbol.colour, size));
  if (place.label) {
    const label = el("span", "g60-label");
    const en = el("span", "g60-label-en", place.name_en), zh = el("span", "g60-label-zh", place.name_zh);
    en.setAttribute("lang", "en");
    zh.setAttribute("lang", "zh-CN");
    label.appendChild(en);
    label.appendChild(zh);
    box.appendChild(label);
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
 * A layer of places: one clickable marker each, with a dashed circle where approximate.
 * @param {PlaceLayerPayload} data
 * @returns {L.FeatureGroup}
 */
export function placeLayer(data) {
  const group = L.featureGroup();
  data.places.forEach(function (place) {
    if (place.approximate && place.radius_m) {
      L.circle([place.lat, place.lon], {
        radius: place.radius_m, color: place.symbol.colour, weight: 1, opacity: 0.7,
        dashArray: "3 4", fillOpacity: 0.05, interactive: false
      }).addTo(group);
    }
    const marker = L.marker([place.lat, place.lon], {
      icon: markerIcon(place), title: place.name_en, alt: place.name_en,
      riseOnHover: true, zIndexOffset: place.z || 0
    });
    marker.bindPopup(function () { return popupContent(place.popup); }, POPUP_OPTIONS);
    const popup = marker.getPopup();
    if (popup) { keyboardPopup(popup, data.popup_close); }
    // Leaflet makes the marker's element when it is added: only then can it be tagged.
    marker.on("add", function () {
      const node = marker.getElement();
      if (node) { node.setAttribute("data-place-id", place.id); }
    });
    marker.addTo(group);
  });
  return group;
}

/**
 * One corridor axis: a polyline with a tooltip (name, length) and a popup.
 * @param {AxisPayload} data
 * @returns {L.FeatureGroup}
 */
export function axisLayer(data) {
  const group = L.featureGroup();
  const line = L.polyline(data.coords, {
    // undefined, not null, for "no dash": Leaflet treats both alike; the types want this.
    color: data.colour, weight: 5, opacity: 0.9, dashArray: data.dash || undefined,
    lineCap: "round", className: "g60-axis"
  });
  line.bindTooltip(function () {
    const tip = el("div", "g60-tooltip");
    tip.appendChild(names("div", "g60-tooltip-title", data));
    tip.appendChild(el("div", "g60-tooltip-line", data.length_label));
    return tip;
  }, { sticky: true });
  line.bindPopup(function () { return popupContent(data.popup); }, POPUP_OPTIONS);
  const popup = line.getPopup();
  if (popup) { keyboardPopup(popup, data.popup_close); }
  line.on("add", function () {
    const node = line.getElement();
    if (node) { node.setAttribute("data-axis-id", data.id); }
  });
  line.addTo(group);
  return group;
}
