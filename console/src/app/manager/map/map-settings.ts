/**
 * The optional tile layer: none by default (gate networks often have no internet). A URL
 * template can come from the build (`VITE_TILE_URL`) or be set on the map page (kept in this
 * browser). The API's Content-Security-Policy allows images from its own origin only, so a tile
 * server must be reachable through the same host (e.g. a local tile cache proxied at /tiles/).
 */

export const TILE_URL_STORAGE_KEY = 'borderflow.tileUrl';

/** A usable `{z}/{x}/{y}` template, or null. */
export function normaliseTileUrl(value: string | null | undefined): string | null {
  const url = value?.trim() ?? '';
  return url !== '' && url.includes('{z}') && url.includes('{x}') && url.includes('{y}') ? url : null;
}

/** The configured tile URL template (this browser's setting first, then the build's), or null. */
export function configuredTileUrl(): string | null {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(TILE_URL_STORAGE_KEY);
  } catch {
    // storage disabled: build setting only
  }
  return normaliseTileUrl(stored) ?? normaliseTileUrl(import.meta.env?.VITE_TILE_URL as string | undefined);
}

export function saveTileUrl(value: string | null): void {
  try {
    const url = normaliseTileUrl(value);
    if (url) localStorage.setItem(TILE_URL_STORAGE_KEY, url);
    else localStorage.removeItem(TILE_URL_STORAGE_KEY);
  } catch {
    // not remembered
  }
}
