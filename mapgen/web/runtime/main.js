// @ts-check
/* G60 corridor map runtime: builds layers, popups, the legend and the title block from
 * JSON data written by mapgen (shapes: payloads.d.ts, from mapgen/web/payloads.py).
 *
 * The page calls G60.placeLayer(data), G60.legend(map, data) and so on; mapgen joins these
 * modules into one classic script that runs once per page (mapgen/web/runtime.py).
 */

import { areaLayer } from "./areas.js";
import { initialView, layerSwitcher, legend, scaleBar, tileLayer, titleBlock } from "./controls.js";
import { datumShift, wgsToGcj } from "./datum.js";
import { language } from "./lang.js";
import { deepLinks } from "./links.js";
import { search } from "./search.js";
import { timeline } from "./timeline.js";
import { axisLayer, placeLayer } from "./places.js";
import { pointLayer } from "./points.js";
import { popupContent } from "./popups.js";

/** The runtime's API, the page's only global of its own. */
export const G60 = {
  initialView: initialView,
  placeLayer: placeLayer,
  pointLayer: pointLayer,
  axisLayer: axisLayer,
  areaLayer: areaLayer,
  datumShift: datumShift,
  wgsToGcj: wgsToGcj,
  legend: legend,
  titleBlock: titleBlock,
  language: language,
  layerSwitcher: layerSwitcher,
  tileLayer: tileLayer,
  scaleBar: scaleBar,
  deepLinks: deepLinks,
  search: search,
  timeline: timeline,
  popupContent: popupContent
};

window.G60 = G60;
