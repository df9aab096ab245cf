// @ts-check
/* Where a point layer's points fall on the map's tiles, and which point is under a pixel.
 *
 * No Leaflet object per point: points live in typed arrays, are bucketed by tile once per
 * zoom level, drawn tile by tile, and found again on click through their bucket. Pure
 * functions over typed arrays, so Node's test runner checks them without Leaflet or a DOM.
 *
 * Units: "world" coordinates are Web Mercator scaled to 0..1 (x east, y south), as
 * Leaflet's EPSG:3857 lays them out; at zoom z the world is tileSize * 2^z pixels wide.
 */

/**
 * Points in world coordinates.
 * @typedef {{x: Float64Array, y: Float64Array}} WorldPoints
 */

/**
 * The points of each tile at one zoom: "x:y" -> indices of the points, ascending.
 * @typedef {Map<string, number[]>} TileBuckets
 */

// Pixels beyond a dot's edge that still count as a click on it (a dot is small).
export const HIT_SLOP = 3;

/**
 * A dot's radius in pixels: small when zoomed out, where dots crowd.
 * @param {number} zoom
 * @returns {number}
 */
export function pointRadius(zoom) { return zoom <= 8 ? 2.5 : zoom <= 11 ? 3.5 : 5; }

/**
 * Web Mercator of each point, in world units 0..1.
 * @param {ArrayLike<number>} lat degrees
 * @param {ArrayLike<number>} lon degrees
 * @returns {WorldPoints}
 */
export function projectToWorld(lat, lon) {
  const count = lat.length;
  const x = new Float64Array(count), y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const sin = Math.sin(lat[i] * Math.PI / 180);
    x[i] = (lon[i] + 180) / 360;
    y[i] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }
  return { x: x, y: y };
}

/**
 * The bucket key of a tile, as Leaflet numbers tiles.
 * @param {number} tileX
 * @param {number} tileY
 * @returns {string}
 */
export function tileKey(tileX, tileY) { return tileX + ":" + tileY; }

/**
 * Every point in the tile it falls in, and also in a neighbour when its dot reaches over
 * the edge (so a tile draws the part of a neighbour's dot that overlaps it).
 * @param {WorldPoints} points
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @returns {TileBuckets}
 */
export function bucketsAt(points, zoom, tileSize) {
  /** @type {TileBuckets} */
  const byTile = new Map();
  const world = tileSize * Math.pow(2, zoom), reach = pointRadius(zoom) + 1;
  for (let i = 0; i < points.x.length; i++) {
    const px = points.x[i] * world, py = points.y[i] * world;
    const x0 = Math.floor((px - reach) / tileSize), x1 = Math.floor((px + reach) / tileSize);
    const y0 = Math.floor((py - reach) / tileSize), y1 = Math.floor((py + reach) / tileSize);
    for (let tx = x0; tx <= x1; tx++) {
      for (let ty = y0; ty <= y1; ty++) {
        const key = tileKey(tx, ty);
        const bucket = byTile.get(key);
        if (bucket) { bucket.push(i); } else { byTile.set(key, [i]); }
      }
    }
  }
  return byTile;
}

/**
 * The point nearest a pixel of the world at this zoom, within its dot's radius plus
 * HIT_SLOP, or -1. Only the pixel's own tile is searched: its bucket also holds the
 * neighbours' points whose dots reach into it.
 * @param {WorldPoints} points
 * @param {TileBuckets} buckets bucketsAt(points, zoom, tileSize)
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @param {number} pixelX pixels from the world's west edge at this zoom
 * @param {number} pixelY pixels from the world's north edge at this zoom
 * @returns {number} the point's index, or -1
 */
export function pointAt(points, buckets, zoom, tileSize, pixelX, pixelY) {
  const world = tileSize * Math.pow(2, zoom);
  const indices = buckets.get(tileKey(Math.floor(pixelX / tileSize),
                                      Math.floor(pixelY / tileSize))) || [];
  let best = -1, bestDistance = Math.pow(pointRadius(zoom) + HIT_SLOP, 2);
  for (const i of indices) {
    const dx = points.x[i] * world - pixelX, dy = points.y[i] * world - pixelY;
    const distance = dx * dx + dy * dy;
    // <=: of points at the same spot, the last one (drawn on top) is the one found.
    if (distance <= bestDistance) { best = i; bestDistance = distance; }
  }
  return best;
}
