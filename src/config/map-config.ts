import { z } from 'zod';

// The analytics page's map (src/analytics, GET /analytics/map): a tile server URL template, or none
// (then no map and no tile is ever fetched). Its origin joins the CSP's img-src.
export const MAP_ENV = {
  MAP_TILE_URL: z
    .string()
    .regex(/^(https?:\/\/|\/)\S*\{z\}\S*\{x\}\S*\{y\}\S*$/, 'a tile URL template with {z}, {x} and {y}')
    .optional(),
  MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
};

export interface MapSettings {
  tileUrl: string;
  attribution: string | null;
  /** CSP img-src entries for the tiles: the server's origin, `{s}` subdomains as a wildcard. */
  imgSources: string[];
}

type MapEnv = z.infer<z.ZodObject<typeof MAP_ENV>>;

/** The map settings, or null (no tile server); a template that is no URL is a problem. */
export function mapSettings(e: MapEnv, problems: string[]): MapSettings | null {
  const template = e.MAP_TILE_URL;
  if (!template) return null;
  let imgSources: string[] = [];
  if (!template.startsWith('/')) {
    const url = template.replace(/\{s\}/g, 'sub-domain').replace(/\{[a-z]+\}/g, '0');
    if (!URL.canParse(url)) {
      problems.push(`MAP_TILE_URL: "${template}" is not a URL template (https://tiles.example/{z}/{x}/{y}.png)`);
      return null;
    }
    const u = new URL(url);
    imgSources = [`${u.protocol}//${u.host.replace('sub-domain', '*')}`];
  }
  return { tileUrl: template, attribution: e.MAP_TILE_ATTRIBUTION ?? null, imgSources };
}
