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

  function symbol(shape, colour, size) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", SHAPES[shape] || SHAPES.circle);
    path.setAttribute("fill", colour);
    path.setAttribute("stroke", "#1a1a1a");
    path.setAttribute("stroke-width", "1.3");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  function lineSample(colour, dash) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 28 10");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true");
    var line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5");
    line.setAttribute("x2", "27"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", colour);
    line.setAttribute("stroke-width", "4");
    if (dash) { line.setAttribute("stroke-dasharray", dash); }
    svg.appendChild(line);
    return svg;
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

  /* Popup body for a place or an axis: names, notes, then facts grouped by article. */
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
      var source = el("h4", "g60-source");
      source.appendChild(el("span", "g60-source-title", group.title));
      var when = el("time", "g60-source-date", group.date_label);
      when.setAttribute("datetime", group.date);
      source.appendChild(when);
      section.appendChild(source);
      var list = el("ul", "g60-fact-list");
      group.facts.forEach(function (fact) {
        var item = el("li", "g60-fact");
        item.setAttribute("data-fact-id", fact.id);
        item.appendChild(el("strong", "g60-fact-headline", fact.headline));
        if (fact.value) { item.appendChild(el("span", "g60-fact-value", fact.value)); }
        item.appendChild(el("span", "g60-fact-asof", fact.as_of_label));
        item.appendChild(el("blockquote", "g60-fact-quote", fact.quote));
        list.appendChild(item);
      });
      section.appendChild(list);
      root.appendChild(section);
    });
    return root;
  }

  var POPUP_OPTIONS = { maxWidth: 340, minWidth: 220, maxHeight: 360, className: "g60-popup-wrap" };

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

  /* Context polygons (district outline): drawn, not clickable. */
  function outlineLayer(data) {
    return L.geoJSON(data.geojson, {
      interactive: false,
      style: function () {
        return { color: data.colour, weight: 1.5, dashArray: "6 4", fillColor: data.colour,
                 fillOpacity: 0.08 };
      }
    });
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

  function legend(map, data) {
    return control(map, data.position, function () {
      var box = el("details", "g60-legend g60-panel");
      box.open = window.innerWidth >= 600; // folded on phones
      box.appendChild(el("summary", "", data.heading));
      data.entries.forEach(function (entry) {
        var row = el("div", "g60-legend-row");
        row.appendChild(entry.line ? lineSample(entry.colour, entry.dash)
                                   : symbol(entry.shape, entry.colour, 16));
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

  window.G60 = {
    placeLayer: placeLayer,
    axisLayer: axisLayer,
    outlineLayer: outlineLayer,
    legend: legend,
    titleBlock: titleBlock,
    popupContent: popupContent
  };
}());
