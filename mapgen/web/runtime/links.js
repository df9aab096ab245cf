// @ts-check
/* Deep links: the page's address keeps what the reader sees, so a link opens it again.
 *
 *   #lang=zh&view=30.2741,120.1551,9&base=osm&layers=cities,axis-g60_expressway&place=hangzhou
 *
 * `view` is the centre and zoom, `base` the background, `layers` the overlays shown,
 * `place` a place whose popup is open, `point` a point's (LAYER/ROW). On arrival each key
 * the hash has is applied (the others stay as the page opens); afterwards the hash follows
 * the map, written a moment after it settles and always replacing the history entry, so
 * moving the map does not flood the browser's history. Only a page of its own does this:
 * a fragment leaves its host page's address alone. A popup offers "Copy link".
 */

import { asOf, asOfFrom, setAsOf } from "./asof.js";
import { el } from "./dom.js";
import { formatView, hashParams, parseList, parseView, withParams } from "./hash.js";
import { localize, mapLang, onLanguage, replaceHash } from "./lang.js";
import { findTarget, placeIdOf } from "./places.js";
import { PointGridLayer } from "./points.js";

/**
 * @typedef {import("./payloads.js").DeepLinksPayload} DeepLinksPayload
 * @typedef {{layer: L.Layer, key: string, overlay: boolean}} Keyed
 */

// How long the map must rest before the address follows it.
const SETTLE_MS = 250;

/**
 * The point layer a `point=LAYER/ROW` names, and the row.
 * @param {Keyed[]} keyed
 * @param {string} text
 * @returns {{layer: PointGridLayer, row: number} | null}
 */
function findPoint(keyed, text) {
  const cut = text.lastIndexOf("/");
  const row = Number(text.slice(cut + 1));
  if (cut < 0 || !Number.isInteger(row) || row < 0) { return null; }
  for (const item of keyed) {
    const layer = item.layer;
    if (layer instanceof PointGridLayer && layer.g60Id === text.slice(0, cut) && row < layer.pointCount()) {
      return { layer: layer, row: row };
    }
  }
  return null;
}

/**
 * Deep links for a map: apply the address on arrival, then keep it following the map.
 * @param {L.Map} map
 * @param {L.Layer[]} layers the map's base layers and overlays
 * @param {import("./payloads.js").Bilingual<DeepLinksPayload>} payload
 */
export function deepLinks(map, layers, payload) {
  const first = localize(payload, "en");
  if (!first.page) { return; }
  /** @type {Keyed[]} */
  const keyed = layers.map(function (layer, i) {
    return { layer: layer, key: first.keys[i], overlay: first.overlays[i] };
  });
  /** @type {string | null} the popup open, as the hash names it: place=… or point=… */
  let open = null;
  let timer = 0;

  function write() {
    window.clearTimeout(timer);
    const centre = map.getCenter(), date = asOf(map);
    const base = keyed.find(function (item) { return !item.overlay && map.hasLayer(item.layer); });
    const shown = keyed.filter(function (item) { return item.overlay && map.hasLayer(item.layer); });
    replaceHash(withParams(window.location.hash, {
      lang: mapLang(map),
      view: formatView(centre.lat, centre.lng, map.getZoom()),
      base: base ? base.key : null,
      layers: shown.map(function (item) { return item.key; }).join(","),
      place: open && open.startsWith("place=") ? open.slice(6) : null,
      point: open && open.startsWith("point=") ? open.slice(6) : null,
      asof: date ? date.date : null
    }));
  }
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(write, SETTLE_MS);
  }

  /** @param {string} hash */
  function arrive(hash) {
    const params = hashParams(hash);
    const base = params.get("base");
    const chosen = keyed.find(function (item) { return !item.overlay && item.key === base; });
    if (chosen && !map.hasLayer(chosen.layer)) {
      keyed.forEach(function (item) { if (!item.overlay && item !== chosen) { map.removeLayer(item.layer); } });
      map.addLayer(chosen.layer);
      // The layer control says so only for a click; the datum shift listens for this.
      map.fire("baselayerchange", { layer: chosen.layer });
    }
    const shown = parseList(params.get("layers"));
    // A list naming none of the map's layers (a link older than the data) changes nothing.
    if (shown && keyed.some(function (item) { return item.overlay && shown.indexOf(item.key) >= 0; })) {
      keyed.forEach(function (item) {
        if (!item.overlay) { return; }
        if (shown.indexOf(item.key) >= 0) { map.addLayer(item.layer); } else { map.removeLayer(item.layer); }
      });
    }
    const date = asOfFrom(params.get("asof"));
    if (date) { setAsOf(map, date); }
    const view = parseView(params.get("view"));
    if (view) { map.setView([view.lat, view.lon], view.zoom, { animate: false }); }
    const place = params.get("place"), point = params.get("point");
    const marker = place ? findTarget(layers, "place:" + place) : null;
    const target = point ? findPoint(keyed, point) : null;
    if (marker) {
      map.addLayer(marker.group); // a link to a place shows its layer
      marker.layer.openPopup();
    } else if (target) {
      const layer = target.layer;
      map.addLayer(layer);
      // Its popup once its points are unpacked (just after the page has loaded).
      layer.ready.then(function () {
        if (layer.isReady() && map.hasLayer(layer)) { layer.openPoint(target.row); }
      });
    }
  }

  map.on("popupopen", function (event) {
    const popup = /** @type {L.PopupEvent} */ (event).popup;
    open = null;
    keyed.forEach(function (item) {
      if (item.layer instanceof PointGridLayer && item.layer.open && item.layer.open.popup === popup) {
        open = "point=" + item.layer.g60Id + "/" + item.layer.open.index;
      } else if (item.layer instanceof L.LayerGroup) {
        item.layer.eachLayer(function (child) {
          const id = placeIdOf(child);
          if (id && child.getPopup && child.getPopup() === popup) { open = "place=" + id; }
        });
      }
    });
    addCopyButton(popup);
    later();
  });
  map.on("popupclose", function () {
    open = null;
    later();
  });
  map.on("moveend baselayerchange overlayadd overlayremove g60asof", later);

  /** @param {L.Popup} popup */
  function addCopyButton(popup) {
    const node = popup.getElement();
    const content = node && node.querySelector(".leaflet-popup-content > div");
    if (!content || content.querySelector(".g60-copy-link")) { return; }
    const words = localize(payload, mapLang(map));
    const row = el("p", "g60-copy-link");
    const button = el("button", "g60-copy-link-button", words.copy_link);
    button.type = "button";
    const status = el("span", "g60-copy-link-status");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      write(); // the address as it is now, popup and all
      const link = window.location.href;
      const shown = function () {
        // No clipboard (a page opened from disk may have none): the link to copy by hand.
        const field = el("input", "g60-copy-link-field");
        field.readOnly = true;
        field.value = link;
        field.setAttribute("aria-label", words.copy_by_hand);
        status.replaceChildren(field);
        field.select();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(function () {
          status.textContent = words.link_copied;
        }, shown);
      } else {
        shown();
      }
    });
    row.appendChild(button);
    row.appendChild(status);
    content.appendChild(row);
  }
  onLanguage(map, function () {
    // A point's popup gets new content in place: its button too.
    const popups = document.querySelectorAll(".leaflet-popup");
    if (popups.length === 0) { return; }
    map.eachLayer(function (layer) { if (layer instanceof L.Popup) { addCopyButton(layer); } });
  });

  arrive(window.location.hash);
  window.addEventListener("hashchange", function () { arrive(window.location.hash); });
}
