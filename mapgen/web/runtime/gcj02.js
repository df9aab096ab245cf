// @ts-check
/* GCJ-02 ("Mars coordinates"), the datum of AMap's tiles: the WGS-84 -> GCJ-02 formula.
 *
 * The published forward formula, as in prcoords' wgs_gcj (Krasovsky 1940 constants), on
 * plain numbers; tests/js/gcj02.test.js compares it with prcoords. Outside China it leaves
 * points as they are. Pure, so Node's test runner checks it without Leaflet.
 */

const GCJ_A = 6378245.0; // Krasovsky 1940: semi-major axis (m)
const GCJ_EE = 0.00669342162296594323; // and eccentricity squared

/**
 * Whether the formula applies: prcoords' rough box around China, edges included.
 * @param {number} lat
 * @param {number} lon
 * @returns {boolean}
 */
export function insideChina(lat, lon) {
  return lat >= 0.8293 && lat <= 55.8271 && lon >= 72.004 && lon <= 137.8347;
}

/**
 * The offset in metres (north, east) at x = lon - 105, y = lat - 35.
 * @param {number} x
 * @param {number} y
 * @returns {[number, number]}
 */
function gcjOffsetMetres(x, y) {
  const north = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
    (2 * Math.sin(x * 6 * Math.PI) + 2 * Math.sin(x * 2 * Math.PI) + 2 * Math.sin(y * Math.PI) +
     4 * Math.sin(y / 3 * Math.PI) + 16 * Math.sin(y / 12 * Math.PI) +
     32 * Math.sin(y / 30 * Math.PI)) * 20 / 3;
  const east = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
    (2 * Math.sin(x * 6 * Math.PI) + 2 * Math.sin(x * 2 * Math.PI) + 2 * Math.sin(x * Math.PI) +
     4 * Math.sin(x / 3 * Math.PI) + 15 * Math.sin(x / 12 * Math.PI) +
     30 * Math.sin(x / 30 * Math.PI)) * 20 / 3;
  return [north, east];
}

/**
 * A WGS-84 position in GCJ-02, in degrees; unchanged outside China.
 * @param {number} lat
 * @param {number} lon
 * @returns {[number, number]} [lat, lon]
 */
export function gcjFromWgs(lat, lon) {
  if (!insideChina(lat, lon)) { return [lat, lon]; }
  const [north, east] = gcjOffsetMetres(lon - 105, lat - 35);
  const radLat = lat / 180 * Math.PI;
  const magic = 1 - GCJ_EE * Math.sin(radLat) * Math.sin(radLat);
  // Metres in a degree of latitude and of longitude here, on the Krasovsky ellipsoid.
  const latDegree = (GCJ_A * (1 - GCJ_EE)) / Math.pow(magic, 1.5) * Math.PI / 180;
  const lonDegree = GCJ_A * Math.cos(radLat) / Math.sqrt(magic) * Math.PI / 180;
  return [lat + north / latDegree, lon + east / lonDegree];
}
