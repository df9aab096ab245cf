// @ts-check
/* Decoding a point layer's packed columns (see mapgen/web/points.py's point_data_json and
 * packed.js). Pure: no DOM, no Leaflet, so Node's test runner checks it as it is. */

import { unpackChunks, unpackCodes, unpackDegrees, unpackText } from "./packed.js";

/**
 * @typedef {import("./payloads.js").PointColumnPayload} PointColumnPayload
 * @typedef {import("./payloads.js").PointLayerPayload} PointLayerPayload
 */

/**
 * A point layer's points, unpacked: positions in degrees (WGS-84), a reader per column,
 * the codes of each coded column (null for a plain one), and per point 0 for its row's own
 * coordinates or 1 + the index of the district it was placed in (null: none placed).
 * @typedef {{
 *   count: number,
 *   lat: Float64Array,
 *   lon: Float64Array,
 *   readers: ((index: number) => string)[],
 *   codes: (Uint32Array | null)[],
 *   placed: Uint32Array | null
 * }} UnpackedLayer
 */

/**
 * A coded column's reader: point i has dict[codes[i]].
 * @param {string[]} dict
 * @param {ArrayLike<number>} codes
 * @returns {(index: number) => string}
 */
function codedReader(dict, codes) {
  return function (index) {
    const text = dict[codes[index]];
    return text === undefined ? "" : text;
  };
}

/**
 * The codes of a coded (or category) column, checked against its dictionary; null for a
 * plain column.
 * @param {PointColumnPayload} column
 * @param {Uint8Array} buffer the layer's unpacked buffer
 * @param {number} count the layer's points
 * @returns {Uint32Array | null}
 */
export function columnCodes(column, buffer, count) {
  return "text" in column ? null : unpackCodes(buffer, column.codes, count, column.dict.length);
}

/**
 * A plain column's reader: its texts are decoded (all at once) when the first is read, not
 * before: a million names cost a few hundred milliseconds, which the first drawing of the
 * points does not wait for.
 * @param {Uint8Array} buffer
 * @param {import("./payloads.js").PackedTextPayload} text
 * @param {number} count
 * @returns {(index: number) => string}
 */
function textReader(buffer, text, count) {
  /** @type {((index: number) => string) | null} */
  let read = null;
  return function (index) {
    if (!read) { read = unpackText(buffer, text, count).text; }
    return read(index);
  };
}

/**
 * A function giving a column's text for point i: a plain column holds its texts in the
 * buffer (decoded on first use), a coded one (text that repeats) a dictionary and one code
 * per point. An index out of range reads "".
 * @param {PointColumnPayload} column
 * @param {Uint8Array} buffer the layer's unpacked buffer
 * @param {number} count the layer's points
 * @param {ArrayLike<number> | null} [codes] the column's codes, when already unpacked
 * @returns {(index: number) => string}
 */
export function columnReader(column, buffer, count, codes) {
  if ("text" in column) { return textReader(buffer, column.text, count); }
  return codedReader(column.dict, codes || unpackCodes(buffer, column.codes, count, column.dict.length));
}

/**
 * A point layer's points from its packed payload: the chunks unpacked by the browser,
 * then every column read out of the buffer.
 * @param {PointLayerPayload} data
 * @returns {Promise<UnpackedLayer>}
 */
export async function unpackLayer(data) {
  const buffer = await unpackChunks(data.packed, data.packed_bytes);
  const count = data.count;
  const codes = data.columns.map(function (column) { return columnCodes(column, buffer, count); });
  const districts = data.placed_radius_m ? data.placed_radius_m.length : 0;
  return {
    count: count,
    lat: unpackDegrees(buffer, data.lat, count, data.scale),
    lon: unpackDegrees(buffer, data.lon, count, data.scale),
    readers: data.columns.map(function (column, c) {
      return columnReader(column, buffer, count, codes[c]);
    }),
    codes: codes,
    placed: data.placed ? unpackCodes(buffer, data.placed, count, 1 + districts) : null
  };
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
