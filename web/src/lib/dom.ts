// A small element builder: enough to write views as functions without a framework.
import type { StringKey } from '../i18n/i18n.ts';
import { getLang, t } from '../i18n/i18n.ts';
import { unifyTypedDigits } from './digits.ts';

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  testid?: string;
  /** Text from the i18n table, refreshed on language change. */
  i18n?: StringKey;
  text?: string;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.testid) el.dataset['testid'] = props.testid;
  if (props.i18n) {
    el.setAttribute('data-i18n', props.i18n);
    el.textContent = t(props.i18n);
  }
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, fn] of Object.entries(props.on ?? {})) {
    el.addEventListener(type, fn as EventListener);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Replace all children of el. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** Text that must keep left-to-right order inside Persian text (phones, codes, grouped digits). */
export function ltr(text: string, props: Props = {}): HTMLElement {
  const el = h('bdi', props, text);
  el.setAttribute('dir', 'ltr');
  return el;
}

/** Keeps the digits typed into a number field in one script (see unifyTypedDigits). */
export function unifyDigitsOnInput(input: HTMLInputElement): void {
  input.addEventListener('input', () => {
    const next = unifyTypedDigits(input.value, getLang());
    if (next === input.value) return;
    const { selectionStart, selectionEnd } = input;
    input.value = next;
    input.setSelectionRange(selectionStart, selectionEnd);
  });
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
