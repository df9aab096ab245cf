// @ts-check
// Unpacking a point layer's packed buffer, checked against what the real encoder
// (mapgen/web/points.py's Packer and point_data_json) writes, and against hand-made bytes.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { deflateSync } from "node:zlib";

import { columnReader, unpackLayer } from "../../mapgen/web/runtime/columns.js";
import {
  base64Bytes, unpackChunks, unpackCodes, unpackDegrees, unpackInts, unpackText
} from "../../mapgen/web/runtime/packed.js";

/**
 * @typedef {import("../../mapgen/web/runtime/payloads.js").PackedIntsPayload} PackedIntsPayload
 * @typedef {import("../../mapgen/web/runtime/payloads.js").PackedTextPayload} PackedTextPayload
 * @typedef {import("../../mapgen/web/runtime/payloads.js").PointLayerPayload} PointLayerPayload
 * @typedef {{name: string, chunks: string[], size: number, count: number}} Packed
 * @typedef {Packed & {ref: PackedIntsPayload, expected: number[]}} IntsCase
 * @typedef {Packed & {ref: PackedTextPayload, expected: string[]}} TextCase
 * @typedef {{
 *   ints: IntsCase[],
 *   texts: TextCase[],
 *   chunked: Packed & {ref: PackedIntsPayload, expected: number[], text: PackedTextPayload,
 *                      texts: string[]},
 *   layer: {data: PointLayerPayload, expected: {lat: number[], lon: number[],
 *           columns: string[][], placed: number[]}}
 * }} Fixtures
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// Made by the real encoder each run (the venv's Python, from the repository's root).
const GENERATE = String.raw`
import json
import numpy as np
import mapgen.web.points as points
from mapgen.web.points import Packer, point_data_json, unpack_ints
from mapgen.model import PointLayer, DistrictPlacement
from mapgen.read.columns import TextColumn

def packed(packer):
    chunks, size = packer.packed()
    return {"chunks": chunks, "size": size}

out = {"ints": [], "texts": []}
rng = np.random.default_rng(1)
int_cases = [
    ("width 1", np.array([3, 4, 250, 3]), False),
    ("width 2", np.array([3, 300]), False),
    ("width 4", np.array([0, 70000, 5, 4_000_000_000]), False),
    ("negative base", np.array([-18_000_000, -17_999_000, -17_000_000]), False),
    ("delta, width 1", np.array([1000, 1100, 1101, 1102, 1103]), True),
    ("delta, negative steps", np.array([12122751, 12122740, 12122700, 12122760, 12122755, 12122755]), True),
    ("delta, width 4 both ways", np.repeat([-1_000_000_000, 1_000_000_000, -1_000_000_000], 40), True),
    ("width 4, from -180 to 180", np.array([-18_000_000, 18_000_000, -18_000_000, 17_999_999]), True),
    ("delta, random coordinates", np.sort(rng.integers(11_750_000, 12_180_000, 5000)), True),
    ("delta refused for random order", rng.integers(-9_000_000, 9_000_000, 3000), True),
    ("one value", np.array([-5]), True),
    ("empty", np.array([], dtype=np.int64), True),
]
for name, values, delta in int_cases:
    packer = Packer()
    packer.add(b"\x99" * 3)  # the column does not start the buffer
    ref = packer.ints(values.astype(np.int64), delta=delta)
    assert unpack_ints(packer.buffer(), ref, len(values)).tolist() == values.tolist()
    out["ints"].append({"name": name, **packed(packer), "ref": ref, "count": len(values),
                        "expected": values.tolist()})

text_cases = [
    ("front-coded, split inside a character",
     ["Enterprise 1", "Enterprise 2", "松江", "松汉", "", "松汉区", "😀 emoji", "😀😀", "😀😁", "", "\ufeffbom", "a"]),
    ("Chinese, emoji and empty", ["上海市松江区", "", "🚄 G60", "é", "", "𠀀𠀁", "x" * 300, "x" * 299 + "y"]),
    ("all empty", ["", "", ""]),
    ("none", []),
    ("a register", [f"Enterprise {i:05d} «{i % 7}»" for i in range(2000)]),
]
for name, texts in text_cases:
    packer = Packer()
    packer.add(b"\x00")
    ref = packer.text(TextColumn.of(tuple(texts)))
    out["texts"].append({"name": name, **packed(packer), "ref": ref, "count": len(texts),
                         "expected": texts})

# Many chunks, joined in order.
saved = points.PACK_CHUNK
points.PACK_CHUNK = 7
packer = Packer()
values = np.arange(100, dtype=np.int64) * 1000
ref = packer.ints(values)
texts = ["第%d个" % i for i in range(40)]
text = packer.text(TextColumn.of(tuple(texts)))
out["chunked"] = {**packed(packer), "ref": ref, "count": 100, "expected": values.tolist(),
                  "text": text, "texts": texts}
points.PACK_CHUNK = saved
assert len(out["chunked"]["chunks"]) > 5

# A whole layer: coordinates, a category, a coded and a plain column, points placed by address.
count = 500
lat = 30.5 + rng.random(count)
lon = 120.5 + rng.random(count) * 1.5
kinds = ["AI", "Biomedicine", "集成电路", ""]
category = [kinds[i % 4] if i % 11 else "Aerospace" for i in range(count)]
district = ["松江区" if i % 3 else "嘉定区" for i in range(count)]
names = [f"Enterprise {i} «松江»" if i % 5 else "" for i in range(count)]
placed_in = tuple(None if i % 4 else (310117 if i % 8 else 310114) for i in range(count))
layer = PointLayer(
    id="enterprises", path="enterprises.csv", name="Enterprises", name_zh=None, source=None,
    show=True, columns=("name", "category", "district"), label="name", category="category",
    link=None, lon=lon, lat=lat,
    values=(TextColumn.of(tuple(names)), TextColumn.of(tuple(category)), TextColumn.of(tuple(district))),
    placed_in=placed_in,
    placements=(DistrictPlacement(310117, "Songjiang District", "松江区", 13890),
                DistrictPlacement(310114, "Jiading District", "嘉定区", 12000)),
)
data = point_data_json(layer)
index_of = {310117: 1, 310114: 2}
out["layer"] = {
    "data": data,
    "expected": {
        "lat": (np.rint(lat * 100000) / 100000).tolist(),
        "lon": (np.rint(lon * 100000) / 100000).tolist(),
        "columns": [names, category, district],
        "placed": [0 if code is None else index_of[code] for code in placed_in],
    },
}
print(json.dumps(out, ensure_ascii=False))
`;

/** @type {Fixtures} */
const FIXTURES = JSON.parse(execFileSync(ROOT + ".venv/bin/python", ["-c", GENERATE], {
  cwd: ROOT, encoding: "utf-8", maxBuffer: 64 << 20
}));

