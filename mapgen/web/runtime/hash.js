// @ts-check
/* The URL hash as the map's address: `#lang=zh&view=31.03,121.22,9&base=osm&layers=cities,…
 * &place=hangzhou`. Pure: no DOM, no Leaflet, so Node's test runner checks it as it is
 * (what reads and writes it: lang.js for the language, links.js for the rest). */

/**
 * The hash's keys and values (with or without its leading #).
 * @param {string} hash
 * @returns {URLSearchParams}
 */
export function hashParams(hash) {
  return new URLSearchParams(hash.replace(/^#/, ""));
}

/**
 * The hash with some keys set (a string) or taken out (null), the others kept in their order.
 * @param {string} hash
 * @param {Record<string, string | null>} changes
 * @returns {string} with its leading #, or "" when no key is left
 */
export function withParams(hash, changes) {
  const params = hashParams(hash);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) { params.delete(key); } else { params.set(key, value); }
  }
  // Commas may stay as they are in a fragment: "view=31.03,121.22,9" reads better than %2C.
  const text = params.toString().replace(/%2C/g, ",");
  return text ? "#" + text : "";
}

/**
 * A view as the hash writes it: latitude and longitude to 1e-4 degree (about 10 m, finer
 * than a screen pixel below zoom 13... and short), then the zoom.
 * @param {number} lat
 * @param {number} lon
 * @param {number} zoom
 * @returns {string}
 */
export function formatView(lat, lon, zoom) {
  const digits = zoom > 13 ? 6 : 4;
  return [lat.toFixed(digits), lon.toFixed(digits), String(Math.round(zoom * 100) / 100)].join(",");
}

/**
 * A view from the hash, or null when it is not one (three finite numbers, in range).
 * @param {string | null} text
 * @returns {{lat: number, lon: number, zoom: number} | null}
 */
export function parseView(text) {
  if (!text) { return null; }
  const parts = text.split(",");
  if (parts.length !== 3 || parts.some(function (part) { return !/^-?\d+(\.\d+)?$/.test(part); })) {
    return null;
  }
  const [lat, lon, zoom] = parts.map(Number);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || zoom < 0 || zoom > 24) { return null; }
  return { lat: lat, lon: lon, zoom: zoom };
}

/**
 * A list of keys from the hash (`layers=cities,axis-g60`): each once, none empty.
 * @param {string | null} text
 * @returns {string[] | null} null when the hash has no such key
 */
export function parseList(text) {
  if (text === null) { return null; }
  return Array.from(new Set(text.split(",").filter(Boolean)));
}
