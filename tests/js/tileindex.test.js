// @ts-check
// The point layer's tile index: which tiles draw a point, and which point is under a pixel.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  HIT_SLOP, bucketsAt, pointAt, pointRadius, projectToWorld, tileKey
} from "../../mapgen/web/runtime/tileindex.js";

const TILE = 256;

/**
 * The tile that holds a position, by the slippy-map formula of OpenStreetMap's wiki (a
 * different expression of Web Mercator than projectToWorld's).
 * @param {number} lat
 * @param {number} lon
 * @param {number} zoom
 * @returns {string}
 */
function osmTile(lat, lon, zoom) {
  const n = Math.pow(2, zoom), rad = lat * Math.PI / 180;
  const x = Math.floor((lon + 180) / 360 * n);
  const y = Math.floor((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2 * n);
  return tileKey(x, y);
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
 * The tiles whose bucket holds point i.
 * @param {Map<string, number[]>} buckets
 * @param {number} i
 * @returns {string[]}
 */
function tilesOf(buckets, i) {
  return [...buckets].filter(([, indices]) => indices.includes(i)).map(([key]) => key).sort();
}

// Songjiang, Hangzhou, Hefei, and a point at 0, 0 (a corner of four tiles from zoom 1 on).
const LAT = [31.0322, 30.2741, 31.8206, 0];
const LON = [121.2275, 120.1551, 117.2272, 0];

test("projectToWorld is Web Mercator in 0..1", () => {
  const world = projectToWorld([0, 85.0511287798, -85.0511287798], [0, -180, 180]);
  assert.deepEqual(Array.from(world.x), [0.5, 0, 1]);
  assert.equal(world.y[0], 0.5);
  assert.ok(Math.abs(world.y[1]) < 1e-9 && Math.abs(world.y[2] - 1) < 1e-9);
});

test("each point is in the tile the slippy-map formula gives, at several zooms", () => {
  const world = projectToWorld(LAT, LON);
  for (const zoom of [3, 8, 10, 14]) {
    const buckets = bucketsAt(world, zoom, TILE);
    for (let i = 0; i < 3; i++) {
      const tile = osmTile(LAT[i], LON[i], zoom);
      assert.ok(buckets.get(tile)?.includes(i), `point ${i} at zoom ${zoom} in ${tile}`);
    }
  }
});

test("a point far from its tile's edges is in that tile only", () => {
  const zoom = 10;
  const points = pointsAtPixels(zoom, [[5 * TILE + 128, 7 * TILE + 100]]);
  assert.deepEqual(tilesOf(bucketsAt(points, zoom, TILE), 0), ["5:7"]);
});

test("a dot that reaches over a tile's edge is in both tiles", () => {
  const zoom = 10; // dots of 3.5 px: a dot reaches 4.5 px with its outline
  const points = pointsAtPixels(zoom, [
    [5 * TILE + 1.5, 7 * TILE + 100], // just right of the edge between x = 4 and 5
    [5 * TILE + 100, 8 * TILE - 2], // just above the edge between y = 7 and 8
    [5 * TILE + 2, 7 * TILE + 2], // near a corner: four tiles
    [5 * TILE + 4.6, 7 * TILE + 100], // just too far from the edge to reach over it
  ]);
  const buckets = bucketsAt(points, zoom, TILE);
  assert.deepEqual(tilesOf(buckets, 0), ["4:7", "5:7"]);
  assert.deepEqual(tilesOf(buckets, 1), ["5:7", "5:8"]);
  assert.deepEqual(tilesOf(buckets, 2), ["4:6", "4:7", "5:6", "5:7"]);
  assert.deepEqual(tilesOf(buckets, 3), ["5:7"]);
});

test("the point at 0, 0 lies on the corner of four tiles from zoom 1 on", () => {
  const world = projectToWorld(LAT, LON);
  assert.deepEqual(tilesOf(bucketsAt(world, 0, TILE), 3), ["0:0"]);
  assert.deepEqual(tilesOf(bucketsAt(world, 1, TILE), 3), ["0:0", "0:1", "1:0", "1:1"]);
});

test("dots grow with the zoom", () => {
  assert.deepEqual([4, 8, 9, 11, 12, 18].map(pointRadius), [2.5, 2.5, 3.5, 3.5, 5, 5]);
});

test("pointAt finds the nearest point within the dot's radius plus the slop, else -1", () => {
  const zoom = 12, reach = pointRadius(zoom) + HIT_SLOP; // 8 px
  const points = pointsAtPixels(zoom, [[1000, 1000], [1004, 1000], [3000, 3000]]);
  const buckets = bucketsAt(points, zoom, TILE);
  /** @param {number} x @param {number} y */
  const at = (x, y) => pointAt(points, buckets, zoom, TILE, x, y);
  assert.equal(at(1000, 1000), 0);
  assert.equal(at(1001, 1001), 0);
  assert.equal(at(1003, 1000), 1); // 1 px from the second point, 3 px from the first
  assert.equal(at(1004 + reach, 1000), 1); // exactly at the reach still counts
  assert.equal(at(1004 + reach + 0.01, 1000), -1);
  assert.equal(at(1000, 1000 + reach + 0.5), -1);
  assert.equal(at(3000, 3000), 2);
  assert.equal(at(2000, 2000), -1); // a tile with no points at all
});

test("pointAt finds a point of the neighbouring tile whose dot reaches over the edge", () => {
  const zoom = 12;
  const points = pointsAtPixels(zoom, [[TILE - 1, 100]]); // tile 0:0, 1 px from tile 1:0
  const buckets = bucketsAt(points, zoom, TILE);
  assert.equal(pointAt(points, buckets, zoom, TILE, TILE + 2, 100), 0);
});

test("of points at the same spot, pointAt finds the last one, which is drawn on top", () => {
  const zoom = 12;
  const points = pointsAtPixels(zoom, [[500, 500], [500, 500], [500, 500]]);
  assert.equal(pointAt(points, bucketsAt(points, zoom, TILE), zoom, TILE, 501, 500), 2);
});
