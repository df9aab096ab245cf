// @ts-check
/* What the search box finds, as pure functions: no DOM, no Leaflet, so Node's test runner
 * checks them as they are (the box itself: search.js).
 *
 * Points are found in their own name column: the names of a layer are joined once into one
 * lowercase string with their row offsets, and a query is found in it with indexOf (native
 * string search: milliseconds for a million names, no loop over the rows in JavaScript).
 */

/** @typedef {{text: string, starts: Int32Array}} NameIndex */

/**
 * Text as the search compares it: full-width forms folded (NFKC), lowercase, single spaces.
 * @param {string} text
 * @returns {string}
 */
export function searchable(text) {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * How well an entry matches a query: 0 its name is the query, 1 starts with it, 2 holds
 * it; -1 no match. Every word of the query must be in the entry.
 * @param {string} text the entry's searchable text
 * @param {string} query searchable
 * @returns {number}
 */
export function matchRank(text, query) {
  if (!query) { return -1; }
  const words = query.split(" ");
  if (!words.every(function (word) { return text.indexOf(word) >= 0; })) { return -1; }
  if (text === query || text.split(" ").indexOf(query) >= 0) { return 0; }
  return text.startsWith(query) ? 1 : 2;
}

/**
 * The names of a layer's points joined into one string, each on its line, with where each
 * starts: `names.indexOf(query)` then finds matching rows without a loop over the rows.
 * @param {(row: number) => string} name
 * @param {number} count
 * @returns {NameIndex}
 */
export function nameIndex(name, count) {
  const starts = new Int32Array(count + 1);
  const parts = new Array(count);
  let at = 0;
  for (let row = 0; row < count; row++) {
    starts[row] = at;
    parts[row] = searchable(name(row)).replace(/\n/g, " ");
    at += parts[row].length + 1;
  }
  starts[count] = at;
  return { text: parts.join("\n") + "\n", starts: starts };
}

/**
 * The rows whose name holds `query`, in row order, at most `limit`.
 * @param {NameIndex} index
 * @param {string} query searchable, no line break
 * @param {number} limit
 * @returns {number[]}
 */
export function rowsNamed(index, query, limit) {
  const rows = [];
  let from = 0;
  while (rows.length < limit) {
    const at = index.text.indexOf(query, from);
    if (at < 0) { break; }
    // The row holding offset `at`: the last start at or before it (binary search).
    let low = 0, high = index.starts.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (index.starts[middle] <= at) { low = middle; } else { high = middle - 1; }
    }
    rows.push(low);
    from = index.starts[low + 1]; // the next row: one result a row
  }
  return rows;
}
