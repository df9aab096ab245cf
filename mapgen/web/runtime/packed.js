// @ts-check
/* Unpacking a point layer's packed buffer (mapgen/web/points.py packs it; the layout is
 * declared in payloads.py: PackedIntsPayload, PackedTextPayload). Pure: no DOM, no
 * Leaflet (the browser's DecompressionStream, Blob, Response and TextDecoder, which Node
 * has too), so Node's test runner checks it against buffers of the real encoder.
 *
 * A million points are a few megabytes of base64: unpacked by the browser's own zlib into
 * one Uint8Array, then read column by column into typed arrays. Text is decoded from
 * UTF-8 once per column, into one string, and each value is a substring of it.
 */

/**
 * @typedef {import("./payloads.js").PackedIntsPayload} PackedIntsPayload
 * @typedef {import("./payloads.js").PackedTextPayload} PackedTextPayload
 */

/**
 * One column's texts: `text(i)` is point i's (a substring of one decoded string).
 * @typedef {{count: number, text: (index: number) => string}} PackedTexts
 */

/**
 * The bytes of base64 text (the browser's own decoder where it has one).
 * @param {string} text
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function base64Bytes(text) {
  const native = /** @type {{fromBase64?: (text: string) => Uint8Array<ArrayBuffer>}} */ (
    /** @type {unknown} */ (Uint8Array)).fromBase64;
  if (typeof native === "function") { return native.call(Uint8Array, text); }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
  return bytes;
}

/**
 * One chunk: base64 of a zlib stream (RFC 1950), unpacked by the browser.
 * @param {string} chunk
 * @returns {Promise<Uint8Array>}
 */
async function inflate(chunk) {
  const stream = new Blob([base64Bytes(chunk)]).stream()
    .pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A layer's buffer: its chunks unpacked (all at once) and joined in order.
 * @param {string[]} chunks base64, each a zlib stream
 * @param {number} size the buffer's length, to check
 * @returns {Promise<Uint8Array>}
 */
export async function unpackChunks(chunks, size) {
  if (typeof DecompressionStream === "undefined") {
    throw new Error("this browser cannot unpack the map's points (it has no DecompressionStream)");
  }
  const parts = await Promise.all(chunks.map(inflate));
  let total = 0;
  for (const part of parts) { total += part.length; }
  if (total !== size) {
    throw new Error("the map's packed points unpack to " + total + " bytes, not " + size +
                    ": the page is damaged");
  }
  if (parts.length === 1) { return parts[0]; }
  const buffer = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    buffer.set(part, at);
    at += part.length;
  }
  return buffer;
}

/**
 * Throw unless bytes [offset, offset + length) are in the buffer.
 * @param {Uint8Array} buffer
 * @param {number} offset
 * @param {number} length
 * @param {string} what
 */
function checkRange(buffer, offset, length, what) {
  if (!(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 &&
        offset + length <= buffer.length)) {
    throw new Error("the map's packed points are damaged: " + what + " at " + offset + " (" +
                    length + " bytes) is outside the buffer of " + buffer.length);
  }
}

/**
 * The `count` integers of one PackedIntsPayload: unsigned integers of `width` bytes,
 * byte-shuffled (every value's lowest byte, then every value's next...), plus `base`;
 * with `delta`, zigzag differences from the value before (the first's from `base`).
 * A Float64Array: exact for every integer the encoder writes (a coordinate of 1e-5
 * degrees, a code, a length), whatever its sign or size.
 * @param {Uint8Array} buffer the layer's unpacked buffer
 * @param {PackedIntsPayload} ref
 * @param {number} count how many values (the layer's points)
 * @returns {Float64Array}
 */
