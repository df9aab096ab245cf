// @ts-check
/* A point layer's density grid: where its dots would overplot, squares of counts.
 *
 * A million points drawn as dots at a low zoom are one blot: nothing says whether a place
 * holds ten points or ten thousand. Below the zoom where dots crowd, the layer draws a
 * grid of square cells instead, each coloured by the class of its count; above it, dots.
 *
 * Cells are fixed in the world's pixels at each zoom (CELL_PIXELS divides the tile), so a
 * cell is the same square in every tile that draws it and never moves while panning; a
 * point is in the one cell its pixel falls in. Pure functions over typed arrays, linear in
 * the points and without allocating per point: Node's test runner checks them as they are.
 *
 * Units as tileindex.js: world coordinates 0..1; at zoom z the world is tileSize * 2^z
 * pixels wide, and "world pixels" are pixels from its north-west corner at that zoom.
 */

import { pointRadius } from "./tileindex.js";

/**
 * @typedef {import("./tileindex.js").WorldPoints} WorldPoints
 * @typedef {import("./tileindex.js").TileBuckets} TileBuckets
 * @typedef {Pick<CanvasRenderingContext2D, "fillStyle" | "globalAlpha" | "fillRect">} CellCanvas
 */

/**
 * One cell of the grid at a zoom: its tile, its column and row in the tile (`index` is
 * row * cellsPerSide + column, as in tileCellCounts), and its square in world pixels at
 * that zoom (to outline the cell clicked).
 * @typedef {{zoom: number, tileX: number, tileY: number, column: number, row: number,
 *            index: number, left: number, top: number, right: number, bottom: number}} DensityCell
 */

/**
 * How many points of each category a cell holds, the most first (ties by code), no
 * category with none; `total` counts every point in the cell.
 * @typedef {{total: number, rows: {code: number, count: number}[]}} CellCounts
 */

// A cell's side in pixels: 16 divides a 256-px (or 512-px) tile, so cells align with tiles.
export const CELL_PIXELS = 16;

// How much of a tile the dots of its points would cover, laid side by side, beyond which
// they overplot (see overplotted): three quarters, where random dots already cover half
// the tile's pixels and most dots touch another.
export const OVERPLOT_COVER = 0.75;

// Cells are drawn see-through: the areas and the basemap below stay readable.
export const DENSITY_ALPHA = 0.75;

// Five classes, light to dark: viridis (perceptually even, readable with every common
// colour-blindness, and in grey). Its lightest step is a saturated yellow, not ColorBrewer's
// near-white, so the sparsest cells still show on a light grey, a white page or map tiles.
export const DENSITY_COLOURS = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];

/**
 * The largest number of points a tile may hold at this zoom before its dots overplot:
 * the dots' area (pointRadius) that covers OVERPLOT_COVER of the tile. 256-px tiles:
 * 2,503 points to zoom 8, 1,277 to zoom 11, 625 from zoom 12.
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @returns {number}
 */
export function overplotLimit(zoom, tileSize) {
  const r = pointRadius(zoom);
  return Math.floor(OVERPLOT_COVER * tileSize * tileSize / (Math.PI * r * r));
}

/**
 * The point-weighted median of tiles' counts: the count of the tile the median point is
 * in. A plain median of tiles would be ruled by the many tiles of a few outlying points;
 * this asks how crowded the tile of a typical point is.
 * @param {ArrayLike<number>} tileCounts one count per tile
 * @returns {number} 0 when there are no points
 */
export function medianTileCount(tileCounts) {
  const sorted = Float64Array.from(tileCounts).sort();
  let total = 0;
  for (let i = 0; i < sorted.length; i++) { total += sorted[i]; }
  let seen = 0;
  for (let i = 0; i < sorted.length; i++) {
    seen += sorted[i];
    if (seen * 2 >= total && sorted[i] > 0) { return sorted[i]; }
  }
  return 0;
}

/**
 * Whether the layer's dots overplot at this zoom, so that it draws the density grid: when
 * the typical point's tile (medianTileCount of the buckets' sizes) holds more points than
 * overplotLimit. A few hundred points a tile draw dots; a million points over the corridor
 * (about 4.7 x 3.2 degrees) draw the grid to zoom 11 and dots from zoom 12. The buckets
 * also hold the neighbours' dots that reach over a tile's edge: a few per cent more, which
 * the limit's margin takes.
 * @param {TileBuckets} buckets bucketsAt(points, zoom, tileSize)
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @returns {boolean}
 */
