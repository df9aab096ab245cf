// @ts-check
/* Administrative areas: quiet context, or interactive with a tooltip and hover highlight;
 * a choropleth's areas each filled with their class's colour. */

import { el, marked, names } from "./dom.js";
import { localize, onLanguage } from "./lang.js";

/**
 * @typedef {import("./payloads.js").AreaFeaturePayload} AreaFeaturePayload
 * @typedef {import("./payloads.js").AreaLayerPayload} AreaLayerPayload
 * @typedef {import("./payloads.js").AreaStylePayload} AreaStylePayload
 */

/** Fired on the map when a choropleth is shown or hidden: the legend shows the sections of those shown. */
export const CHOROPLETH_EVENT = "g60choropleth";

/** @type {WeakMap<L.Map, Set<string>>} */
const SHOWN_CHOROPLETHS = new WeakMap();

/**
 * The outlines of a map's areas by id, as the first layer that draws each brings it: a
 * choropleth's payload leaves out the outlines of areas drawn before it (geometry null).
 * @type {WeakMap<L.Map, Map<string, import("./payloads.js").AreaGeometryPayload>>}
 */
const OUTLINES = new WeakMap();

/**
 * An area's outline: its own, kept for the layers after it, or the one a layer before it brought.
 * @param {L.Map} map
 * @param {AreaFeaturePayload} feature
 * @returns {import("./payloads.js").AreaGeometryPayload | undefined}
 */
function outline(map, feature) {
  let known = OUTLINES.get(map);
  if (!known) {
    known = new Map();
    OUTLINES.set(map, known);
  }
  if (feature.geometry) { known.set(feature.id, feature.geometry); }
  return feature.geometry || known.get(feature.id);
}

/**
 * The choropleths shown on a map now, by id.
 * @param {L.Map} map
 * @returns {Set<string>}
 */
export function shownChoropleths(map) {
  let shown = SHOWN_CHOROPLETHS.get(map);
  if (!shown) {
    shown = new Set();
    SHOWN_CHOROPLETHS.set(map, shown);
  }
  return shown;
}

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
  (feature.data_lines || []).forEach(function (line) {
    tip.appendChild(marked("div", "g60-tooltip-line", line));
  });
  return tip;
}

/**
 * A style with an area's own fill (a choropleth's class colour), if it has one.
 * @param {L.PathOptions} style
 * @param {string | undefined} fill
 * @returns {L.PathOptions}
 */
function filled(style, fill) {
  return fill ? { ...style, fillColor: fill } : style;
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
  const choropleth = data.choropleth;
  if (choropleth) {
    // The legend shows a choropleth's classes while the choropleth is on the map.
    group.on("add", function () {
      shownChoropleths(map).add(choropleth);
      map.fire(CHOROPLETH_EVENT);
    });
    group.on("remove", function () {
      shownChoropleths(map).delete(choropleth);
      map.fire(CHOROPLETH_EVENT);
    });
  }
  data.features.forEach(function (firstFeature, index) {
    const geometry = outline(map, firstFeature);
    if (!geometry) { return; } // Python sends each outline before any layer that refers to it
    const own = filled(style, firstFeature.fill);
    const ownHover = filled(hover, firstFeature.fill);
    const area = L.geoJSON(geometry, { style: function () { return own; } });
    area.eachLayer(function (layer) {
      // The geometry is a Polygon or MultiPolygon, so Leaflet made an L.Polygon (a Path).
      const shape = /** @type {L.Path} */ (layer);
      if (data.interactive) {
        // Made when shown, from the feature in the language of that moment.
        shape.bindTooltip(function () { return tooltipContent(data.features[index]); },
                          { sticky: true });
        shape.on("mouseover", function () { shape.setStyle(ownHover); });
        shape.on("mouseout", function () { shape.setStyle(own); });
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
