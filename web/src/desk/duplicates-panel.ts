// Open requests of the same category in the same neighbourhood, shown while the operator fills in
// the form, so that a second report of the same pothole links to the first instead of a new one.
import { h, replace } from '../lib/dom.ts';
import { t, onLangChange } from '../i18n/i18n.ts';
import { get, post, qs, listOf } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import type { PastRequest } from './types.ts';
import type { RequestForm } from './request-form.ts';
import type { TrackingResult } from './tracking-result.ts';
import { requestCard } from './request-card.ts';
import { notify } from '../lib/notice.ts';

export interface DuplicatesDeps {
  form: RequestForm;
  result: TrackingResult;
  onLinked: (r: PastRequest) => void;
}

export interface DuplicatesPanel {
  el: HTMLElement;
  /** F7: link the caller to the highlighted request (the first unless moved). */
  linkHighlighted: () => void;
  /** Alt+↓ / Alt+↑: highlight the next / previous request; false when there is nothing to move to. */
  move: (delta: number) => boolean;
}

type View =
  { kind: 'hint' } | { kind: 'loading' } | { kind: 'failed' } | { kind: 'list'; items: PastRequest[]; near: boolean };

function buildShell(): { el: HTMLElement; list: HTMLElement; moveHint: HTMLElement } {
  const list = h('div', {
    class: 'dup-list',
    testid: 'dup-list',
    attrs: { 'aria-live': 'polite', 'aria-busy': 'false' },
  });
  // With two or more, the keys that choose the one F7 links.
  const moveHint = h(
    'span',
    { class: 'muted dup-move-hint', testid: 'dup-move-hint', attrs: { hidden: true } },
    h('kbd', { attrs: { dir: 'ltr' } }, 'Alt+↑↓'),
    ' ',
    h('span', { i18n: 'keyDupMove' }),
  );
  const el = h(
    'section',
    { class: 'panel dups', testid: 'dup-panel', attrs: { 'aria-labelledby': 'dup-title' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'dup-title', i18n: 'dupTitle' }), moveHint),
    list,
  );
  return { el, list, moveHint };
}

/** Links the caller (this call, this phone) to `r` as one more reporter; the form is then done. */
async function linkCaller(deps: DuplicatesDeps, r: PastRequest, btn: HTMLButtonElement, err: HTMLElement) {
  btn.disabled = true;
  btn.textContent = t('dupLinking');
  err.textContent = '';
  const res = await post<PastRequest>(`/api/v1/requests/${encodeURIComponent(r.id)}/reporters`, deps.form.context());
  btn.disabled = false;
  btn.textContent = t('dupLink');
  if (res.ok) {
    const linked = res.data && typeof res.data.trackingCode === 'string' ? res.data : r;
    deps.result.show(linked.trackingCode, 'linked');
    deps.onLinked(linked);
    deps.form.linked();
  } else {
    err.textContent = t('dupLinkFailed', { message: errorText(res.status, res.error) });
  }
}

/** One open request with its link button; `onPick` when the operator works in the card. */
function dupCard(deps: DuplicatesDeps, r: PastRequest, onPick: () => void): HTMLElement {
  const err = h('p', { class: 'inline-error', attrs: { role: 'alert' } });
  const btn = h('button', {
    class: 'btn btn-small',
    testid: 'dup-link',
    i18n: 'dupLink',
    attrs: { type: 'button' },
  });
  btn.addEventListener('click', () => void linkCaller(deps, r, btn, err));
  const key = h('kbd', { class: 'dup-key', attrs: { dir: 'ltr', title: t('dupHighlighted') } }, 'F7');
  const card = requestCard(r, {
    excerpt: true,
    actions: [h('div', { class: 'dup-actions' }, btn, key), err],
    testid: 'dup-item',
  });
  // Working in a card (a click, Tab) makes it the one F7 links.
  card.addEventListener('focusin', onPick);
  card.addEventListener('click', onPick);
  return card;
}

/** The highlighted card: outlined, its link button answers to F7. */
function markHighlighted(cards: HTMLElement[], highlighted: number): void {
  cards.forEach((card, i) => {
    const on = i === highlighted;
    card.classList.toggle('is-highlighted', on);
    if (on) card.setAttribute('aria-current', 'true');
    else card.removeAttribute('aria-current');
    const btn = card.querySelector('[data-testid="dup-link"]');
    if (on) btn?.setAttribute('aria-keyshortcuts', 'F7');
    else btn?.removeAttribute('aria-keyshortcuts');
    const key = card.querySelector<HTMLElement>('.dup-key');
    if (key) key.hidden = !on;
  });
}

const EMPTY_KEYS = { hint: 'dupHint', loading: 'dupLoading', failed: 'dupFailed' } as const;

export function buildDuplicatesPanel(deps: DuplicatesDeps): DuplicatesPanel {
  const { el, list, moveHint } = buildShell();
  let view: View = { kind: 'hint' };
  let highlighted = 0;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cards = () => Array.from(list.querySelectorAll<HTMLElement>('[data-testid="dup-item"]'));
  const mark = () => {
    moveHint.hidden = cards().length < 2;
    markHighlighted(cards(), highlighted);
  };
  const pick = (i: number) => () => {
    highlighted = i;
    mark();
  };

  const draw = () => {
    list.setAttribute('aria-busy', String(view.kind === 'loading'));
    moveHint.hidden = true;
    if (view.kind !== 'list') return replace(list, h('p', { class: 'empty', i18n: EMPTY_KEYS[view.kind] }));
    if (view.items.length === 0)
      return replace(list, h('p', { class: 'empty', i18n: view.near ? 'dupNoneNear' : 'dupNone' }));
    replace(list, ...view.items.map((r, i) => dupCard(deps, r, pick(i))));
    return mark();
  };

  const refresh = async () => {
    const { categoryId, neighbourhoodId, lat, lng } = deps.form.selection();
    const mine = ++seq;
    // Same category, and the same neighbourhood or near the map point (either is enough).
    if (!categoryId || (!neighbourhoodId && !lat)) {
      view = { kind: 'hint' };
      return draw();
    }
    view = { kind: 'loading' };
    draw();
    const r = await get<PastRequest[]>(`/api/v1/requests/duplicates${qs({ categoryId, neighbourhoodId, lat, lng })}`);
    if (mine !== seq) return; // the operator changed the choice meanwhile
    view = r.ok ? { kind: 'list', items: listOf<PastRequest>(r), near: Boolean(lat) } : { kind: 'failed' };
    highlighted = 0;
    draw();
  };

  deps.form.onSelection(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 250);
  });
  onLangChange(draw);
  draw();
  return {
    el,
    linkHighlighted: () => {
      const btn = cards()[highlighted]?.querySelector<HTMLButtonElement>('[data-testid="dup-link"]');
      if (!btn) {
        notify(t('dupNothingToLink'));
        return;
      }
      if (!btn.disabled) btn.click();
    },
    move: (delta) => {
      const n = cards().length;
      if (n < 2) return false;
      highlighted = (highlighted + delta + n) % n;
      mark();
      cards()[highlighted]?.scrollIntoView({ block: 'nearest' });
      return true;
    },
  };
}
