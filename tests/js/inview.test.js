// @ts-check
// The "points in view" list's pure parts: which points are in view, and what the list says.
import assert from "node:assert/strict";
import { test } from "node:test";

import { countText, fill, pointName, pointsInView } from "../../mapgen/web/runtime/inview.js";

/** @type {import("../../mapgen/web/runtime/payloads.js").PointListPayload} */
const WORDS = {
  button: "Points in view",
  count_one: "1 point in view",
  count: "{count} points in view",
  some: "{shown} of {count} points in view, nearest to the centre first",
  none: "No points in view: zoom out or move the map",
  point: "{layer}, point {number}",
  limit: 50,
  locale: "en"
};

test("fill replaces each placeholder once and never reads a value as one", () => {
  assert.equal(fill("{a} and {b}", { a: "{b}", b: "$&" }), "{b} and $&");
  assert.equal(fill("{missing} stays", {}), "{missing} stays");
  assert.equal(fill("{n}", { n: 3 }), "3");
});

test("points in view are those inside the box, nearest to its centre first, at most the limit", () => {
  const lat = [0, 1, -1, 0.5, 5, 0.1], lon = [0, 1, -1, 0.5, 5, -0.1];
  const box = { south: -2, west: -2, north: 2, east: 2 };
  const all = pointsInView(lat, lon, box, 10);
  assert.equal(all.count, 5);
  assert.deepEqual(all.nearest.map((n) => n.index), [0, 5, 3, 1, 2]);
  const two = pointsInView(lat, lon, box, 2);
  assert.equal(two.count, 5);
  assert.deepEqual(two.nearest.map((n) => n.index), [0, 5]);
  assert.equal(pointsInView(lat, lon, { south: 10, west: 10, north: 11, east: 11 }, 5).count, 0);
});

test("the count says none, one, all or the first few, with the locale's digits", () => {
  assert.equal(countText(WORDS, 0, 0), "No points in view: zoom out or move the map");
  assert.equal(countText(WORDS, 1, 1), "1 point in view");
  assert.equal(countText(WORDS, 12, 12), "12 points in view");
  assert.equal(countText(WORDS, 1234, 50), "50 of 1,234 points in view, nearest to the centre first");
});

test("a point without a label is named by its layer and number", () => {
  assert.equal(pointName(WORDS, "Songjiang Chip Co.", "Enterprises", 0), "Songjiang Chip Co.");
  assert.equal(pointName(WORDS, "  ", "Enterprises {count}", 1233), "Enterprises {count}, point 1,234");
});
