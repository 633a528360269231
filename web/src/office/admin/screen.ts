// What each admin screen gives the admin view, and the list keys they share.
import { t } from '../../i18n/i18n.ts';
import { h } from '../../lib/dom.ts';
import type { ApiResult } from '../../lib/api.ts';
import { adminErrorText } from './form-kit.ts';

export interface Screen {
  el: HTMLElement;
  /** The screen is shown (again): read the server's data. */
  shown: () => void;
  /** The language changed: draw the dynamic texts again. */
  redraw: () => void;
  /** A key pressed outside any field while the screen shows; true when used. */
  key?: (e: KeyboardEvent) => boolean;
}

/** j/k or the arrows move among a list's rows (Home/End too); true when the key was one of those. */
export function moveAmong(e: KeyboardEvent, rows: HTMLElement[]): boolean {
  const step = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
  const edge = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : null;
  if (!step && edge === null) return false;
  if (rows.length === 0) return true;
  const at = rows.findIndex((r) => r === document.activeElement || r.contains(document.activeElement));
  const next = edge ?? (at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step)));
  rows[next]!.focus();
  rows[next]!.scrollIntoView({ block: 'nearest' });
  return true;
}

/** The line that says a list is loading, failed (and why), or is empty. */
export function statusLine(): {
  el: HTMLElement;
  loading: () => void;
  failed: (e: unknown) => void;
  clear: () => void;
} {
  const el = h('p', { class: 'empty', attrs: { role: 'status' } });
  return {
    el,
    loading: () => {
      el.textContent = t('adLoading');
    },
    failed: (e) => {
      const r = e as ApiResult<unknown>;
      el.textContent =
        r && r.ok === false ? t('adLoadFailed', { message: adminErrorText(r.status, r.error) }) : String(e);
    },
    clear: () => {
      el.textContent = '';
    },
  };
}

/** A screen's title line with its actions. */
export function toolbar(title: Parameters<typeof t>[0], ...actions: HTMLElement[]): HTMLElement {
  return h('div', { class: 'of-toolbar ad-toolbar' }, h('h2', { i18n: title }), ...actions);
}