export function unpackInts(buffer, ref, count) {
  const width = ref.width, base = ref.base;
  const values = new Float64Array(count);
  if (count === 0) { return values; }
  if (width !== 1 && width !== 2 && width !== 4) {
    throw new Error("the map's packed points are damaged: integers of " + width + " bytes");
  }
  checkRange(buffer, ref.offset, width * count, "integers");
  const b0 = buffer.subarray(ref.offset, ref.offset + count);
  const b1 = width > 1 ? buffer.subarray(ref.offset + count, ref.offset + 2 * count) : b0;
  const b2 = width > 2 ? buffer.subarray(ref.offset + 2 * count, ref.offset + 3 * count) : b0;
  const b3 = width > 2 ? buffer.subarray(ref.offset + 3 * count, ref.offset + 4 * count) : b0;
  if (ref.delta) {
    // Stored z < 2^32 is a difference d in -2^31..2^31-1: int32 arithmetic gives d exactly,
    // and the running value, a double, stays exact.
    let value = base;
    if (width === 1) {
      for (let i = 0; i < count; i++) {
        const z = b0[i];
        value += (z >>> 1) ^ -(z & 1);
        values[i] = value;
      }
    } else if (width === 2) {
      for (let i = 0; i < count; i++) {
        const z = b0[i] | (b1[i] << 8);
        value += (z >>> 1) ^ -(z & 1);
        values[i] = value;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const z = b0[i] | (b1[i] << 8) | (b2[i] << 16) | (b3[i] << 24); // int32: bits as stored
        value += (z >>> 1) ^ -(z & 1);
        values[i] = value;
      }
    }
  } else if (width === 1) {
    for (let i = 0; i < count; i++) { values[i] = base + b0[i]; }
  } else if (width === 2) {
    for (let i = 0; i < count; i++) { values[i] = base + (b0[i] | (b1[i] << 8)); }
  } else {
    for (let i = 0; i < count; i++) {
      values[i] = base + ((b0[i] | (b1[i] << 8) | (b2[i] << 16) | (b3[i] << 24)) >>> 0);
    }
  }
  return values;
}

/**
 * Codes into a dictionary of `limit` entries (a coded column's, a district's index): the
 * integers of `ref` in a Uint32Array, each checked to be in 0..limit-1.
 * @param {Uint8Array} buffer
 * @param {PackedIntsPayload} ref
 * @param {number} count
 * @param {number} limit
 * @returns {Uint32Array}
 */
export function unpackCodes(buffer, ref, count, limit) {
  const values = unpackInts(buffer, ref, count);
  const codes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const code = values[i];
    if (!(code >= 0 && code < limit)) {
      throw new Error("the map's packed points are damaged: code " + code + " of point " + i +
                      " is not below " + limit);
    }
    codes[i] = code;
  }
  return codes;
}

/**
 * Degrees from integers of 1/scale degrees (the array of the integers, divided in place).
 * @param {Uint8Array} buffer
 * @param {PackedIntsPayload} ref
 * @param {number} count
 * @param {number} scale e.g. 100000 for 1e-5 degrees
 * @returns {Float64Array}
 */
export function unpackDegrees(buffer, ref, count, scale) {
  const values = unpackInts(buffer, ref, count);
  for (let i = 0; i < count; i++) { values[i] /= scale; }
  return values;
}

/**
 * The UTF-16 length of UTF-8 bytes, counted without decoding: every byte that does not
 * continue a character (10xxxxxx) starts one, and a four-byte one (lead F0-F7) is two
 * UTF-16 units (a surrogate pair).
 * @param {Uint8Array} bytes
 * @param {number} from
 * @param {number} to
 * @returns {number}
 */
function utf16Units(bytes, from, to) {
  let units = 0;
  for (let k = from; k < to; k++) {
    const byte = bytes[k];
    if (byte < 0x80) { units++; } else if (byte >= 0xf0) { units += 2; } else if (byte >= 0xc0) { units++; }
  }
  return units;
}

/**
 * A column's texts, front-coded as points.py's Packer.text writes them: text i is the
 * first prefix[i] bytes of text i - 1, then lengths[i] bytes of its own (the own bytes of
 * all texts end to end from `offset`). The texts are put back together as UTF-8 bytes
 * first (a shared prefix may end inside a character), decoded once into one string, and
 * text(i) is the substring between UTF-16 offsets counted from the bytes.
 * @param {Uint8Array} buffer
 * @param {PackedTextPayload} packed
 * @param {number} count
 * @returns {PackedTexts}
 */
