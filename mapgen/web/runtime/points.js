// @ts-check
/* Point layers: tens of thousands of points (a spreadsheet of sites) on canvas tiles.
 *
 * The points live in typed arrays (see tileindex.js), not in a Leaflet object each. The
 * tiles' pane lets clicks through, so the areas below keep their tooltips; clicks and
 * hovers on the map are matched to points here instead.
 */

import { columnReader, decodeCoordinates, safeLink } from "./columns.js";
import { el, marked } from "./dom.js";
import { localize, mapLang, onLanguage } from "./lang.js";
import { listPointLayer, unlistPointLayer } from "./pointlist.js";
import { POPUP_OPTIONS, keyboardPopup } from "./popups.js";
import { bucketsAt, pointAt, pointRadius, projectToWorld, tileKey } from "./tileindex.js";

/**
 * @typedef {import("./payloads.js").PointLayerPayload} PointLayerPayload
 * @typedef {import("./payloads.js").CategoryColumnPayload} CategoryColumnPayload
 * @typedef {import("./payloads.js").PointColumnPayload} PointColumnPayload
 * @typedef {import("./tileindex.js").TileBuckets} TileBuckets
 * @typedef {import("./tileindex.js").WorldPoints} WorldPoints
 * @typedef {(latlng: L.LatLng) => L.LatLng} Move
 */

// Above the areas and lines, below the city and site markers.
const POINT_PANE = "g60Points";
// Clicks on these are theirs, not a point's, even with a point below.
const NOT_ON_POINTS = ".leaflet-marker-icon, .leaflet-popup, .leaflet-control, .leaflet-tooltip";

/**
 * The index of a point's district when its row was placed by its address, else -1.
 * @param {PointLayerPayload} data
 * @param {number} index
 * @returns {number}
 */
function placedIn(data, index) {
  return data.placed ? data.placed[index] : -1;
}

/**
 * A point's popup: its label as the title, then every other non-empty column, then the
 * district it was placed in when its row had an address and no coordinates.
 * @param {PointLayerPayload} data
 * @param {((index: number) => string)[]} readers one per column
 * @param {number} index
 * @returns {HTMLElement}
 */
function pointPopup(data, readers, index) {
  const root = el("div", "g60-popup g60-point-popup");
  const title = data.label !== null ? readers[data.label](index) : "";
  root.appendChild(el("h3", "g60-popup-title", title || data.name));
  const list = el("dl", "g60-point-fields");
  data.columns.forEach(function (column, c) {
    const text = readers[c](index);
    if (c === data.label || text === "") { return; }
    list.appendChild(el("dt", "", column.name));
    const value = el("dd", "");
    const href = c === data.link ? safeLink(text) : null;
    if (href) {
      const link = el("a", "", text);
      link.setAttribute("href", href);
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
      value.appendChild(link);
    } else {
      value.textContent = text;
    }
    list.appendChild(value);
  });
  root.appendChild(list);
  const placed = placedIn(data, index);
  if (placed >= 0 && data.placed_lines) {
    root.appendChild(marked("p", "g60-location g60-approximate", data.placed_lines[placed]));
  }
  root.appendChild(marked("p", "g60-source", data.source_line));
  return root;
}

/**
 * @param {PointColumnPayload} column
 * @returns {column is CategoryColumnPayload}
 */
function isCategoryColumn(column) {
  return "colours" in column && "draw_order" in column;
}

/**
 * The column that colours the points, or null when they all take the layer's colour.
 * @param {PointLayerPayload} data
 * @returns {CategoryColumnPayload | null}
 */
function categoryColumn(data) {
  const column = data.category !== null ? data.columns[data.category] : null;
  return column && isCategoryColumn(column) ? column : null;
}

/**
 * Whether the mouse button comes up at the end of a drag of the map: not a click.
 * @param {L.Map} map
 * @returns {boolean}
 */
function justDragged(map) {
  // Leaflet's drag handler has moved(), which @types/leaflet does not declare.
  const dragging = /** @type {(L.Handler & {moved?: () => boolean}) | undefined} */ (map.dragging);
  return Boolean(dragging && dragging.moved && dragging.moved());
}

