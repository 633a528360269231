// The citizen page's own two-language table (the staff strings stay out of its bundle). The
// choice is remembered on the phone; Persian first.
import { localizeDigits, type Lang } from '../lib/digits.ts';
import { citizenEn } from './strings-citizen-en.ts';
import { citizenFa } from './strings-citizen-fa.ts';

export type CitizenKey = keyof typeof citizenFa;
const tables: Record<Lang, { readonly [K in CitizenKey]: string }> = { fa: citizenFa, en: citizenEn };
const STORAGE_KEY = 'cti137.citizen.lang';
const listeners = new Set<() => void>();

function initial(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fa';
  } catch {
    return 'fa';
  }
}

let current: Lang = initial();

export const lang = (): Lang => current;

/** A string of the current language; {name} filled, digits in the language's script. */
export function t(key: CitizenKey, params?: Record<string, string | number>): string {
  let text: string = tables[current][key];
  for (const [name, value] of Object.entries(params ?? {})) text = text.split(`{${name}}`).join(d(value));
  return text;
}

/** Digits as the reader reads them: Persian in fa. */
export const d = (text: string | number): string => localizeDigits(String(text), current);

/** A status or step word; an unknown one is shown as it is. */
export function statusText(status: string): string {
  const key = `st.${status}` as CitizenKey;
  return key in citizenFa ? t(key) : status;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page
  }
  applyDocument();
  for (const fn of listeners) fn();
}

export function onLang(fn: () => void): void {
  listeners.add(fn);
}

export function applyDocument(): void {
  document.documentElement.lang = current;
  document.documentElement.dir = current === 'fa' ? 'rtl' : 'ltr';
  document.title = `${t('title')} · ${t('tabReport')}`;
}

/**
 * A field for numbers (a phone, a code, a coordinate): whatever digits are typed — Persian,
 * Arabic-Indic or Latin — are shown in the page's language, and again after a switch. The value is
 * normalised to Latin digits only when it is sent.
 */
export function localDigitsField(input: HTMLInputElement): HTMLInputElement {
  const apply = () => {
    const v = d(input.value);
    if (v !== input.value) input.value = v;
  };
  input.addEventListener('input', apply);
  onLang(apply);
  return input;
}