/**
 * Base64 of a zlib stream of bytes, as the encoder writes a chunk.
 * @param {number[] | Uint8Array} bytes
 * @returns {string}
 */
function chunk(bytes) {
  return deflateSync(Uint8Array.from(bytes)).toString("base64");
}

/**
 * Unsigned integers of `width` bytes, byte-shuffled, as points.py's byte_planes.
 * @param {number[]} values
 * @param {number} width
 * @returns {number[]}
 */
function planes(values, width) {
  /** @type {number[]} */
  const bytes = [];
  for (let b = 0; b < width; b++) {
    for (const value of values) { bytes.push(Math.floor(value / Math.pow(256, b)) % 256); }
  }
  return bytes;
}

/**
 * @param {number} offset
 * @param {number} width
 * @param {number} base
 * @param {boolean} delta
 * @returns {PackedIntsPayload}
 */
function ref(offset, width, base, delta) {
  return { offset: offset, width: width, base: base, delta: delta };
}

test("the real encoder's integers come back, every width, with and without delta", async () => {
  assert.ok(FIXTURES.ints.length >= 10);
  for (const fixture of FIXTURES.ints) {
    const buffer = await unpackChunks(fixture.chunks, fixture.size);
    const values = unpackInts(buffer, fixture.ref, fixture.count);
    assert.ok(values instanceof Float64Array);
    assert.deepEqual(Array.from(values), fixture.expected, fixture.name);
  }
  const widths = new Set(FIXTURES.ints.map((f) => f.ref.width));
  assert.deepEqual([...widths].sort(), [1, 2, 4]);
  assert.ok(FIXTURES.ints.some((f) => f.ref.delta && f.ref.width === 4));
  assert.ok(FIXTURES.ints.some((f) => f.ref.base < 0));
});

