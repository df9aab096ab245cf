// @ts-check
// The URL hash as the map's address: reading and writing its keys.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatView, hashParams, parseList, parseView, withParams } from "../../mapgen/web/runtime/hash.js";

test("keys are set and taken out, the others kept in their order, commas as they are", () => {
  assert.equal(withParams("#a=1&lang=en&b=2", { lang: "zh", b: null }), "#a=1&lang=zh");
  assert.equal(withParams("", { view: "31.0300,121.2200,9" }), "#view=31.0300,121.2200,9");
  assert.equal(withParams("#place=x", { place: null }), "");
  assert.equal(withParams("#layers=a%2Cb", {}), "#layers=a,b");
  assert.equal(withParams("", { place: "松江 & co" }), "#place=%E6%9D%BE%E6%B1%9F+%26+co");
  assert.equal(hashParams(withParams("", { place: "松江 & co" })).get("place"), "松江 & co");
});

test("a view is three numbers in range, or nothing", () => {
  assert.deepEqual(parseView("31.03,121.22,9"), { lat: 31.03, lon: 121.22, zoom: 9 });
  assert.deepEqual(parseView(formatView(30.274084, 120.15507, 11.5)), { lat: 30.2741, lon: 120.1551, zoom: 11.5 });
  for (const bad of [null, "", "31,121", "31,121,9,1", "91,121,9", "31,181,9", "31,121,30", "a,b,c",
                     "31,121,Infinity", "1e3,1,1", " 31,121,9"]) {
    assert.equal(parseView(bad), null, String(bad));
  }
});

test("a view keeps more digits when zoomed in far", () => {
  assert.equal(formatView(31.0322449, 121.227512, 9), "31.0322,121.2275,9");
  assert.equal(formatView(31.0322449, 121.227512, 16), "31.032245,121.227512,16");
});

test("a list of layers: each once, none empty; no key is no list", () => {
  assert.deepEqual(parseList("cities,,axis-g60,cities"), ["cities", "axis-g60"]);
  assert.deepEqual(parseList(""), []);
  assert.equal(parseList(null), null);
});

test("a date in the address is a first day, or nothing", async () => {
  const { asOfFrom, shownAsOf } = await import("../../mapgen/web/runtime/asof.js");
  assert.deepEqual(asOfFrom("2019"), { date: "2019-01-01", label: "2019" });
  assert.deepEqual(asOfFrom("2019-06"), { date: "2019-06-01", label: "2019-06" });
  assert.deepEqual(asOfFrom("2019-06-06"), { date: "2019-06-06", label: "2019-06-06" });
  for (const bad of [null, "", "19", "2019-6", "2019-06-06T00", "<b>", "2019-06-06-01"]) {
    assert.equal(asOfFrom(bad), null, String(bad));
  }
  const june = { date: "2019-06-06", label: "" };
  assert.equal(shownAsOf("2019-06-06", june), true);
  assert.equal(shownAsOf("2019-06-07", june), false);
  assert.equal(shownAsOf(null, june), true);
  assert.equal(shownAsOf("2030-01-01", null), true);
});
