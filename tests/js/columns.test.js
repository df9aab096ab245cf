// @ts-check
// Reading a point layer's columns out of its unpacked buffer, as point_data_json packs them
// (packed.test.js checks the packing itself against the real encoder).
import assert from "node:assert/strict";
import { test } from "node:test";

import { columnCodes, columnReader, safeLink } from "../../mapgen/web/runtime/columns.js";

/**
 * @param {number} offset
 * @returns {import("../../mapgen/web/runtime/payloads.js").PackedIntsPayload}
 */
function bytesAt(offset) {
  return { offset: offset, width: 1, base: 0, delta: false };
}

test("a plain column gives each point its own value", () => {
  // Lengths 5, 0, 5 from byte 6 (after three prefixes of 0 and three bytes not the column's).
  const text = new TextEncoder().encode("AlphaGamma");
  const buffer = Uint8Array.from([9, 9, 9, 0, 0, 0, 5, 0, 5, ...text]);
  const read = columnReader({ name: "name", text: { prefix: bytesAt(3), lengths: bytesAt(6),
                                                    offset: 9, bytes: text.length } }, buffer, 3);
  assert.deepEqual([0, 1, 2].map(read), ["Alpha", "", "Gamma"]);
});

test("a coded column gives each point the dictionary entry of its code", () => {
  const buffer = Uint8Array.from([1, 0, 1, 1]);
  const column = { name: "district", dict: ["Jiading", "Songjiang"], codes: bytesAt(0) };
  const read = columnReader(column, buffer, 4);
  assert.deepEqual([0, 1, 2, 3].map(read), ["Songjiang", "Jiading", "Songjiang", "Songjiang"]);
  assert.deepEqual(Array.from(/** @type {Uint32Array} */ (columnCodes(column, buffer, 4))), [1, 0, 1, 1]);
});

test("the category column (coded, with colours) reads like any coded column", () => {
  const buffer = Uint8Array.from([1, 0]);
  const read = columnReader({ name: "category", dict: ["", "AI"], codes: bytesAt(0),
                              colours: ["#888888", "#0072B2"], draw_order: [0, 1] }, buffer, 2);
  assert.deepEqual([0, 1].map(read), ["AI", ""]);
});

test("a code beyond the dictionary is refused, not read as undefined", () => {
  assert.throws(() => columnReader({ name: "c", dict: ["a"], codes: bytesAt(0) },
                                   Uint8Array.from([0, 1]), 2), /code 1 of point 1/);
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
