// @ts-check
// The density grid of a point layer: cells' counts, classes, colours, and when to draw it.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CELL_PIXELS, DENSITY_ALPHA, DENSITY_COLOURS, cellAt, cellCategoryCounts, cellWidthKm,
  classBreaks, classColours, classOf, drawCells, layerBreaks, medianTileCount, overplotLimit,
  overplotted, tileCellCounts
} from "../../mapgen/web/runtime/density.js";
import { classLabels } from "../../mapgen/web/runtime/densitylegend.js";
import { bucketsAt, projectToWorld, tileKey } from "../../mapgen/web/runtime/tileindex.js";

const TILE = 256;
const SIDE = TILE / CELL_PIXELS;

/**
 * A seeded random number generator (mulberry32): the same points on every run.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
function random(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Points given by their pixel position in the world at a zoom.
 * @param {number} zoom
 * @param {[number, number][]} pixels
 * @returns {import("../../mapgen/web/runtime/tileindex.js").WorldPoints}
 */
function pointsAtPixels(zoom, pixels) {
  const world = TILE * Math.pow(2, zoom);
  return { x: Float64Array.from(pixels, (p) => p[0] / world),
           y: Float64Array.from(pixels, (p) => p[1] / world) };
}

/**
 * `count` random points (and a category code of 0..3 each) uniform over a box of degrees.
 * @param {number} seed
 * @param {number} count
 * @param {[number, number, number, number]} box south, west, north, east
 * @returns {{world: import("../../mapgen/web/runtime/tileindex.js").WorldPoints, codes: Uint8Array}}
 */
function randomPoints(seed, count, box) {
  const next = random(seed);
  const lat = new Float64Array(count), lon = new Float64Array(count), codes = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    lat[i] = box[0] + (box[2] - box[0]) * next();
    lon[i] = box[1] + (box[3] - box[1]) * next();
    codes[i] = Math.floor(next() * 4);
  }
  return { world: projectToWorld(lat, lon), codes: codes };
}

/**
 * Brute force: every point of the layer (not the bucket) whose pixel lies in the tile,
 * counted in the cell its offset from the tile's corner is in.
 * @param {import("../../mapgen/web/runtime/tileindex.js").WorldPoints} world
 * @param {number} zoom
 * @param {number} tileX
 * @param {number} tileY
 * @param {(i: number) => boolean} keep
 * @returns {Uint32Array}
 */
function bruteCounts(world, zoom, tileX, tileY, keep) {
  const size = TILE * Math.pow(2, zoom), counts = new Uint32Array(SIDE * SIDE);
  for (let i = 0; i < world.x.length; i++) {
    const dx = world.x[i] * size - tileX * TILE, dy = world.y[i] * size - tileY * TILE;
    if (!keep(i) || dx < 0 || dx >= TILE || dy < 0 || dy >= TILE) { continue; }
    counts[Math.floor(dy / CELL_PIXELS) * SIDE + Math.floor(dx / CELL_PIXELS)]++;
  }
  return counts;
}

/**
 * A bucket's tile from its key.
 * @param {string} key
 * @returns {[number, number]}
 */
function tileOf(key) {
  const [x, y] = key.split(":").map(Number);
  return [x, y];
}

// Around Songjiang: a few tiles at zoom 9, many at zoom 12.
const SONGJIANG_BOX = /** @type {[number, number, number, number]} */ ([30.8, 120.9, 31.3, 121.5]);

test("a tile's cells count its points as a brute-force count does, at several zooms", () => {
  const { world } = randomPoints(1, 5000, SONGJIANG_BOX);
  for (const zoom of [9, 12]) {
    let counted = 0;
    for (const [key, indices] of bucketsAt(world, zoom, TILE)) {
      const [tileX, tileY] = tileOf(key);
      const counts = tileCellCounts(world, indices, zoom, TILE, tileX, tileY);
      assert.equal(counts.length, SIDE * SIDE);
      assert.deepEqual(counts, bruteCounts(world, zoom, tileX, tileY, () => true), `tile ${key}`);
      counted += counts.reduce((a, b) => a + b, 0);
    }
    assert.equal(counted, 5000, `every point in one cell of one tile at zoom ${zoom}`);
  }
});