test("the real encoder's texts come back: front-coded, Chinese, emoji, empty", async () => {
  for (const fixture of FIXTURES.texts) {
    const buffer = await unpackChunks(fixture.chunks, fixture.size);
    const texts = unpackText(buffer, fixture.ref, fixture.count);
    assert.equal(texts.count, fixture.count);
    const got = fixture.expected.map((_, i) => texts.text(i));
    assert.deepEqual(got, fixture.expected, fixture.name);
  }
  // A few texts are rebuilt one by one (a popup), in any order; then all at once (search):
  // both ways give the same texts.
  const register = FIXTURES.texts.find((fixture) => fixture.name === "a register");
  assert.ok(register);
  const column = unpackText(await unpackChunks(register.chunks, register.size), register.ref,
                            register.count);
  const order = [1999, 0, 64, 63, 65, 1000, 127, 128, 1];
  assert.deepEqual(order.map((i) => column.text(i)), order.map((i) => register.expected[i]));
  assert.deepEqual(register.expected.map((_, i) => column.text(i)), register.expected);
  // The first case shares a prefix that ends inside a character (松江 then 松汉: E6 B1 ..).
  const split = FIXTURES.texts[0];
  const buffer = await unpackChunks(split.chunks, split.size);
  assert.ok(Array.from(unpackInts(buffer, split.ref.prefix, split.count)).some((n) => n % 3 === 2));
});

test("chunks unpack concurrently and join in order", async () => {
  const fixture = FIXTURES.chunked;
  assert.ok(fixture.chunks.length > 5);
  const buffer = await unpackChunks(fixture.chunks, fixture.size);
  assert.equal(buffer.length, fixture.size);
  assert.deepEqual(Array.from(unpackInts(buffer, fixture.ref, fixture.count)), fixture.expected);
  const texts = unpackText(buffer, fixture.text, fixture.texts.length);
  assert.deepEqual(fixture.texts.map((_, i) => texts.text(i)), fixture.texts);
});

test("a whole layer unpacks: degrees, columns, codes and districts", async () => {
  const { data, expected } = FIXTURES.layer;
  assert.ok(Array.isArray(data.packed) && typeof data.packed_bytes === "number");
  const layer = await unpackLayer(data);
  assert.equal(layer.count, 500);
  assert.ok(layer.lat instanceof Float64Array && layer.lon instanceof Float64Array);
  assert.deepEqual(Array.from(layer.lat), expected.lat);
  assert.deepEqual(Array.from(layer.lon), expected.lon);
  data.columns.forEach(function (column, c) {
    const read = layer.readers[c];
    assert.deepEqual(expected.columns[c].map((_, i) => read(i)), expected.columns[c], column.name);
  });
  // Plain names; the category and the district coded, their codes kept for colours.
  assert.equal(layer.codes[0], null);
  const codes = layer.codes[1];
  assert.ok(codes instanceof Uint32Array);
  const category = data.columns[1];
  assert.ok("colours" in category);
  assert.deepEqual(Array.from(codes, (code) => category.dict[code]), expected.columns[1]);
  assert.ok(layer.placed instanceof Uint32Array);
  assert.deepEqual(Array.from(layer.placed), expected.placed);
  assert.equal(layer.readers[0](-1), "");
  assert.equal(layer.readers[0](500), "");
});

