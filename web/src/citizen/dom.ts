// A tiny element builder for the citizen page (the staff one pulls in the staff strings).
import { t, type CitizenKey } from './i18n.ts';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** Digits (a code, a number) left to right inside RTL text; refreshTexts() rewrites them in the new language's digits. */
export const ltr = (latin: string, shown: string, cls = '') =>
  h('bdi', { dir: 'ltr', class: cls, 'data-digits': latin }, shown);

/**
 * A text that follows the language switch: the element keeps its key (and params), and
 * refreshTexts() writes it again in the new language.
 */
export function tx<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  key: string,
  props: Record<string, string | boolean | undefined> = {},
): HTMLElementTagNameMap[K] {
  return h(tag, { ...props, 'data-k': key }, t(key as CitizenKey));
}

export function refreshTexts(root: ParentNode, text: (key: string) => string, digits: (s: string) => string): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-k]')) el.textContent = text(el.dataset.k!);
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-kp]')) el.placeholder = text(el.dataset.kp!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-digits]')) el.textContent = digits(el.dataset.digits!);
}
