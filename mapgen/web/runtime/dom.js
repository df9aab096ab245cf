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
 * A line of words around one piece of data, the data marked with its own language (a
 * note from geo/ in English on a Chinese page is read in English).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} className
 * @param {import("./payloads.js").MarkedTextPayload} line
 * @returns {HTMLElementTagNameMap[K]}
 */
export function marked(tag, className, line) {
  const node = el(tag, className);
  if (line.before) { node.appendChild(document.createTextNode(line.before)); }
  if (line.data) {
    const data = el("span", "g60-data", line.data);
    data.setAttribute("lang", line.lang);
    node.appendChild(data);
  }
  if (line.after) { node.appendChild(document.createTextNode(line.after)); }
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
 * A heading with both names, the reader's language first: English then Chinese, or
 * Chinese then English. Each name is marked with its language (read in its own voice).
 * @param {keyof HTMLElementTagNameMap} tag
 * @param {string} className
 * @param {{name_en: string, name_zh?: string | null}} item
 * @param {"en" | "zh"} [lang] the reader's language
 * @returns {HTMLElement}
 */
export function names(tag, className, item, lang) {
  const heading = el(tag, className);
  const en = el("span", "g60-name-en", item.name_en);
  en.setAttribute("lang", "en");
  if (!item.name_zh) {
    heading.appendChild(en);
    return heading;
  }
  const zh = el("span", "g60-name-zh", item.name_zh);
  zh.setAttribute("lang", "zh-CN");
  const [first, second] = lang === "zh" ? [zh, en] : [en, zh];
  second.classList.add("g60-name-second");
  heading.appendChild(first);
  heading.appendChild(second);
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
