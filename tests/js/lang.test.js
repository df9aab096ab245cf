// @ts-check
// The language's pure parts: picking one edition of a payload, and the URL hash.
import assert from "node:assert/strict";
import { test } from "node:test";

import { hashLang, localize, pick, withHashLang } from "../../mapgen/web/runtime/lang.js";
import { roundDistance } from "../../mapgen/web/runtime/controls.js";

test("pick takes one language's edition wherever the two differ", () => {
  const data = {
    heading: { g60_text: { en: "Legend", zh: "图例" } },
    entries: [{ label: { g60_text: { en: "Member city", zh: "成员城市" } }, colour: "#0072B2" }],
    lines: { g60_text: { en: ["a"], zh: ["甲", "乙"] } }
  };
  assert.deepEqual(pick(data, "zh"), {
    heading: "图例", entries: [{ label: "成员城市", colour: "#0072B2" }], lines: ["甲", "乙"]
  });
  assert.deepEqual(pick(data, "en"), {
    heading: "Legend", entries: [{ label: "Member city", colour: "#0072B2" }], lines: ["a"]
  });
});

test("pick shares what has no choice in it: a million points are not copied", () => {
  const lon = [12000000, 12000005], columns = [{ name: "name", values: ["A", "B"] }];
  const data = { lon: lon, columns: columns, name: { g60_text: { en: "Sites", zh: "地点" } } };
  const zh = /** @type {typeof data} */ (pick(data, "zh"));
  assert.equal(zh.lon, lon);
  assert.equal(zh.columns, columns);
  const plain = { a: [1, 2], b: "x" };
  assert.equal(pick(plain, "en"), plain);
});

test("a value of the data that merely looks like a choice is only one when it is alone", () => {
  const data = { g60_text: { en: "x", zh: "y" }, other: 1 };
  assert.deepEqual(pick(data, "zh"), data);
});

test("localize gives the payload's type back", () => {
  /** @type {import("../../mapgen/web/runtime/payloads.js").Bilingual<{heading: string}>} */
  const data = /** @type {any} */ ({ heading: { g60_text: { en: "Legend", zh: "图例" } } });
  assert.equal(localize(data, "zh").heading, "图例");
});

test("the hash names the language among other keys, and only en or zh", () => {
  assert.equal(hashLang("#lang=zh"), "zh");
  assert.equal(hashLang("#zoom=9&lang=en&place=hangzhou"), "en");
  assert.equal(hashLang("lang=zh"), "zh");
  assert.equal(hashLang("#lang=fr"), null);
  assert.equal(hashLang("#lang=ZH"), null);
  assert.equal(hashLang(""), null);
  assert.equal(hashLang("#section-2"), null);
});

test("switching writes the language into the hash and keeps the other keys in order", () => {
  assert.equal(withHashLang("", "zh"), "#lang=zh");
  assert.equal(withHashLang("#zoom=9&lang=en&place=hangzhou", "zh"), "#zoom=9&lang=zh&place=hangzhou");
  assert.equal(withHashLang("#zoom=9", "en"), "#zoom=9&lang=en");
});

test("the scale bar shows round distances: 1, 2, 3 or 5 times a power of ten", () => {
  assert.deepEqual([0.7, 1, 2.5, 4, 9.9, 31, 78, 120, 4999, 60000].map(roundDistance),
                   [0.5, 1, 2, 3, 5, 30, 50, 100, 3000, 50000]);
});
