// The page's globals, for tsc. `L` (Leaflet, inlined before the runtime) is declared by
// @types/leaflet as a UMD global; tsconfig.json's allowUmdGlobalAccess lets modules use it.

interface Window {
  /** The runtime's API (main.js); set once per page, however many maps share the page. */
  G60?: typeof import("./main.js").G60;
}
