// One table, two languages. Static labels carry data-i18n* attributes and are refreshed by
// applyI18n(); views with dynamic text subscribe with onLangChange() and re-render themselves.
import { fa as deskFa } from './strings-fa.ts';
import { en as deskEn } from './strings-en.ts';
import { officeFa } from './strings-office-fa.ts';
import { officeEn } from './strings-office-en.ts';
import { adminFa } from './strings-admin-fa.ts';
import { adminEn } from './strings-admin-en.ts';
import { handoverFa } from './strings-handover-fa.ts';
import { handoverEn } from './strings-handover-en.ts';
import { analyticsFa } from './strings-analytics-fa.ts';
import { analyticsEn } from './strings-analytics-en.ts';
import { triageFa } from './strings-triage-fa.ts';
import { triageEn } from './strings-triage-en.ts';
import { localizeDigits, type Lang } from '../lib/digits.ts';

export type { Lang };
const fa = { ...deskFa, ...officeFa, ...adminFa, ...handoverFa, ...analyticsFa, ...triageFa } as const;
const en = { ...deskEn, ...officeEn, ...adminEn, ...handoverEn, ...analyticsEn, ...triageEn };
export type StringKey = keyof typeof fa;

const tables: Record<Lang, { readonly [K in StringKey]: string }> = { fa, en };
const STORAGE_KEY = 'cti137.lang';
const listeners = new Set<(lang: Lang) => void>();

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fa';
  } catch {
    return 'fa';
  }
}

let current: Lang = initialLang();

export function getLang(): Lang {
  return current;
}

/** A string of the current language; {name} placeholders filled from params (already localised). */
export function t(key: StringKey, params?: Record<string, string | number>): string {
  let text: string = tables[current][key];
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      const v = typeof value === 'number' ? localizeDigits(String(value), current) : value;
      text = text.split(`{${name}}`).join(v);
    }
  }
  return text;
}

/** Text that may hold digits (codes, numbers, times), in the digits of the current language. */
export function d(text: string | number): string {
  return localizeDigits(String(text), current);
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyDocumentLang();
  applyI18n(document.body);
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function applyDocumentLang(): void {
  const root = document.documentElement;
  root.lang = current;
  root.dir = current === 'fa' ? 'rtl' : 'ltr';
  document.title = t('appTitle');
}

const ATTRS: Array<[string, (el: HTMLElement, text: string) => void]> = [
  [
    'data-i18n',
    (el, text) => {
      el.textContent = text;
    },
  ],
  ['data-i18n-placeholder', (el, text) => el.setAttribute('placeholder', text)],
  ['data-i18n-aria-label', (el, text) => el.setAttribute('aria-label', text)],
  ['data-i18n-title', (el, text) => el.setAttribute('title', text)],
];

/** Refresh every element under root that names its text by key. */
export function applyI18n(root: ParentNode): void {
  for (const [attr, apply] of ATTRS) {
    const selector = `[${attr}]`;
    const els: HTMLElement[] = [];
    if (root instanceof HTMLElement && root.matches(selector)) els.push(root);
    els.push(...Array.from(root.querySelectorAll<HTMLElement>(selector)));
    for (const el of els) {
      const key = el.getAttribute(attr) as StringKey;
      if (key in fa) apply(el, t(key));
    }
  }
}
