// @ts-check
/* The timeline: the dated events of the data (facts, articles, cities joining) in order, and
 * the map as of any of their dates. A slider steps through the dates (its last stop is "all
 * dates": the map as the data is today); Play steps on by itself; a click on an event goes
 * to its date. As of a date, facts dated later are hidden from the popups, cities that
 * joined later are drawn as not yet members, and the title block names the date. */

import { asOf, nameDates, setAsOf } from "./asof.js";
import { control, el, marked } from "./dom.js";
import { localize, mapLang, onLanguage } from "./lang.js";

/**
 * @typedef {import("./payloads.js").TimelinePayload} TimelinePayload
 * @typedef {import("./asof.js").AsOf} AsOf
 */

const PLAY_STEP_MS = 1200;

/**
 * The timeline control of a map.
 * @param {L.Map} map
 * @param {import("./payloads.js").Bilingual<TimelinePayload>} payload
 * @returns {L.Control}
 */
export function timeline(map, payload) {
  const first = localize(payload, mapLang(map));
  const count = first.dates.length;
  const box = el("details", "g60-timeline g60-panel");
  const summary = el("summary", "", first.heading);
  const row = el("div", "g60-timeline-row");
  const slider = el("input", "g60-timeline-slider");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(count); // the last stop: all dates
  slider.step = "1";
  slider.value = String(count);
  const shown = el("output", "g60-timeline-date");
  const play = el("button", "g60-timeline-play");
  play.type = "button";
  const list = el("ol", "g60-timeline-events");
  row.appendChild(play);
  row.appendChild(slider);
  box.appendChild(summary);
  box.appendChild(row);
  box.appendChild(shown);
  box.appendChild(list);
  let timer = 0;

  /** @returns {TimelinePayload} */
  function words() { return localize(payload, mapLang(map)); }

  /** @param {number} index a date's position; `count` for all dates */
  function go(index) {
    const item = words().dates[index];
    setAsOf(map, item ? { date: item.date, label: item.label } : null);
  }

  function stop() {
    window.clearInterval(timer);
    timer = 0;
    show();
  }

  function show() {
    const data = words(), date = asOf(map);
    summary.textContent = data.heading;
    play.textContent = timer ? data.pause : data.play;
    play.setAttribute("aria-pressed", String(Boolean(timer)));
    // The slider stands on the latest of its dates not after the one shown.
    let index = date ? -1 : count;
    data.dates.forEach(function (item, i) { if (date && item.date <= date.date) { index = i; } });
    slider.value = String(Math.max(index, 0));
    slider.setAttribute("aria-label", data.heading);
    shown.textContent = date ? date.label : data.all_dates;
    slider.setAttribute("aria-valuetext", shown.textContent);
    list.replaceChildren();
    data.events.forEach(function (event) {
      const item = el("li", "g60-timeline-event g60-timeline-" + event.kind);
      if (date && event.date > date.date) { item.classList.add("g60-timeline-later"); }
      const at = data.dates.findIndex(function (d) { return d.date === event.date; });
      const button = el("button", "g60-timeline-go");
      button.type = "button";
      button.appendChild(el("time", "", at >= 0 ? data.dates[at].label : event.date));
      button.appendChild(marked("span", "", event.text)); // a title or a summary: its own language
      button.addEventListener("click", function () { stop(); go(at); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  slider.addEventListener("input", function () {
    const index = Number(slider.value); // before stop() shows the date still set
    stop();
    go(index);
  });
  // The slider's keys are the slider's: the map's keyboard handler would pan with the arrows
  // and cancel them.
  box.addEventListener("keydown", function (event) { event.stopPropagation(); });
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    // From the first date, or on from the one shown; at the end it stops on "all dates".
    let index = asOf(map) ? Number(slider.value) : -1;
    timer = window.setInterval(function () {
      index += 1;
      go(index);
      if (index >= count) { stop(); }
    }, PLAY_STEP_MS);
    go(index = Math.max(index, 0));
    show();
  });

  nameDates(map, function (date) {
    const item = words().dates.find(function (d) { return d.date === date; });
    return item ? item.label : date;
  });
  const ctl = control(map, first.position, function () { return box; });
  onLanguage(map, show); // also called when the date changes
  return ctl;
}