/** A point layer: a Leaflet GridLayer of canvas tiles. */
export class PointGridLayer extends L.GridLayer {
  /** @param {PointLayerPayload} data the layer in the map's language now */
  constructor(data) {
    super({ pane: POINT_PANE, updateWhenZooming: false, keepBuffer: 1,
            className: "g60-point-layer" });
    this.data = data;
    this.g60Id = data.id; // tests and benchmarks find the layer by it
    this.readers = data.columns.map(columnReader);
    const category = categoryColumn(data);
    this.palette = category ? category.colours : [data.colour];
    this.drawOrder = category ? category.draw_order : [0];
    /** @type {ArrayLike<number>} each point's colour code */
    this.colourOf = category ? category.codes : new Uint8Array(data.count);
    this.wgsLat = decodeCoordinates(data.lat, data.scale);
    this.wgsLon = decodeCoordinates(data.lon, data.scale);
    // Where the points are drawn: WGS-84, or moved by the datum shift (g60Move).
    this.lat = this.wgsLat;
    this.lon = this.wgsLon;
    this.world = projectToWorld(this.lat, this.lon);
    /** @type {Map<number, TileBuckets>} by zoom, made when a zoom is first drawn */
    this.buckets = new Map();
    this.hoverPending = false;
    /** @type {{index: number, popup: L.Popup} | null} the popup open, made again in another language */
    this.open = null;
    /** @type {L.Circle | null} how approximate the open point is, when placed by its address */
    this.openCircle = null;
    /** @param {Event} event */
    this._g60Click = (event) => this.mapClicked(event);
    /** @param {Event} event */
    this._g60Hover = (event) => this.mapHovered(event);
    // For tests and benchmarks: every visible tile of this layer has been drawn.
    this.on("load", () => {
      if (this._map) { this._map.getContainer().setAttribute("data-points-drawn", data.id); }
    });
  }

  /**
   * @param {number} zoom
   * @param {number} tileSize
   * @returns {TileBuckets}
   */
  tileBuckets(zoom, tileSize) {
    let buckets = this.buckets.get(zoom);
    if (!buckets) {
      buckets = bucketsAt(this.world, zoom, tileSize);
      this.buckets.set(zoom, buckets);
    }
    return buckets;
  }

  /**
   * Leaflet asks for each tile it shows: a canvas with the tile's dots.
   * @param {L.Coords} coords
   * @returns {HTMLCanvasElement}
   */
  createTile(coords) {
    const size = this.getTileSize(), ratio = window.devicePixelRatio || 1;
    const tile = el("canvas", "g60-point-tile");
    tile.width = size.x * ratio; // sharp on high-density screens
    tile.height = size.y * ratio;
    const indices = this.tileBuckets(coords.z, size.x).get(tileKey(coords.x, coords.y));
    const ctx = indices ? tile.getContext("2d") : null;
    if (indices && ctx) {
      ctx.scale(ratio, ratio);
      this.drawDots(ctx, indices, coords, size);
    }
    return tile;
  }

