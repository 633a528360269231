// Numbers and Jalali dates said by the IVR, built from the small prompts of scripts/prompts.tsv
// (num-0..19, tens, hundreds, thousand/million/billion, "and", month-1..12). Pure functions: they
// return sound names (`cti137/num-5`), the caller adds `sound:` and plays them in one ARI play.
// Persian joins every part with "o" (and): 1403 is "hezār o chahārsad o se", and says "hezār"
// alone for one thousand. English (the prompts beside the Persian ones) says "one thousand four
// hundred and three".

export type SpeechLang = 'fa' | 'en';

const P = 'cti137/';
const num = (n: number) => `${P}num-${n}`;
const AND = `${P}and`;
const SCALES: Array<[number, string]> = [
  [1_000_000_000, num(1_000_000_000)],
  [1_000_000, num(1_000_000)],
  [1_000, num(1_000)],
];

/** 1..999 in Persian: hundreds, tens and units, each part joined by "and". */
function belowThousandFa(n: number): string[] {
  const parts: string[][] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h) parts.push([num(h * 100)]);
  if (r >= 20) {
    parts.push([num(Math.floor(r / 10) * 10)]);
    if (r % 10) parts.push([num(r % 10)]);
  } else if (r) parts.push([num(r)]);
  return joinWith(parts, AND);
}

/** 1..999 in English: "four hundred and three", "twenty" "two". */
function belowThousandEn(n: number): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h) out.push(num(h * 100));
  if (h && r) out.push(AND);
  if (r >= 20) {
    out.push(num(Math.floor(r / 10) * 10));
    if (r % 10) out.push(num(r % 10));
  } else if (r) out.push(num(r));
  return out;
}

function joinWith(parts: string[][], sep: string): string[] {
  return parts.flatMap((p, i) => (i === 0 ? p : [sep, ...p]));
}

/** A whole number from 0 to 999,999,999,999 as sound names. */
export function speakNumber(n: number, lang: SpeechLang = 'fa'): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999_999_999_999)
    throw new RangeError(`speakNumber: ${n} is not a whole number from 0 to 999999999999`);
  if (n === 0) return [num(0)];
  const groups: string[][] = [];
  let rest = n;
  for (const [size, word] of SCALES) {
    const count = Math.floor(rest / size);
    rest %= size;
    if (!count) continue;
    // Persian says "hezār", not "yek hezār"; millions and billions keep their "yek".
    if (lang === 'fa' && count === 1 && size === 1_000) groups.push([word]);
    else groups.push([...(lang === 'fa' ? belowThousandFa(count) : belowThousandEn(count)), word]);
  }
  if (rest) groups.push(lang === 'fa' ? belowThousandFa(rest) : belowThousandEn(rest));
  if (lang === 'fa') return joinWith(groups, AND);
  // English: "one thousand and five" when the last group has no hundreds.
  const last = groups.length > 1 && rest > 0 && rest < 100;
  return groups.flatMap((g, i) => (last && i === groups.length - 1 ? [AND, ...g] : g));
}

/** Digit by digit (a tracking code, a phone number). Anything but 0-9 is skipped. */
export function speakDigits(digits: string): string[] {
  return [...digits].filter((d) => d >= '0' && d <= '9').map((d) => num(Number(d)));
}

export interface JalaliDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The Solar Hijri date of an instant in the centre's time zone (ICU's `persian` calendar). */
export function toJalali(date: Date, timeZone = 'Asia/Tehran'): JalaliDate {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** "22 Bahman 1403" as Persian callers say it: day, month name, year, all from prompts. */
export function speakJalaliDate(date: Date, opts: { timeZone?: string; lang?: SpeechLang } = {}): string[] {
  if (Number.isNaN(date.getTime())) throw new RangeError('speakJalaliDate: invalid date');
  const lang = opts.lang ?? 'fa';
  const j = toJalali(date, opts.timeZone);
  return [...speakNumber(j.day, lang), `${P}month-${j.month}`, ...speakNumber(j.year, lang)];
}
