// @ts-check
/* Building DOM from data.
 *
 * Safety rule of the whole runtime: text that comes from data is only ever set with
 * textContent or setAttribute, never parsed as HTML. Leaflet gets DOM elements, not strings.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An HTML element with a class and text, e.g. el("p", "g60-popup-line", line).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className] none when empty
 * @param {string | number | null} [text] set as text, never parsed as HTML
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
}

/**
 * An SVG element with the given attributes, e.g. svgNode("rect", {x: 2, y: 2});
 * an attribute whose value is null is left out.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | null>} attributes
 * @returns {SVGElementTagNameMap[K]}
 */
export function svgNode(tag, attributes) {
  const node = /** @type {SVGElementTagNameMap[K]} */ (document.createElementNS(SVG_NS, tag));
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null) { node.setAttribute(name, String(value)); }
  }
  return node;
}

/**
 * A small decorative picture (legend samples, marker symbols), hidden from screen readers.
 * @param {number} width
 * @param {number} height
 * @param {SVGElement} child
 * @returns {SVGSVGElement}
 */
export function svgIcon(width, height, child) {
  const svg = svgNode("svg", { viewBox: "0 0 " + width + " " + height, width: width,
                               height: height, "aria-hidden": "true" });
  svg.appendChild(child);
  return svg;
}

/**
 * A heading with the English name and, when there is one, the Chinese name.
 * @param {keyof HTMLElementTagNameMap} tag
 * @param {string} className
 * @param {{name_en: string, name_zh?: string | null}} item
 * @returns {HTMLElement}
 */
export function names(tag, className, item) {
  const heading = el(tag, className);
  const en = el("span", "g60-name-en", item.name_en);
  en.setAttribute("lang", "en"); // read in English on a Chinese page too
  heading.appendChild(en);
  if (item.name_zh) {
    const zh = el("span", "g60-name-zh", item.name_zh);
    zh.setAttribute("lang", "zh-CN");
    heading.appendChild(zh);
  }
  return heading;
}

/**
 * A panel on the map whose clicks and scrolls stay in the panel (they would pan or zoom).
 * @param {L.Map} map
 * @param {L.ControlPosition} position
 * @param {() => HTMLElement} build makes the panel's box when the control is added
 * @returns {L.Control}
 */
export function control(map, position, build) {
  const ctl = new L.Control({ position: position });
  ctl.onAdd = function () {
    const box = build();
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  ctl.addTo(map);
  return ctl;
}