  /**
   * The dots of a tile, one colour at a time in the category's draw order (one path per
   * colour is much faster than a path per dot).
   * @param {CanvasRenderingContext2D} ctx
   * @param {number[]} indices the tile's points
   * @param {L.Coords} coords the tile
   * @param {L.Point} size the tile's size
   */
  drawDots(ctx, indices, coords, size) {
    const world = size.x * Math.pow(2, coords.z), r = pointRadius(coords.z);
    const left = coords.x * size.x, top = coords.y * size.y;
    ctx.globalAlpha = 0.85;
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#ffffff";
    for (const code of this.drawOrder) {
      ctx.beginPath();
      for (const i of indices) {
        if (this.colourOf[i] !== code) { continue; }
        const x = this.world.x[i] * world - left, y = this.world.y[i] * world - top;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = this.palette[code];
      ctx.fill();
      if (r >= 3.5) { ctx.stroke(); } // an outline only where dots are big enough for one
    }
  }

  /**
   * The point under a pixel of the map's container, or -1.
   * @param {L.Point} containerPoint
   * @returns {number}
   */
  pointAt(containerPoint) {
    const map = this._map, zoom = map.getZoom(), size = this.getTileSize().x;
    const pixel = map.containerPointToLayerPoint(containerPoint).add(map.getPixelOrigin());
    // tileindex.js' pointAt (a method is no binding: this is not a recursive call).
    return pointAt(this.world, this.tileBuckets(zoom, size), zoom, size, pixel.x, pixel.y);
  }

  /**
   * Open a point's popup.
   * @param {number} index
   * @param {() => HTMLElement | null} [returnFocus] where the focus goes when the popup closes
   * @returns {L.Popup}
   */
  openPoint(index, returnFocus) {
    const popup = keyboardPopup(L.popup(POPUP_OPTIONS), this.data.popup_close, returnFocus);
    const open = { index: index, popup: popup };
    this.open = open;
    const circle = this.approximateCircle(index);
    popup.on("remove", () => {
      if (circle) { circle.remove(); }
      if (this.open === open) { this.open = null; this.openCircle = null; }
    });
    this.openCircle = circle;
    if (circle) { circle.addTo(this._map); }
    return popup.setLatLng([this.lat[index], this.lon[index]])
      .setContent(pointPopup(this.data, this.readers, index)).openOn(this._map);
  }

  /**
   * A dashed circle of the radius a point placed by its address is good to (its
   * district's size), as a place's approximate location shows; null for an exact point.
   * @param {number} index
   * @returns {L.Circle | null}
   */
  approximateCircle(index) {
    const placed = placedIn(this.data, index);
    const radius = placed >= 0 && this.data.placed_radius_m ? this.data.placed_radius_m[placed] : 0;
    if (!radius) { return null; }
    return L.circle([this.lat[index], this.lon[index]], {
      radius: radius, color: this.palette[this.colourOf[index]], weight: 1, opacity: 0.7,
      dashArray: "3 4", fillOpacity: 0.05, interactive: false
    });
  }

  /**
   * The layer's words in another language (its points stay): an open popup is made again.
   * @param {PointLayerPayload} data
   */
  setWords(data) {
    this.data = data;
    const open = this.open;
    if (open && open.popup.isOpen()) {
      open.popup.setContent(pointPopup(this.data, this.readers, open.index));
    }
  }

  /** @param {Event} event a click anywhere on the map */
  mapClicked(event) {
    const map = this._map;
    if (!map || !(event instanceof MouseEvent)) { return; }
    if (event.target instanceof Element && event.target.closest(NOT_ON_POINTS)) { return; }
    if (justDragged(map)) { return; }
    const index = this.pointAt(map.mouseEventToContainerPoint(event));
    if (index >= 0) { this.openPoint(index); }
  }

  /** @param {Event} event a mouse move over the map: a pointer cursor over a point */
  mapHovered(event) {
    if (this.hoverPending || !(event instanceof MouseEvent)) { return; }
    // At most one lookup a frame, however fast the mouse moves.
    this.hoverPending = true;
    window.requestAnimationFrame(() => {
      this.hoverPending = false;
      const map = this._map;
      if (!map) { return; }
      const over = this.pointAt(map.mouseEventToContainerPoint(event)) >= 0;
      map.getContainer().classList.toggle("g60-over-point", over);
    });
  }

  /** @param {L.Map} map */
  onAdd(map) {
    if (!map.getPane(POINT_PANE)) {
      // Clicks pass through the tiles (so areas keep their tooltips): mapClicked finds points.
      const pane = map.createPane(POINT_PANE);
      pane.style.zIndex = "450";
      pane.style.pointerEvents = "none";
    }
    super.onAdd(map);
    L.DomEvent.on(map.getContainer(), "click", this._g60Click);
    L.DomEvent.on(map.getContainer(), "mousemove", this._g60Hover);
    listPointLayer(map, this); // the keyboard's way to the points
    return this;
  }

  /** @param {L.Map} map */
  onRemove(map) {
    const container = map.getContainer();
    L.DomEvent.off(container, "click", this._g60Click);
    L.DomEvent.off(container, "mousemove", this._g60Hover);
    container.classList.remove("g60-over-point");
    unlistPointLayer(map, this);
    super.onRemove(map);
    return this;
  }

  /**
   * The datum shift (AMap): move every point from its WGS-84 position, then draw again.
   * @param {Move} move
   */
  g60Move(move) {
    const count = this.data.count;
    const lat = new Float64Array(count), lon = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const moved = move(L.latLng(this.wgsLat[i], this.wgsLon[i]));
      lat[i] = moved.lat;
      lon[i] = moved.lng;
    }
    this.lat = lat;
    this.lon = lon;
    this.world = projectToWorld(lat, lon);
    this.buckets.clear();
    const open = this.open;
    if (open && this.openCircle) { this.openCircle.setLatLng([lat[open.index], lon[open.index]]); }
    if (this._map) { this.redraw(); }
  }

  /** @returns {number} */
  pointCount() { return this.data.count; }
}

/**
 * A point layer, drawn on canvas tiles; a click on a point opens its popup.
 * @param {L.Map} map
 * @param {import("./payloads.js").Bilingual<PointLayerPayload>} payload
 * @returns {PointGridLayer}
 */
export function pointLayer(map, payload) {
  const layer = new PointGridLayer(localize(payload, mapLang(map)));
  onLanguage(map, function (lang) { layer.setWords(localize(payload, lang)); });
  return layer;
}
