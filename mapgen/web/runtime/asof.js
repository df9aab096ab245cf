// @ts-check
/* The date a map shows (the timeline's): null for all of it, as the data is today. Changing
 * it builds again what registered with onLanguage, which reads it here. */

import { rebuild } from "./lang.js";

/** @typedef {{date: string, label: string}} AsOf a first day (ISO) and its words */

/** @type {WeakMap<L.Map, (date: string) => string>} */
const NAMERS = new WeakMap();

/** @type {WeakMap<L.Map, AsOf | null>} the date, and its words when it was set */
const AS_OF = new WeakMap();

/**
 * The date the map shows, named in the map's language now (a date of the timeline in its
 * words, another as it was written).
 * @param {L.Map} map
 * @returns {AsOf | null}
 */
export function asOf(map) {
  const value = AS_OF.get(map);
  if (!value) { return null; }
  const namer = NAMERS.get(map), named = namer ? namer(value.date) : value.date;
  return { date: value.date, label: named === value.date ? value.label : named };
}

/**
 * Show the map as of a date (null: all dates); fires "g60asof" (the address follows it).
 * @param {L.Map} map
 * @param {AsOf | null} value
 */
export function setAsOf(map, value) {
  const now = asOf(map);
  if ((now && value && now.date === value.date) || (!now && !value)) { return; }
  AS_OF.set(map, value);
  rebuild(map);
  map.fire("g60asof");
}

/**
 * How the map names its dates (the timeline's words for each of its dates).
 * @param {L.Map} map
 * @param {(date: string) => string} namer
 */
export function nameDates(map, namer) {
  NAMERS.set(map, namer);
}

/**
 * A date from elsewhere (a link's `asof=2019-06`): its first day, and the text as written
 * (asOf() names one of the timeline's dates in its own words); null when it is no date.
 * @param {string | null} text YYYY, YYYY-MM or YYYY-MM-DD
 * @returns {AsOf | null}
 */
export function asOfFrom(text) {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text || "");
  if (!match) { return null; }
  const date = match[1] + "-" + (match[2] || "01") + "-" + (match[3] || "01");
  return { date: date, label: /** @type {string} */ (text) };
}

/**
 * Whether something dated from `start` (a first day, ISO) is shown as of `value`.
 * @param {string | null | undefined} start
 * @param {AsOf | null} value
 * @returns {boolean}
 */
export function shownAsOf(start, value) {
  return !start || !value || start <= value.date;
}
