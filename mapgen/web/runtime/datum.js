// @ts-check
/* The datum shift: while a GCJ-02 basemap (AMap) is on, every overlay is drawn in GCJ-02
 * so it lines up with the tiles; back on a WGS-84 basemap, it returns exactly where it was. */

import { gcjFromWgs, insideChina } from "./gcj02.js";
import { onLanguage } from "./lang.js";
import { PointGridLayer } from "./points.js";

/**
 * @typedef {(latlng: L.LatLng) => L.LatLng} Move
 * @typedef {L.LatLng[] | L.LatLng[][] | L.LatLng[][][]} PathLatLngs what a polyline's or
 *   polygon's getLatLngs gives
 */

/**
 * WGS-84 -> GCJ-02 on Leaflet positions (G60.wgsToGcj); outside China the same position.
 * @type {Move}
 */
export function wgsToGcj(latlng) {
  if (!insideChina(latlng.lat, latlng.lng)) { return latlng; }
  const [lat, lon] = gcjFromWgs(latlng.lat, latlng.lng);
  return L.latLng(lat, lon);
}

/** @type {Move} */
function unmoved(latlng) { return latlng; }

// The WGS-84 positions of moved markers and of moved lines and areas, kept to move them
// back exactly (moving back by a formula would not give the same numbers).
/** @type {WeakMap<L.Layer, L.LatLng>} */
const markerPositions = new WeakMap();
/** @type {WeakMap<L.Layer, PathLatLngs>} */
const pathPositions = new WeakMap();

/**
 * Each position of a polyline's or polygon's nested arrays moved; the nesting stays.
 * @param {PathLatLngs} latlngs
 * @param {Move} move
 * @returns {PathLatLngs}
 */
function movePath(latlngs, move) {
  /**
   * @param {L.LatLng | L.LatLng[] | L.LatLng[][]} item
   * @returns {L.LatLng | PathLatLngs}
   */
  function moveItem(item) { return Array.isArray(item) ? movePath(item, move) : move(item); }
  // map keeps the nesting, which tsc cannot follow through the recursion.
  return /** @type {PathLatLngs} */ (latlngs.map(moveItem));
}

/**
 * Move a layer and everything in it from its WGS-84 positions.
 * @param {L.Layer} layer
 * @param {Move} move
 */
function moveLayer(layer, move) {
  if (layer instanceof PointGridLayer) {
    layer.g60Move(move);
  } else if (layer instanceof L.LayerGroup) {
    layer.eachLayer(function (child) { moveLayer(child, move); });
  } else if (layer instanceof L.Polyline) { // polygons too
    const wgs = pathPositions.get(layer) || layer.getLatLngs();
    pathPositions.set(layer, wgs);
    layer.setLatLngs(movePath(wgs, move));
  } else if (layer instanceof L.Marker || layer instanceof L.CircleMarker) { // circles too
    const wgs = markerPositions.get(layer) || layer.getLatLng();
    markerPositions.set(layer, wgs);
    layer.setLatLng(move(wgs));
  }
}

/**
 * While a GCJ-02 basemap is on, draw every overlay in GCJ-02 so it lines up with the tiles.
 * The map's container says which datum is drawn (data-datum="wgs84" or "gcj02").
 * @param {L.Map} map
 * @param {L.Layer[]} overlays
 * @param {L.Layer[]} gcjBasemaps
 */
export function datumShift(map, overlays, gcjBasemaps) {
  let shifted = false;
  function update() {
    const wantGcj = gcjBasemaps.some(function (layer) { return map.hasLayer(layer); });
    if (wantGcj === shifted) { return; }
    shifted = wantGcj;
    const move = wantGcj ? wgsToGcj : unmoved;
    overlays.forEach(function (layer) { moveLayer(layer, move); });
    map.getContainer().setAttribute("data-datum", wantGcj ? "gcj02" : "wgs84");
  }
  map.on("baselayerchange", update);
  update();
  // Layers rebuilt in another language start from their WGS-84 positions: shift them again
  // (layers kept as they were move from their kept WGS-84 positions: the same place).
  onLanguage(map, function () {
    if (shifted) { overlays.forEach(function (layer) { moveLayer(layer, wgsToGcj); }); }
  });
}