test("a neighbour's point whose dot reaches over the edge is not counted", () => {
  const zoom = 10;
  const points = pointsAtPixels(zoom, [
    [5 * TILE - 1, 7 * TILE + 100], // in tile 4:7, its dot reaching into 5:7
    [5 * TILE + 100, 7 * TILE - 2], // in tile 5:6, reaching into 5:7
    [5 * TILE, 7 * TILE + 40], // on the edge: tile 5:7, its first column
    [5 * TILE + 255.5, 7 * TILE + 255.5], // the last cell of 5:7
  ]);
  const buckets = bucketsAt(points, zoom, TILE);
  const bucket = buckets.get(tileKey(5, 7)) || [];
  assert.deepEqual(bucket, [0, 1, 2, 3]);
  const counts = tileCellCounts(points, bucket, zoom, TILE, 5, 7);
  assert.equal(counts.reduce((a, b) => a + b, 0), 2);
  assert.equal(counts[2 * SIDE + 0], 1); // row 2 (40 px), column 0
  assert.equal(counts[SIDE * SIDE - 1], 1);
  const west = tileCellCounts(points, buckets.get(tileKey(4, 7)) || [], zoom, TILE, 4, 7);
  assert.equal(west[6 * SIDE + SIDE - 1], 1); // row 6 (100 px), the last column
  assert.equal(west.reduce((a, b) => a + b, 0), 1);
});

test("with a category chosen, only its points count; all categories add up to all points", () => {
  const { world, codes } = randomPoints(2, 4000, SONGJIANG_BOX);
  const zoom = 10;
  for (const [key, indices] of bucketsAt(world, zoom, TILE)) {
    const [tileX, tileY] = tileOf(key);
    const all = tileCellCounts(world, indices, zoom, TILE, tileX, tileY, codes, -1);
    const sum = new Uint32Array(all.length);
    for (let code = 0; code < 4; code++) {
      const one = tileCellCounts(world, indices, zoom, TILE, tileX, tileY, codes, code);
      assert.deepEqual(one, bruteCounts(world, zoom, tileX, tileY, (i) => codes[i] === code));
      one.forEach((count, c) => { sum[c] += count; });
    }
    assert.deepEqual(sum, all);
  }
});

/**
 * Whether a number is 1, 2 or 5 times a power of ten.
 * @param {number} n
 * @returns {boolean}
 */
function nice(n) {
  const power = Math.pow(10, Math.floor(Math.log10(n) + 1e-9));
  return [1, 2, 5].some((digit) => Math.abs(n - digit * power) < 1e-9);
}

/**
 * Every count of 1 or more (to the largest, and beyond) is in exactly one class.
 * @param {number[]} breaks
 * @param {number} largest
 */
function assertPartition(breaks, largest) {
  for (let count = 1; count <= largest + 10; count++) {
    const classes = breaks.filter((from, k) => count >= from && (k === breaks.length - 1 || count < breaks[k + 1]));
    assert.equal(classes.length, 1, `${count} in one class of ${breaks}`);
    assert.equal(classOf(count, breaks), breaks.indexOf(classes[0]));
  }
}

test("class breaks: from 1, strictly increasing, nice, at most five, none empty", () => {
  const next = random(3);
  for (let trial = 0; trial < 40; trial++) {
    const spread = Math.pow(10, 1 + trial % 5); // counts up to 10 .. 100,000, most of them small
    const counts = Array.from({ length: 50 + trial * 20 }, () => Math.floor(Math.pow(next(), 3) * spread));
    const breaks = classBreaks(counts);
    const filled = counts.filter((c) => c > 0);
    if (!filled.length) { assert.deepEqual(breaks, []); continue; }
    assert.equal(breaks[0], 1);
    assert.ok(breaks.length >= 1 && breaks.length <= 5, String(breaks));
    breaks.forEach((b, k) => {
      assert.ok(nice(b), `${b} of ${breaks} is 1, 2 or 5 x 10^k`);
      if (k > 0) { assert.ok(b > breaks[k - 1], String(breaks)); }
    });
    const largest = Math.max(...filled);
    assertPartition(breaks, largest);
    breaks.forEach((_, k) => {
      assert.ok(filled.some((c) => classOf(c, breaks) === k), `class ${k} of ${breaks} has a count`);
    });
  }
});

