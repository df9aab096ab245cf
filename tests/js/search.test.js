// @ts-check
// The search's pure parts: folding text, ranking matches, finding names among a million.
import assert from "node:assert/strict";
import { test } from "node:test";

import { matchRank, nameIndex, rowsNamed, searchable } from "../../mapgen/web/runtime/find.js";

test("queries and names are compared folded: case, full-width forms, spaces", () => {
  assert.equal(searchable("  ＨａｎｇＺｈｏｕ　Ｐａｒｋ "), "hangzhou park");
  assert.equal(searchable("杭州  市"), "杭州 市");
});

test("a name that is the query ranks first, then one starting with it, then one holding it", () => {
  assert.equal(matchRank("hangzhou 杭州市", "hangzhou"), 0);
  assert.equal(matchRank("hangzhou 杭州市", "hang"), 1);
  assert.equal(matchRank("shanghai 上海市", "hang"), 2);
  assert.equal(matchRank("hangzhou 杭州市", "杭州"), 2);
  assert.equal(matchRank("jiaxing 嘉兴市", "hang"), -1);
  assert.equal(matchRank("g60 science park songjiang", "park g60"), 2); // every word, any order
  assert.equal(matchRank("anything", ""), -1);
});

test("rows are found by any part of their name, one result a row, in row order", () => {
  const names = ["Alpha Labs", "", "海克斯康 Hexagon", "alpha beta ALPHA", "Gamma\nAlpha"];
  const index = nameIndex((row) => names[row], names.length);
  assert.deepEqual(rowsNamed(index, "alpha", 10), [0, 3, 4]);
  assert.deepEqual(rowsNamed(index, "alpha", 2), [0, 3]);
  assert.deepEqual(rowsNamed(index, "海克斯", 10), [2]);
  assert.deepEqual(rowsNamed(index, "labs alpha", 10), []); // across two names: no
  assert.deepEqual(rowsNamed(index, "zzz", 10), []);
});

test("a million names are indexed once and searched without a loop over the rows", () => {
  const count = 1_000_000;
  const index = nameIndex((row) => "Enterprise " + row, count);
  assert.deepEqual(rowsNamed(index, "enterprise 99999", 5), [99999, 999990, 999991, 999992, 999993]);
  assert.deepEqual(rowsNamed(index, "enterprise 999999", 5), [999999]);
});
