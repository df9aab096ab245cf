/* G60 corridor map runtime: builds layers, popups, the legend and the title block
 * from JSON data written by mapgen.
 *
 * Safety rule: text that comes from data is only ever set with textContent or
 * setAttribute, never parsed as HTML. Leaflet gets DOM elements, not strings.
 */
(function () {
  "use strict";
  if (window.G60) { return; } // loaded once per page, even with several maps

  var SVG_NS = "http://www.w3.org/2000/svg";
  // Symbol outlines in a 20x20 box: distinct shapes, so colour is never the only cue.
  var SHAPES = {
    circle: "M10 2.5a7.5 7.5 0 1 0 0.01 0z",
    star: "M10 1.2l2.6 5.6 6.1.7-4.5 4.2 1.2 6-5.4-3-5.4 3 1.2-6-4.5-4.2 6.1-.7z",
    square: "M3.5 3.5h13v13h-13z",
    diamond: "M10 1.5l8.5 8.5-8.5 8.5-8.5-8.5z",
    triangle: "M10 2l8.5 15h-17z",
    hexagon: "M10 1.8l7.1 4.1v8.2l-7.1 4.1-7.1-4.1v-8.2z",
    pentagon: "M10 1.8l8 5.8-3 9.4h-10l-3-9.4z",
    cross: "M7 2h6v5h5v6h-5v5h-6v-5h-5v-6h5z"
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* An SVG element with the given attributes, e.g. svgNode("rect", {x: 2, y: 2}). */
  function svgNode(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach(function (name) {
      if (attributes[name] !== null) { node.setAttribute(name, String(attributes[name])); }
    });
    return node;
  }

  /* A small decorative picture (legend samples, marker symbols). */
  function svgIcon(width, height, child) {
    var svg = svgNode("svg", { viewBox: "0 0 " + width + " " + height, width: width,
                               height: height, "aria-hidden": "true" });
    svg.appendChild(child);
    return svg;
  }

  function symbol(shape, colour, size) {
    var svg = svgIcon(20, 20, svgNode("path", {
      d: SHAPES[shape] || SHAPES.circle, fill: colour, stroke: "#1a1a1a",
      "stroke-width": "1.3", "stroke-linejoin": "round"
    }));
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    return svg;
  }

  function areaSample(style) {
    return svgIcon(28, 14, svgNode("rect", {
      x: 2, y: 2, width: 24, height: 10,
      fill: style.fill ? style.fillColor : "none",
      "fill-opacity": Math.min(1, style.fillOpacity * 2.5),
      stroke: style.weight ? style.color : "none",
      "stroke-width": Math.max(1, style.weight),
      "stroke-dasharray": style.dashArray || null
    }));
  }

  function dotSample(colour) {
    return svgIcon(28, 12, svgNode("circle", {
      cx: 14, cy: 6, r: 4.5, fill: colour, "fill-opacity": 0.85, stroke: "#ffffff"
    }));
  }

  function lineSample(colour, dash) {
    return svgIcon(28, 10, svgNode("line", {
      x1: 1, y1: 5, x2: 27, y2: 5, stroke: colour, "stroke-width": 4,
      "stroke-dasharray": dash || null
    }));
  }

  function names(tag, className, item) {
    var heading = el(tag, className);
    heading.appendChild(el("span", "g60-name-en", item.name_en));
    if (item.name_zh) {
      var zh = el("span", "g60-name-zh", item.name_zh);
      zh.setAttribute("lang", "zh-CN");
      heading.appendChild(zh);
    }
    return heading;
  }

  /* An article's title and date, heading its facts or sentences in a popup. */
  function sourceHeading(group) {
    var source = el("h4", "g60-source");
    source.appendChild(el("span", "g60-source-title", group.title));
    var when = el("time", "g60-source-date", group.date_label);
    when.setAttribute("datetime", group.date);
    source.appendChild(when);
    return source;
  }

  /* "In the news": sentences of the articles that name the place, by article, newest first. */
  function newsSection(news) {
    var section = el("section", "g60-facts g60-news");
    section.appendChild(el("h4", "g60-news-heading", news.heading));
    section.appendChild(el("p", "g60-news-note", news.note));
    news.groups.forEach(function (group) {
      section.appendChild(sourceHeading(group));
      var list = el("ul", "g60-news-list");
      group.sentences.forEach(function (text) {
        list.appendChild(el("li", "g60-news-sentence", text));
      });
      section.appendChild(list);
      if (group.more) { section.appendChild(el("p", "g60-news-more", group.more)); }
    });
    return section;
  }

  /* Popup body for a place or an axis: names, notes, facts grouped by article, then news. */
  function popupContent(info) {
    var root = el("div", "g60-popup");
    root.appendChild(names("h3", "g60-popup-title", info));
    (info.lines || []).forEach(function (line) {
      root.appendChild(el("p", "g60-popup-line", line));
    });
    if (info.location_note) {
      root.appendChild(el("p", "g60-location " + (info.approximate ? "g60-approximate" : ""),
        info.location_note));
    }
    (info.fact_groups || []).forEach(function (group) {
      var section = el("section", "g60-facts");
      section.appendChild(sourceHeading(group));
      var list = el("ul", "g60-fact-list");
      group.facts.forEach(function (fact) {
        var item = el("li", "g60-fact");
        item.setAttribute("data-fact-id", fact.id);
        item.appendChild(el("strong", "g60-fact-headline", fact.headline));
        if (fact.value) { item.appendChild(el("span", "g60-fact-value", fact.value)); }
        item.appendChild(el("span", "g60-fact-asof", fact.as_of_label));
        item.appendChild(el("blockquote", "g60-fact-quote", fact.quote));
        if (fact.checks && fact.checks.length) {
          var checks = el("div", "g60-fact-checks");
          fact.checks.forEach(function (line) { checks.appendChild(el("p", "", line)); });
          item.appendChild(checks);
        }
        list.appendChild(item);
      });
      section.appendChild(list);
      root.appendChild(section);
    });
    if (info.news) { root.appendChild(newsSection(info.news)); }
    return root;
  }

  // autoPan keeps an opened popup clear of the title block in the top-left corner.
  var POPUP_OPTIONS = { maxWidth: 340, minWidth: 220, maxHeight: 360, className: "g60-popup-wrap",
                        autoPanPaddingTopLeft: [20, 160] };

  function markerIcon(place) {
    var size = place.symbol.size;
    var box = el("div", "g60-marker-inner");
    box.appendChild(symbol(place.symbol.shape, place.symbol.colour, size));
    if (place.label) {
      var label = el("span", "g60-label");
      label.appendChild(el("span", "g60-label-en", place.name_en));
      label.appendChild(el("span", "g60-label-zh", place.name_zh));
      box.appendChild(label);
    }
    return L.divIcon({
      html: box,
      className: "g60-marker g60-marker-" + place.kind,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2]
    });
  }

  /* A layer of places: one clickable marker each, with a dashed circle where approximate. */
  function placeLayer(data) {
    var group = L.featureGroup();
    data.places.forEach(function (place) {
      if (place.approximate && place.radius_m) {
        L.circle([place.lat, place.lon], {
          radius: place.radius_m, color: place.symbol.colour, weight: 1, opacity: 0.7,
          dashArray: "3 4", fillOpacity: 0.05, interactive: false
        }).addTo(group);
      }
      var marker = L.marker([place.lat, place.lon], {
        icon: markerIcon(place), title: place.name_en, alt: place.name_en,
        riseOnHover: true, zIndexOffset: place.z || 0
      });
      marker.bindPopup(function () { return popupContent(place.popup); }, POPUP_OPTIONS);
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) { node.setAttribute("data-place-id", place.id); }
      });
      marker.addTo(group);
    });
    return group;
  }

  /* One corridor axis: a polyline with a tooltip (name, length) and a popup. */
  function axisLayer(data) {
    var group = L.featureGroup();
    var line = L.polyline(data.coords, {
      color: data.colour, weight: 5, opacity: 0.9, dashArray: data.dash || null,
      lineCap: "round", className: "g60-axis"
    });
    line.bindTooltip(function () {
      var tip = el("div", "g60-tooltip");
      tip.appendChild(names("div", "g60-tooltip-title", data));
      tip.appendChild(el("div", "g60-tooltip-line", data.length_label));
      return tip;
    }, { sticky: true });
    line.bindPopup(function () { return popupContent(data.popup); }, POPUP_OPTIONS);
    line.on("add", function () {
      var node = line.getElement();
      if (node) { node.setAttribute("data-axis-id", data.id); }
    });
    line.addTo(group);
    return group;
  }

  /* A map pane of its own, so areas keep their order below the lines and markers. */
  function ensurePane(map, name, z) {
    if (!map.getPane(name)) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(z);
    }
  }

  function tooltipContent(feature) {
    var tip = el("div", "g60-tooltip");
    tip.appendChild(names("div", "g60-tooltip-title", feature));
    (feature.lines || []).forEach(function (line) {
      tip.appendChild(el("div", "g60-tooltip-line", line));
    });
    return tip;
  }

  /* Administrative areas: quiet context, or interactive with a tooltip and hover highlight. */
  function areaLayer(data) {
    var style = L.extend({ pane: data.pane, interactive: data.interactive }, data.style);
    var group = L.featureGroup([], { attribution: data.attribution });
    group.beforeAdd = function (map) { ensurePane(map, data.pane, data.pane_z); };
    data.features.forEach(function (feature) {
      var area = L.geoJSON(feature.geometry, { style: function () { return style; } });
      area.eachLayer(function (shape) {
        if (data.interactive) {
          shape.bindTooltip(function () { return tooltipContent(feature); }, { sticky: true });
          shape.on("mouseover", function () { shape.setStyle(data.hover_style); });
          shape.on("mouseout", function () { shape.setStyle(style); });
        }
        shape.on("add", function () {
          var node = shape.getElement();
          if (node) { node.setAttribute("data-area-id", feature.id); }
        });
        shape.addTo(group);
      });
    });
    return group;
  }

  /* ---- Point layers: tens of thousands of points on canvas tiles ----
   * No Leaflet object per point: the points live in typed arrays, are bucketed by tile
   * once per zoom level, drawn tile by tile, and found again on click by their bucket. */
  var POINT_PANE = "g60Points";

  function pointRadius(zoom) { return zoom <= 8 ? 2.5 : zoom <= 11 ? 3.5 : 5; }

  function columnReader(column) {
    if (column.values) { return function (i) { return column.values[i]; }; }
    return function (i) { return column.dict[column.codes[i]]; };
  }

  function safeLink(text) {
    // Only web links: a javascript: or data: URL from a spreadsheet must never run.
    if (!/^https?:\/\/[^\s]+$/i.test(text)) { return null; }
    try {
      var url = new URL(text);
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (error) { return null; }
  }

  function pointPopup(data, readers, index) {
    var root = el("div", "g60-popup g60-point-popup");
    var title = data.label !== null ? readers[data.label](index) : "";
    root.appendChild(el("h3", "g60-popup-title", title || data.name));
    var list = el("dl", "g60-point-fields");
    data.columns.forEach(function (column, c) {
      var text = readers[c](index);
      if (c === data.label || text === "") { return; }
      list.appendChild(el("dt", "", column.name));
      var value = el("dd", "");
      var href = c === data.link ? safeLink(text) : null;
      if (href) {
        var link = el("a", "", text);
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
    root.appendChild(el("p", "g60-source", data.source_line));
    return root;
  }

  function pointLayer(data) {
    var count = data.count;
    var wgsLat = new Float64Array(count), wgsLon = new Float64Array(count);
    for (var i = 0; i < count; i++) {
      wgsLat[i] = data.lat[i] / data.scale;
      wgsLon[i] = data.lon[i] / data.scale;
    }
    var lat = wgsLat, lon = wgsLon;
    var mercX = new Float64Array(count), mercY = new Float64Array(count); // 0..1 Web Mercator
    var readers = data.columns.map(columnReader);
    var category = data.category !== null ? data.columns[data.category] : null;
    var palette = category ? category.colours : [data.colour];
    var drawOrder = category ? category.draw_order : [0];
    var colourOf = category ? category.codes : new Uint8Array(count);
    var buckets = {}; // zoom -> {"x:y": [point indices]}

    function project() {
      for (var i = 0; i < count; i++) {
        var sin = Math.sin(lat[i] * Math.PI / 180);
        mercX[i] = (lon[i] + 180) / 360;
        mercY[i] = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
      }
      buckets = {};
    }
    project();

    // Each point goes in its tile, and in a neighbour when its dot reaches over the edge.
    function bucketsAt(zoom, tileSize) {
      if (buckets[zoom]) { return buckets[zoom]; }
      var byTile = {}, world = tileSize * Math.pow(2, zoom), r = pointRadius(zoom) + 1;
      function put(tx, ty, i) {
        var key = tx + ":" + ty;
        (byTile[key] || (byTile[key] = [])).push(i);
      }
      for (var i = 0; i < count; i++) {
        var px = mercX[i] * world, py = mercY[i] * world;
        var x0 = Math.floor((px - r) / tileSize), x1 = Math.floor((px + r) / tileSize);
        var y0 = Math.floor((py - r) / tileSize), y1 = Math.floor((py + r) / tileSize);
        for (var tx = x0; tx <= x1; tx++) { for (var ty = y0; ty <= y1; ty++) { put(tx, ty, i); } }
      }
      buckets[zoom] = byTile;
      return byTile;
    }

    var Layer = L.GridLayer.extend({
      createTile: function (coords) {
        var size = this.getTileSize(), ratio = window.devicePixelRatio || 1;
        var tile = L.DomUtil.create("canvas", "g60-point-tile");
        tile.width = size.x * ratio;
        tile.height = size.y * ratio;
        var indices = bucketsAt(coords.z, size.x)[coords.x + ":" + coords.y];
        if (!indices) { return tile; }
        var ctx = tile.getContext("2d");
        ctx.scale(ratio, ratio);
        var world = size.x * Math.pow(2, coords.z), r = pointRadius(coords.z);
        var left = coords.x * size.x, top = coords.y * size.y;
        ctx.globalAlpha = 0.85;
        ctx.lineWidth = 1;
        ctx.strokeStyle = "#ffffff";
        drawOrder.forEach(function (code) {
          var colour = palette[code];
          ctx.beginPath();
          for (var k = 0; k < indices.length; k++) {
            var i = indices[k];
            if (colourOf[i] !== code) { continue; }
            var x = mercX[i] * world - left, y = mercY[i] * world - top;
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, 2 * Math.PI);
          }
          ctx.fillStyle = colour;
          ctx.fill();
          if (r >= 3.5) { ctx.stroke(); }
        });
        return tile;
      },

      /* The point under a pixel of the map's container, or -1. */
      pointAt: function (containerPoint) {
        var map = this._map, zoom = map.getZoom(), size = this.getTileSize().x;
        var world = size * Math.pow(2, zoom);
        var pixel = map.containerPointToLayerPoint(containerPoint).add(map.getPixelOrigin());
        var indices = bucketsAt(zoom, size)[Math.floor(pixel.x / size) + ":" +
                                             Math.floor(pixel.y / size)] || [];
        var best = -1, bestDistance = Math.pow(pointRadius(zoom) + 3, 2);
        for (var k = 0; k < indices.length; k++) {
          var i = indices[k];
          var dx = mercX[i] * world - pixel.x, dy = mercY[i] * world - pixel.y;
          var distance = dx * dx + dy * dy;
          if (distance <= bestDistance) { best = i; bestDistance = distance; }
        }
        return best;
      },

      openPoint: function (index) {
        L.popup(POPUP_OPTIONS).setLatLng([lat[index], lon[index]])
          .setContent(pointPopup(data, readers, index)).openOn(this._map);
      },

      onAdd: function (map) {
        if (!map.getPane(POINT_PANE)) {
          // Above the areas and lines, below the city and site markers; clicks pass through
          // the tiles so areas keep their tooltips, and are matched to points here.
          var pane = map.createPane(POINT_PANE);
          pane.style.zIndex = 450;
          pane.style.pointerEvents = "none";
        }
        L.GridLayer.prototype.onAdd.call(this, map);
        var layer = this, container = map.getContainer();
        this._g60Click = function (event) {
          if (event.target.closest && event.target.closest(
            ".leaflet-marker-icon, .leaflet-popup, .leaflet-control, .leaflet-tooltip")) { return; }
          if (map.dragging && map.dragging.moved()) { return; }
          var index = layer.pointAt(map.mouseEventToContainerPoint(event));
          if (index >= 0) { layer.openPoint(index); }
        };
        var pending = false;
        this._g60Hover = function (event) {
          if (pending) { return; }
          pending = true;
          window.requestAnimationFrame(function () {
            pending = false;
            if (!layer._map) { return; }
            var over = layer.pointAt(map.mouseEventToContainerPoint(event)) >= 0;
            container.classList.toggle("g60-over-point", over);
          });
        };
        L.DomEvent.on(container, "click", this._g60Click);
        L.DomEvent.on(container, "mousemove", this._g60Hover);
      },

      onRemove: function (map) {
        var container = map.getContainer();
        L.DomEvent.off(container, "click", this._g60Click);
        L.DomEvent.off(container, "mousemove", this._g60Hover);
        container.classList.remove("g60-over-point");
        L.GridLayer.prototype.onRemove.call(this, map);
      },

      /* The datum shift (AMap): move every point, then draw again. */
      g60Move: function (move) {
        if (lat === wgsLat) { lat = new Float64Array(count); lon = new Float64Array(count); }
        for (var i = 0; i < count; i++) {
          var moved = move(L.latLng(wgsLat[i], wgsLon[i]));
          lat[i] = moved.lat;
          lon[i] = moved.lng;
        }
        project();
        if (this._map) { this.redraw(); }
      },

      pointCount: function () { return count; }
    });
    var layer = new Layer({ pane: POINT_PANE, updateWhenZooming: false, keepBuffer: 1,
                            className: "g60-point-layer" });
    layer.g60Id = data.id;
    // For tests and benchmarks: every visible tile of this layer has been drawn.
    layer.on("load", function () {
      if (layer._map) { layer._map.getContainer().setAttribute("data-points-drawn", data.id); }
    });
    return layer;
  }

  /* GCJ-02 ("Mars coordinates"), the datum of AMap tiles: WGS-84 -> GCJ-02.
   * The published forward formula, as in prcoords' wgs_gcj (Krasovsky 1940 constants);
   * tests compare it with prcoords. Outside China it leaves points as they are. */
  var GCJ_A = 6378245.0, GCJ_EE = 0.00669342162296594323;

  function gcjDelta(x, y) {
    var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * Math.PI) + 2 * Math.sin(x * 2 * Math.PI) + 2 * Math.sin(y * Math.PI) +
       4 * Math.sin(y / 3 * Math.PI) + 16 * Math.sin(y / 12 * Math.PI) +
       32 * Math.sin(y / 30 * Math.PI)) * 20 / 3;
    var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * Math.PI) + 2 * Math.sin(x * 2 * Math.PI) + 2 * Math.sin(x * Math.PI) +
       4 * Math.sin(x / 3 * Math.PI) + 15 * Math.sin(x / 12 * Math.PI) +
       30 * Math.sin(x / 30 * Math.PI)) * 20 / 3;
    return [dLat, dLon];
  }

  function wgsToGcj(latlng) {
    var lat = latlng.lat, lon = latlng.lng;
    if (lat < 0.8293 || lat > 55.8271 || lon < 72.004 || lon > 137.8347) { return latlng; }
    var d = gcjDelta(lon - 105, lat - 35);
    var radLat = lat / 180 * Math.PI;
    var magic = 1 - GCJ_EE * Math.sin(radLat) * Math.sin(radLat);
    var latArc = (GCJ_A * (1 - GCJ_EE)) / Math.pow(magic, 1.5) * Math.PI / 180;
    var lonArc = GCJ_A * Math.cos(radLat) / Math.sqrt(magic) * Math.PI / 180;
    return L.latLng(lat + d[0] / latArc, lon + d[1] / lonArc);
  }

  function mapLatLngs(latlngs, move) {
    return latlngs.map(function (item) {
      return L.Util.isArray(item) ? mapLatLngs(item, move) : move(item);
    });
  }

  /* Move a layer and everything in it; the WGS-84 positions are kept to move back. */
  function moveLayer(layer, move) {
    if (layer.g60Move) {
      layer.g60Move(move);
    } else if (layer.eachLayer) {
      layer.eachLayer(function (child) { moveLayer(child, move); });
    } else if (layer.getLatLngs) {
      if (!layer._g60Wgs84) { layer._g60Wgs84 = layer.getLatLngs(); }
      layer.setLatLngs(mapLatLngs(layer._g60Wgs84, move));
    } else if (layer.getLatLng) {
      if (!layer._g60Wgs84) { layer._g60Wgs84 = layer.getLatLng(); }
      layer.setLatLng(move(layer._g60Wgs84));
    }
  }

  /* While a GCJ-02 basemap is on, draw every overlay in GCJ-02 so it lines up with the tiles. */
  function datumShift(map, overlays, gcjBasemaps) {
    var shifted = false;
    function update() {
      var wantGcj = gcjBasemaps.some(function (layer) { return map.hasLayer(layer); });
      if (wantGcj === shifted) { return; }
      shifted = wantGcj;
      var move = wantGcj ? wgsToGcj : function (latlng) { return latlng; };
      overlays.forEach(function (layer) { moveLayer(layer, move); });
      map.getContainer().setAttribute("data-datum", wantGcj ? "gcj02" : "wgs84");
    }
    map.on("baselayerchange", update);
    update();
  }

  function control(map, position, build) {
    var ctl = L.control({ position: position });
    ctl.onAdd = function () {
      var box = build();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    return ctl;
  }

  /* In print the legend and the sources are unfolded (a closed <details> prints folded),
   * and folded back afterwards as the reader left them. */
  function unfoldForPrint(details) {
    var wasOpen = details.open;
    window.addEventListener("beforeprint", function () {
      wasOpen = details.open;
      details.open = true;
    });
    window.addEventListener("afterprint", function () { details.open = wasOpen; });
  }

  function legend(map, data) {
    return control(map, data.position, function () {
      var box = el("details", "g60-legend g60-panel");
      // Folded on phones and in small maps pasted into a page: it would hide the map.
      var size = map.getSize();
      box.open = size.x >= 700 && size.y >= 450;
      unfoldForPrint(box);
      box.appendChild(el("summary", "", data.heading));
      data.entries.forEach(function (entry) {
        var row = el("div", "g60-legend-row");
        if (entry.heading) {
          row.className += " g60-legend-heading";
        } else {
          row.appendChild(entry.area ? areaSample(entry.area)
                          : entry.line ? lineSample(entry.colour, entry.dash)
                          : entry.dot ? dotSample(entry.dot)
                          : symbol(entry.shape, entry.colour, 16));
        }
        row.appendChild(el("span", "g60-legend-label", entry.label));
        box.appendChild(row);
      });
      return box;
    });
  }

  function titleBlock(map, data) {
    return control(map, data.position, function () {
      var box = el("div", "g60-title g60-panel");
      box.appendChild(names("h1", "g60-title-heading", data));
      box.appendChild(el("p", "g60-title-sub", data.subtitle));
      var details = el("details", "g60-sources");
      unfoldForPrint(details);
      details.appendChild(el("summary", "", data.sources_heading));
      var list = el("ul", "g60-source-list");
      data.sources.forEach(function (source) {
        var item = el("li", "g60-source-item");
        var when = el("time", "", source.date_label);
        when.setAttribute("datetime", source.date);
        item.appendChild(when);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", "", source.title));
        list.appendChild(item);
      });
      details.appendChild(list);
      (data.notes || []).forEach(function (note) {
        details.appendChild(el("p", "g60-title-note", note));
      });
      box.appendChild(details);
      return box;
    });
  }

  /* Fit the corridor on opening, below the title block however tall it is in this box,
   * without animation (stable screenshots). A map whose box is hidden on opening (a tab,
   * a folded section of a report) is fitted when it first shows; a box that changes
   * size (a responsive fragment) keeps its map filled. */
  function initialView(map, bounds) {
    var container = map.getContainer();
    var fitted = false;
    function fit() {
      var title = container.querySelector(".g60-title");
      var top = title ? title.getBoundingClientRect().bottom -
        container.getBoundingClientRect().top + 12 : 24;
      map.fitBounds(bounds, {animate: false, paddingTopLeft: [24, top],
                             paddingBottomRight: [24, 24]});
      fitted = true;
    }
    if (container.clientWidth > 0 && container.clientHeight > 0) { fit(); }
    else { map.setView(L.latLngBounds(bounds).getCenter(), map.getZoom(), {animate: false}); }
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (container.clientWidth === 0 || container.clientHeight === 0) { return; }
        map.invalidateSize({pan: false});
        if (!fitted) { fit(); }
      }).observe(container);
    }
  }

  window.G60 = {
    initialView: initialView,
    placeLayer: placeLayer,
    pointLayer: pointLayer,
    axisLayer: axisLayer,
    areaLayer: areaLayer,
    datumShift: datumShift,
    wgsToGcj: wgsToGcj,
    legend: legend,
    titleBlock: titleBlock,
    popupContent: popupContent
  };
}());