test("class breaks follow the quantiles, rounded to 1, 2, 5 x 10^k", () => {
  const counts = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000
  // The 201st count, 200; the 201st of the 801 left (400), 500; the 167th of the 501 left
  // (667) is nearer 500, but 500 is in the class below: 1000; no count is above it.
  assert.deepEqual(classBreaks(counts), [1, 200, 500, 1000]);
  assert.deepEqual(classBreaks(counts, 2), [1, 500]);
  // Many cells of one or two points, a few crowded ones: the ones take one class, the
  // twos one, the eights one, and the crowded cells (40 and 900) the two left.
  const skewed = [...Array(600).fill(1), ...Array(200).fill(2), ...Array(100).fill(8),
                  ...Array(60).fill(40), ...Array(40).fill(900)];
  assert.deepEqual(classBreaks(skewed), [1, 2, 5, 10, 50]);
  assertPartition(classBreaks(skewed), 900);
  // Half the cells of one point, the rest spread evenly to 9,982: 2 to 1,999, then
  // 2,000 (2,502 rounded); 5,000 (4,662); 10,000 (7,502) is above every count: no class.
  const spread = [...Array(500).fill(1), ...Array.from({ length: 500 }, (_, i) => 2 + i * 20)];
  assert.deepEqual(classBreaks(spread), [1, 2, 2000, 5000]);
});

test("few distinct counts give few classes; one count one class; none none", () => {
  assert.deepEqual(classBreaks([0, 0, 0]), []);
  assert.deepEqual(classBreaks([]), []);
  assert.deepEqual(classBreaks([1, 1, 1, 0]), [1]);
  assert.deepEqual(classBreaks([7, 7, 7]), [1]);
  assert.deepEqual(classBreaks([3]), [1]);
  assert.deepEqual(classBreaks([1, 1, 2, 2, 2, 0]), [1, 2]);
  assert.deepEqual(classBreaks([1, 2, 3, 1, 2, 3, 1, 2, 3]), [1, 2]);
  assert.deepEqual(classBreaks([5, 5, 5, 50, 50, 50]), [1, 10]);
  assertPartition(classBreaks([5, 5, 5, 50, 50, 50]), 50);
  assert.deepEqual(classBreaks([1, 1000]), [1, 2]);
});

