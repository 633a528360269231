// Categories and districts change rarely: load them once, and again later if the first try failed
// (the server may still be starting, or the endpoint may not be live yet).
import { get, listOf } from '../lib/api.ts';
import type { Category, District } from './types.ts';

export interface ReferenceData {
  categories: Category[];
  districts: District[];
}

export function loadReferenceData(onData: (data: ReferenceData) => void): void {
  let attempt = 0;
  const load = async () => {
    attempt += 1;
    const [cats, dists] = await Promise.all([
      get<Category[]>('/api/v1/categories'),
      get<District[]>('/api/v1/districts'),
    ]);
    const data: ReferenceData = {
      categories: listOf<Category>(cats),
      districts: listOf<District>(dists).map((x) => ({
        ...x,
        neighbourhoods: Array.isArray(x.neighbourhoods) ? x.neighbourhoods : [],
      })),
    };
    onData(data);
    const missing = data.categories.length === 0 || data.districts.length === 0;
    if (missing && attempt < 20) setTimeout(() => void load(), Math.min(30_000, 3000 * attempt));
  };
  void load();
}

export function nameOf(x: { nameFa: string; nameEn: string }, lang: 'fa' | 'en'): string {
  return lang === 'fa' ? x.nameFa : x.nameEn || x.nameFa;
}
