// @ts-check
/* Which points of a layer are in view, and the words that say so. Pure: no DOM, no
 * Leaflet, so Node's test runner checks it as it is (the list itself: pointlist.js). */

/**
 * @typedef {import("./payloads.js").PointListPayload} PointListPayload
 * @typedef {{south: number, west: number, north: number, east: number}} Box
 * @typedef {{index: number, distance: number}} Nearby
 */

/**
 * A catalogue text with its {placeholders} filled, in one pass: a value is never read as
 * a placeholder itself (a layer named "{count}" stays "{count}"), and a placeholder with
 * no value stays as it is.
 * @param {string} template
 * @param {Record<string, string | number>} values
 * @returns {string}
 */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}

/**
 * The points inside a box, the nearest to its centre first, at most `limit` of them, and
 * how many there are in all. Distances are in degrees, longitude scaled by the cosine of
 * the centre's latitude (near enough for ordering what one view shows).
 * @param {ArrayLike<number>} lat
 * @param {ArrayLike<number>} lon
 * @param {Box} box
 * @param {number} limit
 * @returns {{count: number, nearest: Nearby[]}}
 */
export function pointsInView(lat, lon, box, limit) {
  const centreLat = (box.south + box.north) / 2, centreLon = (box.west + box.east) / 2;
  const scale = Math.cos(centreLat * Math.PI / 180);
  /** @type {Nearby[]} */
  const inside = [];
  for (let i = 0; i < lat.length; i++) {
    const y = lat[i], x = lon[i];
    if (y < box.south || y > box.north || x < box.west || x > box.east) { continue; }
    const dx = (x - centreLon) * scale, dy = y - centreLat;
    inside.push({ index: i, distance: dx * dx + dy * dy });
  }
  inside.sort(function (a, b) { return a.distance - b.distance || a.index - b.index; });
  return { count: inside.length, nearest: inside.slice(0, limit) };
}

/**
 * What the list says about the points in view: none, all of them, or the first few.
 * @param {PointListPayload} words
 * @param {number} count points in view
 * @param {number} shown points listed
 * @returns {string}
 */
export function countText(words, count, shown) {
  const number = function (/** @type {number} */ n) { return n.toLocaleString(words.locale); };
  if (count === 0) { return words.none; }
  if (count === 1) { return words.count_one; }
  if (shown < count) { return fill(words.some, { count: number(count), shown: number(shown) }); }
  return fill(words.count, { count: number(count) });
}

/**
 * The name of a point in the list: its label, else the layer's name and its number.
 * @param {PointListPayload} words
 * @param {string} label the point's label column ("" when none)
 * @param {string} layer the layer's name
 * @param {number} index the point's index in its layer (0-based)
 * @returns {string}
 */
export function pointName(words, label, layer, index) {
  if (label.trim()) { return label; }
  return fill(words.point, { layer: layer, number: (index + 1).toLocaleString(words.locale) });
}