export function overplotted(buckets, zoom, tileSize) {
  const sizes = new Float64Array(buckets.size);
  let t = 0;
  for (const indices of buckets.values()) { sizes[t++] = indices.length; }
  return medianTileCount(sizes) > overplotLimit(zoom, tileSize);
}

/**
 * Add a tile's points to its cells' counts. A point counts in the cell its world pixel is
 * in, and only when that cell is in this tile: the bucket also holds neighbours' points
 * whose dots reach over the edge. The tile is found from the cell (floor of floor), which
 * equals bucketsAt's floor(pixel / tileSize), so each point counts in one tile only.
 * @param {Uint32Array} counts (tileSize / CELL_PIXELS)^2, row-major; added to
 * @param {WorldPoints} world
 * @param {ArrayLike<number>} indices the tile's bucket
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @param {number} tileX
 * @param {number} tileY
 * @param {ArrayLike<number> | null} codes each point's category code, or null
 * @param {number} chosen count only the points of this code; -1: all
 */
function addTileCells(counts, world, indices, zoom, tileSize, tileX, tileY, codes, chosen) {
  // World units times cells is the pixel divided by CELL_PIXELS exactly (a power of two).
  const side = tileSize / CELL_PIXELS, cells = tileSize * Math.pow(2, zoom) / CELL_PIXELS;
  const firstColumn = tileX * side, firstRow = tileY * side;
  const filter = chosen >= 0 && codes !== null;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (filter && codes[i] !== chosen) { continue; }
    const column = Math.floor(world.x[i] * cells) - firstColumn;
    const row = Math.floor(world.y[i] * cells) - firstRow;
    if (column < 0 || column >= side || row < 0 || row >= side) { continue; }
    counts[row * side + column]++;
  }
}

/**
 * The counts of one tile's cells: (tileSize / CELL_PIXELS)^2 of them, row by row from the
 * tile's north-west corner.
 * @param {WorldPoints} world
 * @param {ArrayLike<number>} indices the tile's bucket (bucketsAt)
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @param {number} tileX
 * @param {number} tileY
 * @param {ArrayLike<number> | null} [codes] each point's category code
 * @param {number} [chosen] count only the points of this code; -1 (or none): all
 * @returns {Uint32Array}
 */
export function tileCellCounts(world, indices, zoom, tileSize, tileX, tileY, codes, chosen) {
  const side = tileSize / CELL_PIXELS;
  const counts = new Uint32Array(side * side);
  addTileCells(counts, world, indices, zoom, tileSize, tileX, tileY, codes || null,
               chosen === undefined ? -1 : chosen);
  return counts;
}

/**
 * The largest of 1, 2, 5 x 10^k not above a number (at least 1).
 * @param {number} value
 * @returns {number}
 */
function niceFloor(value) {
  let power = 1;
  while (power * 10 <= value) { power *= 10; } // exact, unlike log10 of 1000
  return power * (value >= 5 * power ? 5 : value >= 2 * power ? 2 : 1);
}

/**
 * The nearest of 1, 2, 5 x 10^k to a number, nearest by ratio (3 -> 2, 4 -> 5, 8 -> 10).
 * @param {number} value at least 1
 * @returns {number}
 */
function niceRound(value) {
  const below = niceFloor(value), above = niceNext(below);
  return value * value >= below * above ? above : below;
}

/**
 * The next of 1, 2, 5 x 10^k after one of them: 1 -> 2, 2 -> 5, 5 -> 10.
 * @param {number} nice
 * @returns {number}
 */
function niceNext(nice) {
  return niceFloor(nice * 2.5);
}

