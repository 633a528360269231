// Keyboard shortcuts for what an operator does hundreds of times a shift, and their visible legend.
// Keys are matched by `code` (physical key) so they work with a Persian keyboard layout too.
import { h } from '../lib/dom.ts';
import type { StringKey } from '../i18n/i18n.ts';

export interface ShortcutActions {
  ready?: () => void;
  pause?: () => void;
  leaveQueue?: () => void;
  focusCategory?: () => void;
  linkDuplicate?: () => void;
  /** Alt+↓ / Alt+↑; told in the duplicates panel itself (the legend must stay one line). */
  moveDuplicate?: (delta: number) => boolean;
  focusDescription?: () => void;
  focusFind: () => void;
  submit?: () => void;
  escape?: () => void;
  template?: (n: number) => boolean;
  /** F9 while a callback task waits: call the citizen back (false: no task, F9 finds as usual). */
  callBack?: () => boolean;
}

interface Binding {
  keys: string;
  label: StringKey;
  action: keyof ShortcutActions;
}

const BINDINGS: Binding[] = [
  { keys: 'F2', label: 'keyReady', action: 'ready' },
  { keys: 'F3', label: 'keyPause', action: 'pause' },
  { keys: 'F4', label: 'keyQueueLogout', action: 'leaveQueue' },
  { keys: 'F6', label: 'keyCategory', action: 'focusCategory' },
  { keys: 'F7', label: 'keyLinkDup', action: 'linkDuplicate' },
  { keys: 'F8', label: 'keyDescription', action: 'focusDescription' },
  { keys: 'F9', label: 'keyFind', action: 'focusFind' },
  { keys: 'F9', label: 'keyCallBack', action: 'callBack' },
  { keys: 'Ctrl+Enter', label: 'keySubmit', action: 'submit' },
  { keys: 'Esc Esc', label: 'keyClear', action: 'escape' },
  { keys: 'Alt+1…9', label: 'keyTemplates', action: 'template' },
];

const FKEYS: Record<string, keyof ShortcutActions> = {
  F2: 'ready',
  F3: 'pause',
  F4: 'leaveQueue',
  F6: 'focusCategory',
  F7: 'linkDuplicate',
  F8: 'focusDescription',
  F9: 'focusFind',
};

export function installShortcuts(a: ShortcutActions): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.code === 'F9' && !e.ctrlKey && !e.altKey && !e.metaKey && a.callBack?.()) {
      e.preventDefault();
      return;
    }
    const fkey = FKEYS[e.code];
    if (fkey && !e.ctrlKey && !e.altKey && !e.metaKey) {
      const fn = a[fkey] as (() => void) | undefined;
      if (fn) {
        e.preventDefault();
        fn();
      }
      return;
    }
    if (e.ctrlKey && (e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter')) {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const own = target?.closest('form');
      // Inside another form (a note), Ctrl+Enter sends that form; elsewhere the request form.
      if (own && own.dataset['testid'] !== 'req-form') own.requestSubmit();
      else a.submit?.();
      e.preventDefault();
      return;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      // Alt+↓ on a list opens it: leave that to the list.
      if ((e.code === 'ArrowDown' || e.code === 'ArrowUp') && !(e.target instanceof HTMLSelectElement)) {
        if (a.moveDuplicate?.(e.code === 'ArrowDown' ? 1 : -1)) e.preventDefault();
        return;
      }
      const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
      if (m && a.template?.(Number(m[1]))) e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && !e.defaultPrevented && a.escape) {
      const target = e.target;
      if (target instanceof HTMLSelectElement) return; // Esc closes an open list first
      a.escape();
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

export function buildLegend(a: ShortcutActions): HTMLElement {
  const items = BINDINGS.filter((b) => a[b.action]).map((b) =>
    h('li', {}, h('kbd', { attrs: { dir: 'ltr' } }, b.keys), ' ', h('span', { i18n: b.label })),
  );
  return h(
    'footer',
    { class: 'legend', testid: 'shortcut-legend', attrs: { 'aria-labelledby': 'keys-title' } },
    h('h2', { id: 'keys-title', class: 'legend-title', i18n: 'keysTitle' }),
    h('ul', {}, ...items),
  );
}
