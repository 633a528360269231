// Digit conversion between Latin (0-9), Persian (۰-۹, U+06F0) and Arabic-Indic (٠-٩, U+0660).
// Operators type with Persian keyboards, citizens dictate either; the server only sees Latin.

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Persian and Arabic-Indic digits become Latin digits; everything else is left alone. */
export function normalizeDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    const base = code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_ZERO;
    return String(code - base);
  });
}

/** Latin and Arabic-Indic digits become Persian digits. */
export function toPersianDigits(text: string): string {
  return normalizeDigits(text).replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));
}

export type Lang = 'fa' | 'en';

/** Digits in the script of the interface language: Persian in fa, Latin in en. */
export function localizeDigits(text: string, lang: Lang): string {
  return lang === 'fa' ? toPersianDigits(text) : normalizeDigits(text);
}

/** A number in the interface language (Persian digits and separators in fa). */
export function formatNumber(n: number, lang: Lang, options?: Intl.NumberFormatOptions): string {
  if (!Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', options).format(n);
}

/** Only the digits of an input, normalised to Latin ("۰۹۱۲-۱۲۳" → "0912123"). */
export function digitsOnly(text: string): string {
  return normalizeDigits(text).replace(/[^0-9]/g, '');
}

/**
 * Arabic-Indic digits (٠-٩) typed into a field become the interface's digits, so that a number
 * reads left to right (Arabic-Indic digits are reordered right to left by the bidi algorithm).
 * Same length, so the caret stays where it was.
 */
export function unifyTypedDigits(text: string, lang: Lang): string {
  return text.replace(/[\u0660-\u0669]/g, (ch) => localizeDigits(ch, lang));
}
