// @ts-check
// Decoding a point layer's columns, as mapgen's point_layer_json encodes them.
import assert from "node:assert/strict";
import { test } from "node:test";

import { columnReader, decodeCoordinates, safeLink } from "../../mapgen/web/runtime/columns.js";

test("a plain column gives each point its own value", () => {
  const read = columnReader({ name: "name", values: ["Alpha", "", "Gamma"] });
  assert.deepEqual([0, 1, 2].map(read), ["Alpha", "", "Gamma"]);
});

test("a coded column gives each point the dictionary entry of its code", () => {
  const read = columnReader({ name: "district", dict: ["Jiading", "Songjiang"],
                              codes: [1, 0, 1, 1] });
  assert.deepEqual([0, 1, 2, 3].map(read), ["Songjiang", "Jiading", "Songjiang", "Songjiang"]);
});

test("the category column (coded, with colours) reads like any coded column", () => {
  const read = columnReader({ name: "category", dict: ["", "AI"], codes: [1, 0],
                              colours: ["#888888", "#0072B2"], draw_order: [0, 1] });
  assert.deepEqual([0, 1].map(read), ["AI", ""]);
});

test("coordinates come back in degrees from integers of 1/scale degrees", () => {
  const degrees = decodeCoordinates([12122751, 3103224, -50], 100000);
  assert.ok(degrees instanceof Float64Array);
  assert.deepEqual(Array.from(degrees), [121.22751, 31.03224, -0.0005]);
});

test("safeLink accepts http and https links, normalised", () => {
  assert.equal(safeLink("https://example.com/a?b=1"), "https://example.com/a?b=1");
  assert.equal(safeLink("http://example.com"), "http://example.com/");
  assert.equal(safeLink("HTTPS://Example.COM/Path"), "https://example.com/Path");
});

test("safeLink refuses anything that is not a plain web link", () => {
  for (const text of [
    "javascript:window.__pwned=1",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.com/file",
    "/relative/path",
    "relative/path.html",
    "//example.com/protocol-relative",
    "example.com",
    "https://exa mple.com/",
    " https://example.com/",
    "https://example.com/\nnext line",
    "https://",
    "http://[not a host",
    "",
  ]) {
    assert.equal(safeLink(text), null, JSON.stringify(text));
  }
});
