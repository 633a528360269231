// What every page of the back office gives the shell (office-view.ts): its element, its keys and
// its legend, and what it does when the server says a unit's requests changed.
import type { StringKey } from '../i18n/i18n.ts';
import type { InboxChanged, User } from './types.ts';

export interface OfficeContext {
  user: User;
  /** Opens a request's page (keeps the list it was opened from for Esc). */
  openRequest: (id: string) => void;
  /** Back to the list the request was opened from (or the role's home). */
  back: () => void;
  /** The page's keys changed (e.g. a request's actions are known): redraw the legend. */
  legendChanged: () => void;
}

/** A key and what it does, for the legend at the bottom. */
export type LegendEntry = [key: string, label: StringKey];

export interface View {
  el: HTMLElement;
  /** Shown again (back from a request): reload if something changed meanwhile. */
  shown?: () => void;
  /** A key pressed outside any field; true when the view used it. */
  key?: (e: KeyboardEvent) => boolean;
  /** A unit's request changed (socket), or everything may have (reconnected: `e` is null). */
  changed?: (e: InboxChanged | null) => void;
  legend: () => LegendEntry[];
  dispose?: () => void;
}

/** True for keys typed into a field, which are the field's and not the page's. */
export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'file'].includes(type);
}

/**
 * Moves the focus among a list's rows with j/k or the arrows (Home/End too); returns true when the
 * key was one of those. The focused row is the list's selection (Enter opens its link).
 */
export function moveFocus(e: KeyboardEvent, rows: HTMLElement[]): boolean {
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