/**
 * Class breaks for the non-zero counts of a layer's cells at one zoom: the lower bound of
 * each class, the first 1 and the last class open (breaks [1, 5, 20, 100, 500] are the
 * classes 1-4, 5-19, 20-99, 100-499 and 500 or more), so that every count of 1 or more
 * is in exactly one class. Made once for the whole layer: a colour is the same number in
 * every tile.
 *
 * Quantiles, taken one class at a time: each break is the count a share of the counts
 * not yet classed in (1 / the classes left), rounded to the nearest 1, 2 or 5 x 10^k.
 * Cells of one or two points are most of a sparse layer; where a break rounds onto the
 * lowest count left, it moves up to the next nice number (1, 2, 5, 10...), so the ties
 * take one class and the classes left go to the crowded cells, not to more ones. No class
 * is empty: there are fewer when the counts have few distinct values, one for a single one.
 * @param {ArrayLike<number>} counts any cells' counts; zeros are left out
 * @param {number} [classes] at most this many classes
 * @returns {number[]} strictly increasing; empty when no count is above zero
 */
export function classBreaks(counts, classes = 5) {
  let n = 0;
  for (let i = 0; i < counts.length; i++) { if (counts[i] > 0) { n++; } }
  if (n === 0) { return []; }
  const sorted = new Float64Array(n);
  for (let i = 0, k = 0; i < counts.length; i++) { if (counts[i] > 0) { sorted[k++] = counts[i]; } }
  sorted.sort();
  const largest = sorted[n - 1];
  const breaks = [1];
  let low = 0; // sorted[low]: the lowest count not in a class below the last break
  for (let c = 1; c < classes; c++) {
    let b = niceRound(sorted[low + Math.floor((n - low) / (classes - c + 1))]);
    // This class holds at least sorted[low]; the next holds at least the largest count.
    if (b <= sorted[low]) { b = niceNext(niceFloor(sorted[low])); }
    if (b > largest) { b = niceFloor(largest); }
    if (b <= sorted[low]) { break; }
    breaks.push(b);
    while (sorted[low] < b) { low++; } // stops: b <= largest
  }
  return breaks;
}

/**
 * The class of a count: the last break not above it; -1 for 0 (an empty cell, not drawn).
 * @param {number} count
 * @param {number[]} breaks classBreaks
 * @returns {number}
 */
export function classOf(count, breaks) {
  if (!(count >= 1) || breaks.length === 0) { return -1; }
  let k = 0;
  while (k + 1 < breaks.length && breaks[k + 1] <= count) { k++; }
  return k;
}

/**
 * The breaks of a layer at one zoom, from every tile's cells (the points of `chosen` only
 * when it is a category's code). One pass over the buckets and one count array for all
 * tiles; the caller keeps them per zoom and category.
 * @param {WorldPoints} world
 * @param {TileBuckets} buckets bucketsAt(world, zoom, tileSize)
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @param {ArrayLike<number> | null} codes each point's category code, or null
 * @param {number} chosen a category's code, or -1 for all points
 * @param {number} [classes] at most this many classes
 * @returns {number[]}
 */
export function layerBreaks(world, buckets, zoom, tileSize, codes, chosen, classes = 5) {
  const side = tileSize / CELL_PIXELS;
  const counts = new Uint32Array(side * side);
  /** @type {number[]} */
  const filled = [];
  for (const [key, indices] of buckets) {
    const colon = key.indexOf(":");
    const tileX = Number(key.slice(0, colon)), tileY = Number(key.slice(colon + 1));
    counts.fill(0);
    addTileCells(counts, world, indices, zoom, tileSize, tileX, tileY, codes, chosen);
    for (let c = 0; c < counts.length; c++) { if (counts[c] > 0) { filled.push(counts[c]); } }
  }
  return classBreaks(filled, classes);
}

/**
 * The colours of n classes: all five of DENSITY_COLOURS, or as far apart among them as
 * they go (3 classes: the lightest, the middle one and the darkest).
 * @param {number} n
 * @returns {string[]}
 */
export function classColours(n) {
  const last = DENSITY_COLOURS.length - 1;
  if (n <= 0) { return []; }
  if (n === 1) { return [DENSITY_COLOURS[Math.round(last / 2)]]; }
  /** @type {string[]} */
  const colours = [];
  for (let k = 0; k < n; k++) {
    colours.push(DENSITY_COLOURS[Math.round(k * last / (n - 1))]);
  }
  return colours;
}

/**
 * The cell a world pixel is in, found as tileCellCounts counts a point there.
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @param {number} pixelX pixels from the world's west edge at this zoom
 * @param {number} pixelY pixels from the world's north edge at this zoom
 * @returns {DensityCell}
 */
