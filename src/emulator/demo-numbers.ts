/** Caller numbers as an Iranian trunk delivers them: national format, dialled as-is. */

const MOBILE_PREFIXES = [
  '0912',
  '0913',
  '0915',
  '0917',
  '0919',
  '0935',
  '0936',
  '0937',
  '0938',
  '0939',
  '0901',
  '0902',
  '0990',
  '0921',
  '0922',
];
const NAMES = ['علی رضایی', 'مریم احمدی', 'حسین محمدی', 'زهرا کریمی', 'رضا حسینی', 'فاطمه موسوی'];

export type Rand = () => number;

function digits(n: number, rand: Rand): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

function pick<T>(list: readonly T[], rand: Rand): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** A fresh number: mostly mobiles, then Tehran (021) and Mashhad (051) landlines. */
export function freshNumber(rand: Rand = Math.random): string {
  const r = rand();
  if (r < 0.7) return pick(MOBILE_PREFIXES, rand) + digits(7, rand);
  if (r < 0.88) return '021' + (2 + Math.floor(rand() * 8)) + digits(7, rand);
  return '0513' + digits(7, rand);
}

/**
 * Who calls next: ~5 % hidden numbers, ~30 % repeat callers from a small pool (people calling
 * back about the same request), the rest new numbers. A few carry a Persian display name.
 */
export class CallerPool {
  private readonly pool: string[] = [];

  constructor(private readonly rand: Rand = Math.random) {
    for (let i = 0; i < 12; i++) this.pool.push(freshNumber(rand));
  }

  next(): { from: string; name?: string } {
    const r = this.rand();
    if (r < 0.05) return { from: 'anonymous' };
    const from = r < 0.35 ? pick(this.pool, this.rand) : freshNumber(this.rand);
    return this.rand() < 0.15 ? { from, name: pick(NAMES, this.rand) } : { from };
  }
}
