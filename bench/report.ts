import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

export type Figures = Record<string, number | string>;
export const LATEST = 'var/bench/latest.json';

/** Merge one benchmark's figures into var/bench/latest.json and print them. */
export function report(name: string, figures: Figures): void {
  mkdirSync(dirname(LATEST), { recursive: true });
  const all = existsSync(LATEST) ? (JSON.parse(readFileSync(LATEST, 'utf8')) as Record<string, Figures>) : {};
  all[name] = { ...figures, measured_at: new Date().toISOString() };
  writeFileSync(LATEST, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(figures))
    console.log(`  ${k.padEnd(28)} ${typeof v === 'number' ? round(v) : v}`);
}

export const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000);

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