test("hand-made integers: widths, base, zigzag deltas both ways", async () => {
  // Two values of width 2 after a byte that is not theirs.
  const buffer = await unpackChunks([chunk([7, ...planes([1, 258], 2)])], 5);
  assert.deepEqual(Array.from(unpackInts(buffer, ref(1, 2, 10, false), 2)), [11, 268]);
  // Zigzag: 0 -> 0, 1 -> -1, 2 -> 1, 3 -> -2, 4 -> 2.
  const zig = Uint8Array.from([4, 1, 3, 0, 2]);
  assert.deepEqual(Array.from(unpackInts(zig, ref(0, 1, 100, true), 5)), [102, 101, 99, 99, 100]);
  // The largest zigzag numbers of width 4: 2^32 - 1 is -2^31, 2^32 - 2 is 2^31 - 1.
  const big = Uint8Array.from(planes([4294967294, 4294967295], 4));
  assert.deepEqual(Array.from(unpackInts(big, ref(0, 4, 0, true), 2)), [2147483647, -1]);
  assert.deepEqual(Array.from(unpackInts(big, ref(0, 4, -5, false), 2)), [4294967289, 4294967290]);
  // Coordinates: longitude -180..180 in 1e-5 degrees, degrees back exactly as divided.
  const lon = [-18000000, 18000000, 12122751];
  const zz = [-36000000 * 0 - 18000000, 36000000, 12122751 - 18000000]
    .map((d) => (d < 0 ? -2 * d - 1 : 2 * d));
  const coords = Uint8Array.from(planes(zz, 4));
  assert.deepEqual(Array.from(unpackDegrees(coords, ref(0, 4, 0, true), 3, 100000)),
                   lon.map((v) => v / 100000));
});

test("no points, and an empty column, unpack to nothing", async () => {
  const empty = await unpackChunks([chunk([])], 0);
  assert.equal(empty.length, 0);
  assert.equal(unpackInts(empty, ref(0, 1, 0, true), 0).length, 0);
  assert.equal(unpackText(empty, { prefix: ref(0, 1, 0, false), lengths: ref(0, 1, 0, false),
                                   offset: 0, bytes: 0 }, 0).count, 0);
  assert.equal((await unpackChunks([], 0)).length, 0);
  const read = columnReader({ name: "n", dict: [], codes: ref(0, 1, 0, false) }, empty, 0);
  assert.equal(read(0), "");
});

test("hand-made text: no prefix shared, empty strings, four-byte characters", () => {
  const texts = ["", "😀", "a😀b", "", "松江", "\u{20000}"];
  const encoded = texts.map((t) => Buffer.from(t, "utf-8"));
  const own = Buffer.concat(encoded);
  const lengths = encoded.map((b) => b.length);
  const buffer = Uint8Array.from([...planes(lengths.map(() => 0), 1), ...planes(lengths, 1), ...own]);
  const packed = { prefix: ref(0, 1, 0, false), lengths: ref(6, 1, 0, false), offset: 12,
                   bytes: own.length };
  const unpacked = unpackText(buffer, packed, 6);
  assert.deepEqual(texts.map((_, i) => unpacked.text(i)), texts);
});

test("damaged buffers are refused with a clear error", async () => {
  await assert.rejects(unpackChunks([chunk([1, 2, 3])], 4), /unpack to 3 bytes, not 4/);
  await assert.rejects(unpackChunks(["eJwr"], 1));
  const bytes = Uint8Array.from([0, 1, 2]);
  assert.throws(() => unpackInts(bytes, ref(0, 2, 0, false), 2), /outside the buffer/);
  assert.throws(() => unpackInts(bytes, ref(0, 3, 0, false), 1), /integers of 3 bytes/);
  assert.throws(() => unpackCodes(bytes, ref(0, 1, 0, false), 3, 2), /code 2 of point 2/);
  // A text that shares more bytes than the text before has.
  const shared = Uint8Array.from([0, 5, 1, 1, 97, 98]);
  assert.throws(() => unpackText(shared, { prefix: ref(0, 1, 0, false), lengths: ref(2, 1, 0, false),
                                           offset: 4, bytes: 2 }, 2), /shares 5 bytes/);
});

test("base64 decodes to the bytes it encodes", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(Array.from(base64Bytes(Buffer.from(bytes).toString("base64"))), Array.from(bytes));
  assert.equal(base64Bytes("").length, 0);
});