export function unpackText(buffer, packed, count) {
  const lengths = unpackInts(buffer, packed.lengths, count);
  const prefix = packed.prefix ? unpackInts(buffer, packed.prefix, count) : new Float64Array(count);
  checkRange(buffer, packed.offset, packed.bytes, "text");
  const own = buffer.subarray(packed.offset, packed.offset + packed.bytes);
  let ownTotal = 0, fullTotal = 0, shared = false;
  const ownStart = new Float64Array(count + 1);
  for (let i = 0, previousLength = 0; i < count; i++) {
    if (prefix[i] > previousLength) {
      throw new Error("the map's packed points are damaged: text " + i + " shares " + prefix[i] +
                      " bytes of a text of " + previousLength);
    }
    previousLength = prefix[i] + lengths[i];
    ownStart[i] = ownTotal;
    ownTotal += lengths[i];
    fullTotal += lengths[i] + prefix[i];
    if (prefix[i] > 0) { shared = true; }
  }
  ownStart[count] = ownTotal;
  if (ownTotal !== packed.bytes) {
    throw new Error("the map's packed points are damaged: text of " + ownTotal + " bytes, not " +
                    packed.bytes);
  }
  /** @type {PackedTexts | null} */
  let whole = null;
  let asked = 0;
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  return {
    count: count,
    text: function (index) {
      if (!(index >= 0 && index < count)) { return ""; }
      // A popup or the points-in-view list asks for a few texts: each is rebuilt from the
      // text before it that shares nothing (points.py starts afresh every FRONT_RESTART
      // texts). The search box asks for all of them: then the column is decoded at once.
      if (whole === null && ++asked > SINGLE_TEXTS) {
        whole = wholeText(own, lengths, prefix, count, fullTotal, shared);
      }
      if (whole !== null) { return whole.text(index); }
      return decoder.decode(oneText(own, ownStart, lengths, prefix, index));
    }
  };
}

// Texts rebuilt one by one before a column is decoded whole (see unpackText).
const SINGLE_TEXTS = 256;

/**
 * The UTF-8 bytes of one front-coded text: back to the nearest text that shares nothing
 * with the one before, then forward.
 * @param {Uint8Array} own
 * @param {Float64Array} ownStart
 * @param {Float64Array} lengths
 * @param {Float64Array} prefix
 * @param {number} index
 * @returns {Uint8Array}
 */
function oneText(own, ownStart, lengths, prefix, index) {
  let first = index;
  while (first > 0 && prefix[first] > 0) { first--; }
  /** @type {number[]} */
  let bytes = [];
  for (let i = first; i <= index; i++) {
    bytes = bytes.slice(0, prefix[i]);
    for (let k = ownStart[i]; k < ownStart[i] + lengths[i]; k++) { bytes.push(own[k]); }
  }
  return Uint8Array.from(bytes);
}

/**
 * A whole column decoded at once (see unpackText).
 * @param {Uint8Array} own
 * @param {Float64Array} lengths
 * @param {Float64Array} prefix
 * @param {number} count
 * @param {number} fullTotal
 * @param {boolean} shared
 * @returns {PackedTexts}
 */
function wholeText(own, lengths, prefix, count, fullTotal, shared) {
  // Each text's bytes, whole, end to end: the own bytes as they are when nothing is shared.
  let bytes = own;
  const byteStart = new Float64Array(count + 1);
  if (shared) {
    bytes = new Uint8Array(fullTotal);
    let at = 0, from = 0, previous = 0, previousLength = 0;
    for (let i = 0; i < count; i++) {
      const keep = prefix[i], length = lengths[i];
      if (keep > previousLength) {
        throw new Error("the map's packed points are damaged: text " + i + " shares " + keep +
                        " bytes of a text of " + previousLength);
      }
      byteStart[i] = at;
      bytes.copyWithin(at, previous, previous + keep);
      if (length > 16) {
        bytes.set(own.subarray(from, from + length), at + keep);
      } else {
        for (let k = 0; k < length; k++) { bytes[at + keep + k] = own[from + k]; }
      }
      previous = at;
      previousLength = keep + length;
      at += previousLength;
      from += length;
    }
    byteStart[count] = at;
  } else {
    let at = 0;
    for (let i = 0; i < count; i++) {
      byteStart[i] = at;
      at += lengths[i];
    }
    byteStart[count] = at;
  }
  // ignoreBOM: a text that starts with U+FEFF keeps it (and the offsets stay right).
  const whole = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const start = new Uint32Array(count + 1);
  let units = 0;
  for (let i = 0; i < count; i++) {
    start[i] = units;
    units += utf16Units(bytes, byteStart[i], byteStart[i + 1]);
  }
  start[count] = units;
  if (units !== whole.length) {
    // Not valid UTF-8 (the encoder never writes that): each text decoded on its own.
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    return {
      count: count,
      text: function (index) {
        if (!(index >= 0 && index < count)) { return ""; }
        return decoder.decode(bytes.subarray(byteStart[index], byteStart[index + 1]));
      }
    };
  }
  return {
    count: count,
    text: function (index) {
      if (!(index >= 0 && index < count)) { return ""; }
      return whole.substring(start[index], start[index + 1]);
    }
  };
}
