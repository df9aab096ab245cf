// @ts-check
/* Administrative areas: quiet context, or interactive with a tooltip and hover highlight. */

import { el, names } from "./dom.js";
import { localize, onLanguage } from "./lang.js";

/**
 * @typedef {import("./payloads.js").AreaFeaturePayload} AreaFeaturePayload
 * @typedef {import("./payloads.js").AreaLayerPayload} AreaLayerPayload
 * @typedef {import("./payloads.js").AreaStylePayload} AreaStylePayload
 */

/**
 * A map pane of its own, so areas keep their order below the lines and markers.
 * @param {L.Map} map
 * @param {string} name
 * @param {number} z the pane's z-index
 */
export function ensurePane(map, name, z) {
  if (!map.getPane(name)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(z);
  }
}

/**
 * An area's style as Leaflet path options. "No dash" is null in the data and undefined
 * here: Leaflet treats both alike, and its types only know undefined.
 * @param {AreaStylePayload} style
 * @returns {L.PathOptions}
 */
function pathOptions(style) {
  return { color: style.color, weight: style.weight, opacity: style.opacity,
           dashArray: style.dashArray ?? undefined, fill: style.fill, fillColor: style.fillColor,
           fillOpacity: style.fillOpacity };
}

/**
 * @param {AreaFeaturePayload} feature
 * @returns {HTMLElement}
 */
export function tooltipContent(feature) {
  const tip = el("div", "g60-tooltip");
  tip.appendChild(names("div", "g60-tooltip-title", feature, feature.lang));
  (feature.lines || []).forEach(function (line) {
    tip.appendChild(el("div", "g60-tooltip-line", line));
  });
  return tip;
}

/**
 * Administrative areas: quiet context, or interactive with a tooltip and hover highlight.
 * The shapes are made once; their tooltips and the credit line follow the map's language.
 * @param {L.Map} map
 * @param {import("./payloads.js").Bilingual<AreaLayerPayload>} payload
 * @returns {L.FeatureGroup}
 */
export function areaLayer(map, payload) {
  /** @type {AreaLayerPayload} */
  let data = localize(payload, "en");
  /** @type {L.PathOptions} */
  const style = { pane: data.pane, interactive: data.interactive, ...pathOptions(data.style) };
  // Python sends a hover style exactly when the layer is interactive.
  const hover = data.hover_style ? pathOptions(data.hover_style) : style;
  const group = L.featureGroup([], { attribution: data.attribution });
  onLanguage(map, function (lang) {
    data = localize(payload, lang);
    const shown = map.attributionControl && map.hasLayer(group);
    const old = group.options.attribution;
    if (shown && old) { map.attributionControl.removeAttribution(old); }
    group.options.attribution = data.attribution;
    if (shown) { map.attributionControl.addAttribution(data.attribution); }
  });
  // The pane must exist before the shapes are added to the map.
  group.beforeAdd = function (map) {
    ensurePane(map, data.pane, data.pane_z);
    return group;
  };
  data.features.forEach(function (firstFeature, index) {
    const area = L.geoJSON(firstFeature.geometry, { style: function () { return style; } });
    area.eachLayer(function (layer) {
      // The geometry is a Polygon or MultiPolygon, so Leaflet made an L.Polygon (a Path).
      const shape = /** @type {L.Path} */ (layer);
      if (data.interactive) {
        // Made when shown, from the feature in the language of that moment.
        shape.bindTooltip(function () { return tooltipContent(data.features[index]); },
                          { sticky: true });
        shape.on("mouseover", function () { shape.setStyle(hover); });
        shape.on("mouseout", function () { shape.setStyle(style); });
      }
      shape.on("add", function () {
        const node = shape.getElement();
        if (node) { node.setAttribute("data-area-id", firstFeature.id); }
      });
      shape.addTo(group);
    });
  });
  return group;
}