export function cellAt(zoom, tileSize, pixelX, pixelY) {
  const side = tileSize / CELL_PIXELS;
  // A point's pixel (world units times the world's pixels) divided exactly (a power of two):
  // the cell addTileCells counts the point in.
  const cellX = Math.floor(pixelX / CELL_PIXELS), cellY = Math.floor(pixelY / CELL_PIXELS);
  const tileX = Math.floor(cellX / side), tileY = Math.floor(cellY / side);
  const column = cellX - tileX * side, row = cellY - tileY * side;
  const left = cellX * CELL_PIXELS, top = cellY * CELL_PIXELS;
  return { zoom: zoom, tileX: tileX, tileY: tileY, column: column, row: row, index: row * side + column,
           left: left, top: top, right: left + CELL_PIXELS, bottom: top + CELL_PIXELS };
}

/**
 * How many points of each category one cell holds (for its popup), by the same rule as
 * tileCellCounts: all of the cell's points, whatever category the grid counts.
 * @param {WorldPoints} world
 * @param {ArrayLike<number>} indices the bucket of the cell's tile
 * @param {number} zoom
 * @param {number} tileSize pixels
 * @param {DensityCell} cell
 * @param {ArrayLike<number> | null} codes each point's category code, or null: no rows
 * @param {number} categoryCount how many codes there are
 * @returns {CellCounts}
 */
export function cellCategoryCounts(world, indices, zoom, tileSize, cell, codes, categoryCount) {
  const side = tileSize / CELL_PIXELS, cells = tileSize * Math.pow(2, zoom) / CELL_PIXELS;
  const cellX = cell.tileX * side + cell.column, cellY = cell.tileY * side + cell.row;
  const byCode = new Uint32Array(codes ? categoryCount : 0);
  let total = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (Math.floor(world.x[i] * cells) !== cellX || Math.floor(world.y[i] * cells) !== cellY) { continue; }
    total++;
    if (codes && codes[i] >= 0 && codes[i] < categoryCount) { byCode[codes[i]]++; }
  }
  /** @type {{code: number, count: number}[]} */
  const rows = [];
  byCode.forEach(function (count, code) { if (count > 0) { rows.push({ code: code, count: count }); } });
  rows.sort(function (a, b) { return b.count - a.count || a.code - b.code; });
  return { total: total, rows: rows };
}

/**
 * How wide a cell is on the ground, in kilometres, at a latitude (Web Mercator's scale:
 * the equator's length over the world's pixels, shrinking with the cosine of latitude).
 * @param {number} zoom
 * @param {number} latitude degrees
 * @param {number} tileSize pixels
 * @returns {number}
 */
export function cellWidthKm(zoom, latitude, tileSize) {
  return 40075.016686 * Math.cos(latitude * Math.PI / 180) / (tileSize * Math.pow(2, zoom)) *
    CELL_PIXELS;
}

/**
 * Draw a tile's cells: each cell with points a square of its class's colour, see-through,
 * with no outline (neighbouring squares meet, and so do tiles). One colour at a time.
 * @param {CellCanvas} ctx the tile's canvas, in CSS pixels
 * @param {ArrayLike<number>} counts tileCellCounts
 * @param {number[]} breaks classBreaks
 * @param {string[]} colours one per class (classColours(breaks.length))
 * @param {number} cellsPerSide tileSize / CELL_PIXELS
 */
export function drawCells(ctx, counts, breaks, colours, cellsPerSide) {
  const classes = new Int8Array(counts.length);
  for (let c = 0; c < counts.length; c++) { classes[c] = classOf(counts[c], breaks); }
  ctx.globalAlpha = DENSITY_ALPHA;
  for (let k = 0; k < breaks.length; k++) {
    let styled = false;
    for (let c = 0; c < counts.length; c++) {
      if (classes[c] !== k) { continue; }
      if (!styled) { ctx.fillStyle = colours[k]; styled = true; }
      ctx.fillRect((c % cellsPerSide) * CELL_PIXELS, Math.floor(c / cellsPerSide) * CELL_PIXELS,
                   CELL_PIXELS, CELL_PIXELS);
    }
  }
}
