import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';

// The analytics map's tile server: none by default (no map, no tiles), a template with {z}/{x}/{y},
// its origin handed to the CSP's img-src ({s} subdomains as a wildcard; a path of ours needs none).
describe('map configuration (MAP_TILE_URL)', () => {
  it('has no map unless a tile server is named', () => {
    expect(loadConfig({}).map).toBeNull();
    expect(loadConfig({ MAP_TILE_ATTRIBUTION: '© somebody' }).map).toBeNull();
  });

  it('takes a template, its attribution, and the origin the browser may load tiles from', () => {
    const osm = loadConfig({
      MAP_TILE_URL: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© OpenStreetMap contributors',
    }).map;
    expect(osm).toEqual({
      tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap contributors',
      imgSources: ['https://*.tile.openstreetmap.org'],
    });
    expect(loadConfig({ MAP_TILE_URL: 'http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png' }).map?.imgSources).toEqual([
      'http://10.0.0.5:8080',
    ]);
    expect(loadConfig({ MAP_TILE_URL: '/tiles/{z}/{x}/{y}.png' }).map).toEqual({
      tileUrl: '/tiles/{z}/{x}/{y}.png',
      attribution: null,
      imgSources: [],
    });
  });

  it('refuses what is not a tile template, naming the variable', () => {
    for (const bad of ['https://tiles.city.ir/map.png', 'ftp://tiles/{z}/{x}/{y}.png', 'tiles/{z}/{x}/{y}'])
      expect(() => loadConfig({ MAP_TILE_URL: bad }), bad).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ MAP_TILE_URL: 'https:// bad/{z}/{x}/{y}' })).toThrow(ConfigError);
  });
});
