// @ts-check
/* Point layers: up to a million points (a spreadsheet of sites) on canvas tiles.
 *
 * The points come packed (columns.js, packed.js) and are unpacked after the page has
 * loaded: the layer is made at once (the layer control, the search and the list hold it),
 * draws empty tiles until its points are there, and `ready` settles then. The points live
 * in typed arrays (see tileindex.js), not in a Leaflet object each. The tiles' pane lets
 * clicks through, so the areas below keep their tooltips; clicks and hovers on the map are
 * matched to points here instead. Where the dots would overplot (density.js), the layer
 * draws a grid of counts instead, with its legend (densitylegend.js); a click on a cell
 * says what it holds.
 */

import { safeLink, unpackLayer } from "./columns.js";
import {
  CELL_PIXELS, cellAt, cellCategoryCounts, cellWidthKm, classColours, drawCells, layerBreaks,
  overplotted, tileCellCounts
} from "./density.js";
import { DensityLegend, densityCellPopup } from "./densitylegend.js";
import { el, marked } from "./dom.js";
import { localize, mapLang, onLanguage } from "./lang.js";
import { listPointLayer, unlistPointLayer } from "./pointlist.js";
import { POPUP_OPTIONS, keyboardPopup } from "./popups.js";
import { bucketsAt, pointAt, pointRadius, projectToWorld, tileKey } from "./tileindex.js";

/**
 * @typedef {import("./payloads.js").PointLayerPayload} PointLayerPayload
 * @typedef {import("./payloads.js").CategoryColumnPayload} CategoryColumnPayload
 * @typedef {import("./payloads.js").PointColumnPayload} PointColumnPayload
 * @typedef {import("./columns.js").UnpackedLayer} UnpackedLayer
 * @typedef {import("./tileindex.js").TileBuckets} TileBuckets
 * @typedef {import("./tileindex.js").WorldPoints} WorldPoints
 * @typedef {import("./density.js").DensityCell} DensityCell
 * @typedef {import("./densitylegend.js").DensityCategory} DensityCategory
 * @typedef {(latlng: L.LatLng) => L.LatLng} Move
 */

// Above the areas and lines, below the city and site markers.
const POINT_PANE = "g60Points";
// Zooms whose tile buckets are kept (the zoom shown, and the ones either side).
const KEPT_ZOOMS = 3;
// The outline of a density cell whose popup is open: just above the cells.
const CELL_PANE = "g60PointCell";
// Clicks on these are theirs, not a point's, even with a point below.
const NOT_ON_POINTS = ".leaflet-marker-icon, .leaflet-popup, .leaflet-control, .leaflet-tooltip";

/**
 * A point's popup: its label as the title, then every other non-empty column, then the
 * district it was placed in when its row had an address and no coordinates.
 * @param {PointLayerPayload} data
 * @param {((index: number) => string)[]} readers one per column
 * @param {number} placed the index of the point's district, or -1
 * @param {number} index
 * @returns {HTMLElement}
 */
