// @ts-check
/* Marker symbols and legend samples, as small inline SVG pictures. */

import { svgIcon, svgNode } from "./dom.js";

/** @typedef {import("./payloads.js").AreaStylePayload} AreaStylePayload */

/**
 * A marker symbol: an outline in a 20x20 box (its SVG path comes with the data, so the
 * shapes are chosen in Python) drawn at the given size. Distinct shapes mean colour is
 * never the only cue.
 * @param {string} path SVG path data in a 20x20 box
 * @param {string} colour
 * @param {number} size pixels
 * @returns {SVGSVGElement}
 */
export function symbol(path, colour, size) {
  const svg = svgIcon(20, 20, svgNode("path", {
    d: path, fill: colour, stroke: "#1a1a1a",
    "stroke-width": "1.3", "stroke-linejoin": "round"
  }));
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  return svg;
}

/**
 * An area's style as a small rectangle; fills are shown stronger than on the map, where
 * they are faint on purpose.
 * @param {AreaStylePayload} style
 * @returns {SVGSVGElement}
 */
export function areaSample(style) {
  return svgIcon(28, 14, svgNode("rect", {
    x: 2, y: 2, width: 24, height: 10,
    fill: style.fill ? style.fillColor : "none",
    "fill-opacity": Math.min(1, style.fillOpacity * 2.5),
    stroke: style.weight ? style.color : "none",
    "stroke-width": Math.max(1, style.weight),
    "stroke-dasharray": style.dashArray || null
  }));
}

/**
 * A point layer's dot.
 * @param {string} colour
 * @returns {SVGSVGElement}
 */
export function dotSample(colour) {
  return svgIcon(28, 12, svgNode("circle", {
    cx: 14, cy: 6, r: 4.5, fill: colour, "fill-opacity": 0.85, stroke: "#ffffff"
  }));
}

/**
 * An axis: a short line, dashed when the axis is.
 * @param {string} colour
 * @param {string | null | undefined} dash SVG dash array
 * @returns {SVGSVGElement}
 */
export function lineSample(colour, dash) {
  return svgIcon(28, 10, svgNode("line", {
    x1: 1, y1: 5, x2: 27, y2: 5, stroke: colour, "stroke-width": 4,
    "stroke-dasharray": dash || null
  }));
}
