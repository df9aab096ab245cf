// @ts-check
/* Decoding a point layer's compact columns (see mapgen's point_layer_json). Pure: no DOM,
 * no Leaflet, so Node's test runner checks it as it is. */

/**
 * @typedef {import("./payloads.js").PointColumnPayload} PointColumnPayload
 */

/**
 * Coordinates sent as integers of 1/scale degrees, back in degrees.
 * @param {ArrayLike<number>} values
 * @param {number} scale e.g. 100000 for 1e-5 degrees
 * @returns {Float64Array}
 */
export function decodeCoordinates(values, scale) {
  const degrees = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) { degrees[i] = values[i] / scale; }
  return degrees;
}

/**
 * A function giving a column's text for point i: a plain column holds one value per point,
 * a coded one (text that repeats) a dictionary and one code per point.
 * @param {PointColumnPayload} column
 * @returns {(index: number) => string}
 */
export function columnReader(column) {
  if ("values" in column) {
    const values = column.values;
    return function (index) { return values[index]; };
  }
  const dict = column.dict, codes = column.codes;
  return function (index) { return dict[codes[index]]; };
}

/**
 * The text as a link target when it is a plain web link, else null. A javascript: or
 * data: URL from a spreadsheet must never run, and a relative one would point into the
 * page's own folder.
 * @param {string} text
 * @returns {string | null} the normalised URL
 */
export function safeLink(text) {
  if (!/^https?:\/\/[^\s]+$/i.test(text)) { return null; }
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
  } catch {
    return null; // not a URL after all
  }
}