test("classOf at the classes' boundaries", () => {
  const breaks = [1, 5, 20, 100, 500];
  assert.deepEqual([0, 1, 4, 5, 19, 20, 99, 100, 499, 500, 1e6].map((c) => classOf(c, breaks)),
                   [-1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  assert.equal(classOf(3, []), -1);
  assert.equal(classOf(3, [1]), 0);
});

test("layerBreaks are the breaks of every tile's cells together", () => {
  const { world, codes } = randomPoints(4, 20000, SONGJIANG_BOX);
  const zoom = 11, buckets = bucketsAt(world, zoom, TILE);
  for (const chosen of [-1, 2]) {
    /** @type {number[]} */
    const all = [];
    for (const [key, indices] of buckets) {
      const [tileX, tileY] = tileOf(key);
      all.push(...tileCellCounts(world, indices, zoom, TILE, tileX, tileY, codes, chosen));
    }
    assert.deepEqual(layerBreaks(world, buckets, zoom, TILE, codes, chosen), classBreaks(all));
  }
  assert.deepEqual(layerBreaks(world, new Map(), zoom, TILE, null, -1), []);
});

test("class colours: five from light to dark, or a spread subset", () => {
  assert.equal(DENSITY_COLOURS.length, 5);
  assert.deepEqual(classColours(5), DENSITY_COLOURS);
  const [a, b, c, d, e] = DENSITY_COLOURS;
  assert.deepEqual(classColours(3), [a, c, e]);
  assert.deepEqual(classColours(2), [a, e]);
  assert.deepEqual(classColours(4), [a, b, d, e]);
  assert.deepEqual(classColours(1), [c]);
  assert.deepEqual(classColours(0), []);
  /** @param {string} hex */
  const lightness = (hex) => [1, 3, 5].reduce((sum, at) => sum + parseInt(hex.slice(at, at + 2), 16), 0);
  DENSITY_COLOURS.slice(1).forEach((colour, k) => {
    assert.ok(lightness(colour) < lightness(DENSITY_COLOURS[k]), "darker for more points");
  });
});

test("cellAt finds the cell a point's pixel is counted in, and its square", () => {
  const next = random(5);
  for (let trial = 0; trial < 200; trial++) {
    const zoom = 3 + trial % 12, world = TILE * Math.pow(2, zoom);
    const px = next() * world, py = next() * world;
    const cell = cellAt(zoom, TILE, px, py);
    assert.equal(cell.zoom, zoom);
    assert.ok(cell.left <= px && px < cell.right && cell.top <= py && py < cell.bottom);
    assert.equal(cell.right - cell.left, CELL_PIXELS);
    assert.equal(cell.left, cell.tileX * TILE + cell.column * CELL_PIXELS);
    assert.equal(cell.top, cell.tileY * TILE + cell.row * CELL_PIXELS);
    assert.equal(cell.index, cell.row * SIDE + cell.column);
    const points = { x: Float64Array.of(px / world), y: Float64Array.of(py / world) };
    const counts = tileCellCounts(points, [0], zoom, TILE, cell.tileX, cell.tileY);
    assert.equal(counts[cell.index], 1);
    // Back again: the cell's centre is in the same cell.
    const centre = cellAt(zoom, TILE, (cell.left + cell.right) / 2, (cell.top + cell.bottom) / 2);
    assert.deepEqual(centre, cell);
  }
});

test("a cell's counts by category add up to its count, the most first", () => {
  const { world, codes } = randomPoints(6, 6000, SONGJIANG_BOX);
  const zoom = 10, buckets = bucketsAt(world, zoom, TILE);
  let cellsSeen = 0;
  for (const [key, indices] of buckets) {
    const [tileX, tileY] = tileOf(key);
    const counts = tileCellCounts(world, indices, zoom, TILE, tileX, tileY);
    counts.forEach((count, index) => {
      if (index % 7 !== 0) { return; } // enough cells, some of them empty
      const column = index % SIDE, row = Math.floor(index / SIDE);
      const cell = cellAt(zoom, TILE, tileX * TILE + column * CELL_PIXELS + 8, tileY * TILE + row * CELL_PIXELS + 8);
      const found = cellCategoryCounts(world, indices, zoom, TILE, cell, codes, 4);
      assert.equal(found.total, count);
      assert.equal(found.rows.reduce((sum, r) => sum + r.count, 0), count);
      found.rows.forEach((r, k) => {
        assert.ok(r.count > 0);
        if (k > 0) {
          const before = found.rows[k - 1];
          assert.ok(before.count > r.count || (before.count === r.count && before.code < r.code));
        }
      });
      const noCategories = cellCategoryCounts(world, indices, zoom, TILE, cell, null, 0);
      assert.deepEqual(noCategories, { total: count, rows: [] });
      cellsSeen += count > 0 ? 1 : 0;
    });
  }
  assert.ok(cellsSeen > 20);
});

test("ties among a cell's categories go by code", () => {
  const zoom = 12;
  const points = pointsAtPixels(zoom, [[100, 100], [101, 101], [102, 102], [103, 103], [104, 104], [500, 500]]);
  const codes = Uint8Array.of(2, 0, 2, 0, 1, 1);
  const cell = cellAt(zoom, TILE, 100, 100);
  assert.deepEqual(cellCategoryCounts(points, [0, 1, 2, 3, 4, 5], zoom, TILE, cell, codes, 3),
                   { total: 5, rows: [{ code: 0, count: 2 }, { code: 2, count: 2 }, { code: 1, count: 1 }] });
});

test("a cell's width on the ground, at the equator and at 31 degrees", () => {
  // The equator over 256 px at zoom 0, a 16th of it a cell.
  assert.ok(Math.abs(cellWidthKm(0, 0, TILE) - 40075.016686 / 16) < 1e-9);
  // OpenStreetMap's wiki: 156,543.03 m a pixel at zoom 0 on the equator, times cos(lat).
  const metresPerPixel = 156543.03 * Math.cos(31 * Math.PI / 180) / Math.pow(2, 10);
  assert.ok(Math.abs(cellWidthKm(10, 31, TILE) - metresPerPixel * 16 / 1000) < 1e-4);
  assert.equal(Math.round(cellWidthKm(10, 31, TILE) * 100) / 100, 2.1);
  assert.equal(Math.round(cellWidthKm(11, 0, TILE) * 1000) / 1000, 1.223);
});

test("the point-weighted median tile count is the tile of the median point", () => {
  assert.equal(medianTileCount([1, 1, 1, 100]), 100);
  assert.equal(medianTileCount([10, 10, 10, 10, 5]), 10);
  assert.equal(medianTileCount([3]), 3);
  assert.equal(medianTileCount([]), 0);
  assert.deepEqual([4, 8, 9, 11, 12].map((zoom) => overplotLimit(zoom, TILE)), [2503, 2503, 1277, 1277, 625]);
});

test("a few hundred spread points draw dots at every zoom", () => {
  const { world } = randomPoints(7, 300, [29.0, 117.2, 32.2, 121.9]);
  for (let zoom = 0; zoom <= 18; zoom++) {
    assert.equal(overplotted(bucketsAt(world, zoom, TILE), zoom, TILE), false, `zoom ${zoom}`);
  }
});

test("a million points over the corridor draw the grid to zoom 11 and dots from zoom 12", () => {
  const { world } = randomPoints(8, 1000000, [29.0, 117.2, 32.2, 121.9]);
  for (const [zoom, crowded] of /** @type {[number, boolean][]} */ ([[7, true], [11, true], [12, false], [13, false]])) {
    assert.equal(overplotted(bucketsAt(world, zoom, TILE), zoom, TILE), crowded, `zoom ${zoom}`);
  }
});

test("drawCells fills each cell with points in its class's colour, and no empty cell", () => {
  /** @type {[string, number, number, number, number, number][]} */
  const calls = [];
  const ctx = {
    fillStyle: /** @type {string | CanvasGradient | CanvasPattern} */ (""),
    globalAlpha: 1,
    /** @param {number} x @param {number} y @param {number} w @param {number} h */
    fillRect(x, y, w, h) { calls.push([String(this.fillStyle), this.globalAlpha, x, y, w, h]); }
  };
  const counts = new Uint32Array(SIDE * SIDE);
  counts[0] = 1;
  counts[SIDE + 2] = 30; // row 1, column 2
  counts[SIDE * SIDE - 1] = 4;
  const breaks = [1, 5, 20], colours = classColours(3);
  drawCells(ctx, counts, breaks, colours, SIDE);
  const A = DENSITY_ALPHA, C = CELL_PIXELS;
  assert.deepEqual(calls.sort(), [
    [colours[0], A, 0, 0, C, C],
    [colours[0], A, TILE - C, TILE - C, C, C],
    [colours[2], A, 2 * C, C, C, C],
  ].sort());
});

test("the legend's class labels: ranges, a class of one number, the last one open", () => {
  const words = {
    heading: "{layer}: points per cell", cell_size: "Cells about {km} km across", range: "{from}–{to}",
    range_one: "{from}", above: "{from} or more", choose: "Count", all: "All categories",
    cell: "{count} points in this cell", cell_one: "{count} point in this cell",
    category_count: "{category}: {count}", zoom_in: "Zoom in to see the points"
  };
  assert.deepEqual(classLabels(words, "en", [1, 2, 5, 20, 1000]),
                   ["1", "2–4", "5–19", "20–999", "1,000 or more"]);
  assert.deepEqual(classLabels(words, "en", [1]), ["1 or more"]);
  assert.deepEqual(classLabels(words, "en", []), []);
});