function pointPopup(data, readers, placed, index) {
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
  if (placed >= 0 && data.placed_lines && data.placed_lines[placed]) {
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
    const category = categoryColumn(data);
    this.palette = category ? category.colours : [data.colour];
    this.drawOrder = category ? category.draw_order : [0];
    // Until the points are unpacked (see `ready`) the layer has none: its tiles are empty,
    // pointAt finds nothing, and the readers, positions and codes are empty.
    this.decoded = false;
    /** @type {((index: number) => string)[]} one per column */
    this.readers = [];
    /** @type {ArrayLike<number>} each point's colour code */
    this.colourOf = new Uint8Array(0);
    /** @type {Uint32Array | null} each point's 0 (its row's coordinates) or 1 + its district */
    this.placed = null;
    /** @type {Float64Array} */
    this.wgsLat = new Float64Array(0);
    /** @type {Float64Array} */
    this.wgsLon = new Float64Array(0);
    // Where the points are drawn: WGS-84, or moved by the datum shift (g60Move).
    this.lat = this.wgsLat;
    this.lon = this.wgsLon;
    this.world = projectToWorld(this.lat, this.lon);
    /** @type {Move | null} the datum shift last asked for, applied once unpacked too */
    this.move = null;
    /** @type {Map<number, TileBuckets>} by zoom, made when a zoom is first drawn */
    this.buckets = new Map();
    /** @type {Uint32Array | null} each point's category code, when the layer has categories */
    this.codes = null;
    // The density grid: whether each zoom draws it, its class breaks by zoom and category
    // counted, and the cells' counts of the tiles of one zoom (for the mouse); made as needed.
    /** @type {Map<number, boolean>} */
    this.dense = new Map();
    /** @type {Map<string, number[]>} by "zoom:chosen" */
    this.breaks = new Map();
    /** @type {{zoom: number, chosen: number, tiles: Map<string, Uint32Array>}} */
    this.cellCounts = { zoom: -1, chosen: -1, tiles: new Map() };
    /** The category code the grid counts, or -1: every point. */
    this.chosen = -1;
    /** @type {DensityLegend | null} made when the layer is first on a map */
    this.legend = null;
    /** @type {{cell: DensityCell, popup: L.Popup, latitude: number} | null} a cell's popup open */
    this.openCell = null;
    this.hoverPending = false;
    /** @type {{index: number, popup: L.Popup} | null} the popup open, made again in another language */
    this.open = null;
    /** @type {L.Circle | null} how approximate the open point is, when placed by its address */
    this.openCircle = null;
    /** @param {Event} event */
    this._g60Click = (event) => this.mapClicked(event);
    /** @param {Event} event */
    this._g60Hover = (event) => this.mapHovered(event);
    // For tests and benchmarks: every visible tile of this layer has been drawn with its
    // points (the empty tiles drawn while they were being unpacked do not count).
    this.on("load", () => {
      if (this._map && this.decoded) { this._map.getContainer().setAttribute("data-points-drawn", data.id); }
    });
    const started = pointClock();
    /** Settles once the points are unpacked and in place (or could not be: the console says). */
    this.ready = unpackLayer(data).then((unpacked) => {
      this.unpackTime = pointClock() - started;
      this.unpacked(unpacked);
    }).catch((error) => {
      console.error("G60: the points of layer " + JSON.stringify(data.id) + " could not be unpacked:",
                    error);
    });
    /** How long unpacking took, in milliseconds (for the benchmark), once done. */
    this.unpackTime = -1;
  }

  /** @returns {boolean} whether the points are unpacked: readers, positions and codes are there */
  isReady() { return this.decoded; }

  /**
   * The points, unpacked: take them, move them if the datum shift is on, and draw them.
   * @param {UnpackedLayer} unpacked
   */
  unpacked(unpacked) {
    const data = this.data, category = categoryColumn(data);
    this.readers = unpacked.readers;
    this.placed = unpacked.placed;
    const codes = category && data.category !== null ? unpacked.codes[data.category] : null;
    this.codes = codes;
    this.colourOf = codes || new Uint8Array(unpacked.count);
    this.wgsLat = unpacked.lat;
    this.wgsLon = unpacked.lon;
    this.decoded = true;
    this.place();
  }

  /**
   * The index of a point's district when its row was placed by its address, else -1.
   * @param {number} index
   * @returns {number}
   */
  placedIn(index) {
    return this.placed ? this.placed[index] - 1 : -1;
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
      // A million points' buckets are tens of megabytes a zoom: the last few zooms are kept.
      if (this.buckets.size >= KEPT_ZOOMS) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) { this.buckets.delete(oldest); }
      }
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
    if (!this.decoded) { return tile; } // drawn again once the points are unpacked
    const indices = this.tileBuckets(coords.z, size.x).get(tileKey(coords.x, coords.y));
    const ctx = indices ? tile.getContext("2d") : null;
    if (indices && ctx) {
      ctx.scale(ratio, ratio);
      if (this.drawsDensity(coords.z)) {
        const breaks = this.densityBreaks(coords.z);
        drawCells(ctx, this.tileCells(coords.z, coords.x, coords.y), breaks,
                  classColours(breaks.length), size.x / CELL_PIXELS);
      } else {
        this.drawDots(ctx, indices, coords, size);
      }
    }
    return tile;
  }

  /**
   * Whether the layer draws the density grid at a zoom, not dots: where its dots would
   * overplot (density.js' overplotted), decided once a zoom. Never before it is unpacked.
   * @param {number} zoom
   * @returns {boolean}
   */
  drawsDensity(zoom) {
    if (!this.decoded) { return false; }
    let dense = this.dense.get(zoom);
    if (dense === undefined) {
      const size = this.getTileSize().x;
      // Cells must divide the tile (256 or 512 pixels do); else dots, always.
      dense = size % CELL_PIXELS === 0 && overplotted(this.tileBuckets(zoom, size), zoom, size);
      this.dense.set(zoom, dense);
    }
    return dense;
  }

  /**
   * The class breaks of the grid at a zoom, for the category counted: the whole layer's
   * cells, so that a colour is the same count in every tile (made once, then kept).
   * @param {number} zoom
   * @returns {number[]}
   */
  densityBreaks(zoom) {
    const key = zoom + ":" + this.chosen;
    let breaks = this.breaks.get(key);
    if (!breaks) {
      const size = this.getTileSize().x;
      breaks = layerBreaks(this.world, this.tileBuckets(zoom, size), zoom, size, this.codes, this.chosen);
      this.breaks.set(key, breaks);
    }
    return breaks;
  }

  /**
   * The counts of a tile's cells (of the category counted), kept for the tiles of the zoom
   * drawn: the mouse asks for them again.
   * @param {number} zoom
   * @param {number} tileX
   * @param {number} tileY
   * @returns {Uint32Array}
   */
  tileCells(zoom, tileX, tileY) {
    const size = this.getTileSize().x;
    if (this.cellCounts.zoom !== zoom || this.cellCounts.chosen !== this.chosen) {
      this.cellCounts = { zoom: zoom, chosen: this.chosen, tiles: new Map() };
    }
    const key = tileKey(tileX, tileY);
    let counts = this.cellCounts.tiles.get(key);
    if (!counts) {
      const indices = this.tileBuckets(zoom, size).get(key) || [];
      counts = tileCellCounts(this.world, indices, zoom, size, tileX, tileY, this.codes, this.chosen);
      this.cellCounts.tiles.set(key, counts);
    }
    return counts;
  }

  /**
   * The grid's cell under a pixel of the map's container, when the layer draws the grid
   * there and the cell has points (of the category counted); else null.
   * @param {L.Point} containerPoint
   * @returns {DensityCell | null}
   */
  cellAt(containerPoint) {
    const map = this._map;
    if (!map || !this.decoded) { return null; }
    const zoom = Math.round(map.getZoom()), size = this.getTileSize().x;
    if (!this.drawsDensity(zoom)) { return null; }
    const pixel = map.containerPointToLayerPoint(containerPoint).add(map.getPixelOrigin());
    // density.js' cellAt (a method is no binding: this is not a recursive call).
    const cell = cellAt(zoom, size, pixel.x, pixel.y);
    return this.tileCells(zoom, cell.tileX, cell.tileY)[cell.index] > 0 ? cell : null;
  }

  /**
   * Open a cell's popup: how many points it holds, of each category, and how wide it is;
   * the cell is outlined while the popup is open.
   * @param {DensityCell} cell
   * @returns {L.Popup}
   */
  openDensityCell(cell) {
    const map = this._map;
    const corner = map.unproject(L.point(cell.left, cell.top), cell.zoom);
    const opposite = map.unproject(L.point(cell.right, cell.bottom), cell.zoom);
    const centre = map.unproject(L.point((cell.left + cell.right) / 2, (cell.top + cell.bottom) / 2),
                                 cell.zoom);
    if (!map.getPane(CELL_PANE)) {
      const pane = map.createPane(CELL_PANE);
      pane.style.zIndex = "455";
      pane.style.pointerEvents = "none";
    }
    const outline = L.rectangle(L.latLngBounds(corner, opposite), {
      pane: CELL_PANE, color: "#1a1a1a", weight: 2, opacity: 0.9, fill: false, interactive: false
    });
    const popup = keyboardPopup(L.popup(POPUP_OPTIONS), this.data.popup_close);
    const open = { cell: cell, popup: popup, latitude: centre.lat };
    this.openCell = open;
    popup.on("remove", () => {
      outline.remove();
      if (this.openCell === open) { this.openCell = null; }
    });
    outline.addTo(map);
    return popup.setLatLng(centre).setContent(this.cellPopup(cell, centre.lat)).openOn(map);
  }

  /**
   * A cell's popup content, in the layer's language now.
   * @param {DensityCell} cell
   * @param {number} latitude the cell's centre
   * @returns {HTMLElement}
   */
  cellPopup(cell, latitude) {
    const size = this.getTileSize().x, data = this.data;
    const indices = this.tileBuckets(cell.zoom, size).get(tileKey(cell.tileX, cell.tileY)) || [];
    const category = categoryColumn(data);
    const counts = cellCategoryCounts(this.world, indices, cell.zoom, size, cell, this.codes,
                                      category ? category.dict.length : 0);
    const rows = category ? counts.rows.filter(function (row) {
      return category.dict[row.code] !== ""; // points without a category: in the total only
    }).map((row) => {
      return { name: category.dict[row.code], colour: this.palette[row.code], count: row.count };
    }) : [];
    return densityCellPopup(data.density, data.list.locale, counts.total, rows,
                            cellWidthKm(cell.zoom, latitude, size));
  }

  /**
   * The categories the grid can count, in the order of the map's legend (the coloured ones
   * by frequency, then the grey ones); none when there are fewer than two.
   * @returns {DensityCategory[]}
   */
  densityCategories() {
    const category = categoryColumn(this.data);
    if (!category || !this.codes) { return []; }
    const grey = this.palette[category.draw_order[0]];
    const order = this.drawOrder.filter((code) => this.palette[code] !== grey)
      .concat(this.drawOrder.filter((code) => this.palette[code] === grey));
    /** @type {DensityCategory[]} */
    const categories = [];
    order.forEach(function (code) {
      const name = category.dict[code];
      if (name !== "" && name !== undefined) { categories.push({ code: code, name: name }); }
    });
    return categories.length >= 2 ? categories : [];
  }

  /** The density legend follows the view: shown while the layer draws the grid. */
  updateLegend() {
    const map = this._map, legend = this.legend;
    if (!legend) { return; }
    const zoom = map ? Math.round(map.getZoom()) : 0;
    if (!map || !this.drawsDensity(zoom)) {
      legend.hide();
      return;
    }
    const breaks = this.densityBreaks(zoom), size = this.getTileSize().x;
    legend.update(this.data.name, breaks, classColours(breaks.length),
                  cellWidthKm(zoom, map.getCenter().lat, size), this.densityCategories(), this.chosen);
    legend.show();
  }

  /**
   * Count one category in the grid (or every point: -1), and draw it again.
   * @param {number} code
   */
  chooseDensity(code) {
    if (code === this.chosen) { return; }
    this.chosen = code;
    if (this._map) { this.redraw(); }
    this.updateLegend();
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
   * The point under a pixel of the map's container, or -1 (always, until unpacked).
   * @param {L.Point} containerPoint
   * @returns {number}
   */
  pointAt(containerPoint) {
    const map = this._map;
    if (!map || !this.decoded) { return -1; }
    const zoom = map.getZoom(), size = this.getTileSize().x;
    if (this.drawsDensity(zoom)) { return -1; } // cells, not dots, are drawn
    const pixel = map.containerPointToLayerPoint(containerPoint).add(map.getPixelOrigin());
    // tileindex.js' pointAt (a method is no binding: this is not a recursive call).
    return pointAt(this.world, this.tileBuckets(zoom, size), zoom, size, pixel.x, pixel.y);
  }

  /**
   * Open a point's popup. Only once the points are unpacked (isReady, or after `ready`).
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
      .setContent(pointPopup(this.data, this.readers, this.placedIn(index), index)).openOn(this._map);
  }

  /**
   * A dashed circle of the radius a point placed by its address is good to (its
   * district's size), as a place's approximate location shows; null for an exact point.
   * @param {number} index
   * @returns {L.Circle | null}
   */
  approximateCircle(index) {
    const placed = this.placedIn(index);
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
      open.popup.setContent(pointPopup(this.data, this.readers, this.placedIn(open.index), open.index));
    }
    if (this.legend) { this.legend.setWords(data.density, data.list.locale); }
    this.updateLegend();
    const cell = this.openCell;
    if (cell && cell.popup.isOpen()) {
      cell.popup.setContent(this.cellPopup(cell.cell, cell.latitude));
    }
  }

  /** @param {Event} event a click anywhere on the map */
  mapClicked(event) {
    const map = this._map;
    if (!map || !(event instanceof MouseEvent)) { return; }
    if (event.target instanceof Element && event.target.closest(NOT_ON_POINTS)) { return; }
    if (justDragged(map)) { return; }
    const at = map.mouseEventToContainerPoint(event);
    const cell = this.cellAt(at);
    if (cell) {
      this.openDensityCell(cell);
      return;
    }
    const index = this.pointAt(at);
    if (index >= 0) { this.openPoint(index); }
  }

  /** @param {Event} event a mouse move over the map: a pointer cursor over a point */
  mapHovered(event) {
    if (this.hoverPending || !this.decoded || !(event instanceof MouseEvent)) { return; }
    // At most one lookup a frame, however fast the mouse moves.
    this.hoverPending = true;
    window.requestAnimationFrame(() => {
      this.hoverPending = false;
      const map = this._map;
      if (!map) { return; }
      const at = map.mouseEventToContainerPoint(event);
      const over = this.cellAt(at) !== null || this.pointAt(at) >= 0;
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
    if (!this.legend || this.legend.map !== map) {
      if (this.legend) { this.legend.hide(); }
      this.legend = new DensityLegend(map, this.data.density, this.data.list.locale,
                                      (code) => this.chooseDensity(code));
    }
    map.on("zoomend moveend", this.updateLegend, this);
    this.updateLegend();
    return this;
  }

  /** @param {L.Map} map */
  onRemove(map) {
    const container = map.getContainer();
    L.DomEvent.off(container, "click", this._g60Click);
    L.DomEvent.off(container, "mousemove", this._g60Hover);
    container.classList.remove("g60-over-point");
    unlistPointLayer(map, this);
    map.off("zoomend moveend", this.updateLegend, this);
    if (this.legend) { this.legend.hide(); }
    if (this.openCell) { this.openCell.popup.close(); }
    super.onRemove(map);
    return this;
  }

  /**
   * The datum shift (AMap): move every point from its WGS-84 position, then draw again.
   * Asked before the points are unpacked, they are moved once they are.
   * @param {Move} move
   */
  g60Move(move) {
    this.move = move;
    if (this.decoded) { this.place(); }
  }

  /** Put the points where the datum shift in force has them (from WGS-84), and draw them. */
  place() {
    const move = this.move, count = this.wgsLat.length;
    let lat = this.wgsLat, lon = this.wgsLon;
    if (move) {
      lat = new Float64Array(count);
      lon = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const moved = move(L.latLng(this.wgsLat[i], this.wgsLon[i]));
        lat[i] = moved.lat;
        lon[i] = moved.lng;
      }
    }
    this.lat = lat;
    this.lon = lon;
    this.world = projectToWorld(lat, lon);
    this.buckets.clear();
    this.dense.clear();
    this.breaks.clear();
    this.cellCounts = { zoom: -1, chosen: -1, tiles: new Map() };
    const open = this.open;
    if (open && this.openCircle) { this.openCircle.setLatLng([lat[open.index], lon[open.index]]); }
    // A cell's outline was drawn where the cell was: the cells have moved.
    if (this.openCell) { this.openCell.popup.close(); }
    if (this._map) { this.redraw(); }
    this.updateLegend();
  }

  /** @returns {number} the layer's points (known before they are unpacked) */
  pointCount() { return this.data.count; }
}

/**
 * Milliseconds, from the page's clock.
 * @returns {number}
 */
function pointClock() {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
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
