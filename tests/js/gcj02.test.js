// @ts-check
// The WGS-84 -> GCJ-02 formula of the page (AMap's datum) against prcoords, the reference
// that mapgen's Python uses too.
import assert from "node:assert/strict";
import { test } from "node:test";

import { gcjFromWgs, insideChina } from "../../mapgen/web/runtime/gcj02.js";

// [place, WGS-84 lat, lon, GCJ-02 lat, lon], the GCJ-02 side computed with prcoords 1.0.2:
//   .venv/bin/python -W ignore -c "import prcoords; print(prcoords.wgs_gcj((31.0322, 121.2275)))"
// (printed with repr(), every digit kept).
/** @type {[string, number, number, number, number][]} */
const IN_CHINA = [
  ["Songjiang", 31.0322, 121.2275, 31.03008095514157, 121.2319170521184],
  ["Shanghai People's Square", 31.2304, 121.4737, 31.22845773757727, 121.47822305927693],
  ["Suzhou", 31.2989, 120.5853, 31.296715302602383, 120.58947742275512],
  ["Huzhou", 30.8943, 120.0868, 30.892255906374057, 120.0916711242238],
  ["Jiaxing", 30.7469, 120.7555, 30.744600399283378, 120.75981951385303],
  ["Hangzhou", 30.2741, 120.1551, 30.271771223200254, 120.15979447929637],
  ["Jinhua", 29.0789, 119.6474, 29.075923667202847, 119.65210491834227],
  ["Wuhu", 31.3526, 118.4331, 31.35074776719401, 118.43848104123576],
  ["Xuancheng", 30.9406, 118.7587, 30.938379946300287, 118.76382325174453],
  ["Hefei", 31.8206, 117.2272, 31.818600850034642, 117.23268229609491],
  ["Beijing", 39.9042, 116.4074, 39.90560334316507, 116.41364225378803],
  ["Urumqi", 43.8256, 87.6168, 43.82680539311119, 87.61964994946926],
  ["Haikou", 20.044, 110.1999, 20.041885974611123, 110.20419239478825],
  ["Harbin", 45.8038, 126.535, 45.80578152514843, 126.54104035015793],
  ["Lhasa", 29.6525, 91.1721, 29.649710609548677, 91.1735673822567],
  // prcoords' box around China includes its edges.
  ["box corner SW", 0.8293, 72.004, 0.8305627680116211, 72.00770910286256],
  ["box corner NE", 55.8271, 137.8347, 55.829618112159295, 137.84372854975533],
];

// Outside the box prcoords returns the point as it is (and warns).
/** @type {[string, number, number][]} */
const OUTSIDE_CHINA = [
  ["London", 51.5072, -0.1276],
  ["Tokyo", 35.6762, 139.6503],
  ["Sydney", -33.8688, 151.2093],
  ["just south of the box", 0.8292, 100.0],
  ["just east of the box", 30.0, 137.8348],
  ["null island", 0.0, 0.0],
];

const TOLERANCE = 1e-9; // degrees: about 0.1 mm

test("gcjFromWgs agrees with prcoords' wgs_gcj within 1e-9 degrees in China", () => {
  for (const [place, lat, lon, gcjLat, gcjLon] of IN_CHINA) {
    const [gotLat, gotLon] = gcjFromWgs(lat, lon);
    assert.ok(Math.abs(gotLat - gcjLat) <= TOLERANCE, `${place}: lat ${gotLat}, prcoords ${gcjLat}`);
    assert.ok(Math.abs(gotLon - gcjLon) <= TOLERANCE, `${place}: lon ${gotLon}, prcoords ${gcjLon}`);
  }
});

test("the shift is hundreds of metres in China, so the test above means something", () => {
  const [lat, lon] = gcjFromWgs(31.0322, 121.2275);
  assert.ok(Math.abs(lat - 31.0322) > 0.001 && Math.abs(lon - 121.2275) > 0.003);
});

test("gcjFromWgs leaves points outside China unchanged", () => {
  for (const [place, lat, lon] of OUTSIDE_CHINA) {
    assert.equal(insideChina(lat, lon), false, place);
    assert.deepEqual(gcjFromWgs(lat, lon), [lat, lon], place);
  }
});
