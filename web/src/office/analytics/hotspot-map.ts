// The map of the places that keep coming back: only when the server names a tile server
// (GET /analytics/map, MAP_TILE_URL). Without one there is no map element at all and no tile is
// ever asked for. Leaflet is loaded on first use, so pages without a map do not carry it.
import { h, replace } from '../../lib/dom.ts';
import { getLang, t } from '../../i18n/i18n.ts';
import { formatNumber } from '../../lib/digits.ts';
import { nameIn } from '../format.ts';
import type { Hotspot, MapConfig } from './analytics-types.ts';

import type * as Leaflet from 'leaflet';

export interface HotspotMap {
  /** Draws the points into el (el is emptied and hidden when there is no tile server or no point). */
  draw: (el: HTMLElement, config: MapConfig | null, rows: Hotspot[]) => Promise<void>;
  dispose: () => void;
}

export function buildHotspotMap(): HotspotMap {
  let map: Leaflet.Map | null = null;
  const dispose = () => {
    map?.remove();
    map = null;
  };
  const draw = async (el: HTMLElement, config: MapConfig | null, rows: Hotspot[]) => {
    dispose();
    const points = rows.filter((r) => r.lat !== null && r.lng !== null);
    if (!config?.tileUrl || points.length === 0) {
      replace(el);
      el.hidden = true;
      return;
    }
    // leaflet's package is CommonJS: the bundler hands the namespace over as the default export.
    const mod = (await import('leaflet')) as typeof Leaflet & { default?: typeof Leaflet };
    const L = mod.default ?? mod;
    const box = h('div', { class: 'an-map', testid: 'an-map', attrs: { dir: 'ltr', 'aria-label': t('anMapTitle') } });
    replace(el, box);
    el.hidden = false;
    map = L.map(box, { attributionControl: true, scrollWheelZoom: false });
    L.tileLayer(config.tileUrl, { attribution: config.attribution ?? '', maxZoom: 19 }).addTo(map);
    const lang = getLang();
    const bounds = L.latLngBounds([]);
    const max = Math.max(...points.map((p) => p.count));
    for (const p of points) {
      const at = L.latLng(p.lat!, p.lng!);
      bounds.extend(at);
      L.circleMarker(at, { radius: 6 + (10 * p.count) / max, color: '#b3261e', weight: 2, fillOpacity: 0.35 })
        .bindTooltip(`${nameIn(p.labelFa, p.labelEn, lang)}: ${formatNumber(p.count, lang)}`)
        .addTo(map);
    }
    map.fitBounds(bounds.pad(0.2), { maxZoom: 16 });
  };
  return { draw, dispose };
}
