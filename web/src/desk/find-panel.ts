// Find a request by tracking code or phone (any digits: ۰-۹, ٠-٩, 0-9), and add a follow-up note.
import { h, ltr, replace, uid, unifyDigitsOnInput } from '../lib/dom.ts';
import { t, d, onLangChange } from '../i18n/i18n.ts';
import { get, post, qs, listOf } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { classifyFindQuery } from '../lib/phone.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import type { PastRequest } from './types.ts';
import { requestCard } from './request-card.ts';
import { sortRequests } from './request-status.ts';
import { statusForm } from './status-form.ts';

export interface FindPanelOptions {
  /** A note was added: the request's fresh data (with its latest follow-ups). */
  onNoteAdded?: (r: PastRequest) => void;
}

export interface FindPanel {
  el: HTMLElement;
  focus: () => void;
  /** Fill the box and search (e.g. a tracking code clicked in the screen-pop). */
  search: (text: string) => void;
}

type View =
  | { kind: 'empty' }
  | { kind: 'message'; key: 'findInvalid' | 'findLoading' | 'findNone' }
  | { kind: 'failed'; message: string }
  | { kind: 'list'; items: PastRequest[] };

/** The request again, with its follow-ups (null when it could not be read). */
async function reload(r: PastRequest): Promise<PastRequest | null> {
  const res = await get<PastRequest[]>(`/api/v1/requests${qs({ trackingCode: r.trackingCode })}`);
  return listOf<PastRequest>(res).find((x) => x && x.id === r.id) ?? null;
}

/** A follow-up note, folded away until wanted so that results stay short. */
function noteForm(r: PastRequest, onAdded: (fresh: PastRequest, form: HTMLElement) => void): HTMLElement {
  const id = uid('note');
  const text = h('textarea', {
    id,
    class: 'note-text',
    testid: 'note-text',
    attrs: { rows: 2, maxlength: 2000, dir: 'auto' },
  });
  const status = h('p', { class: 'note-status', attrs: { role: 'status' } });
  const btn = h('button', { class: 'btn btn-small', testid: 'note-add', i18n: 'noteAdd', attrs: { type: 'submit' } });
  const form = h(
    'form',
    { class: 'note-form' },
    h(
      'label',
      { attrs: { for: id } },
      t('noteLabel', { code: '' }).trim(),
      ' ',
      ltr(d(groupTrackingCode(r.trackingCode))),
    ),
    text,
    h('div', { class: 'note-actions' }, btn, status),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value) {
      status.textContent = t('noteEmpty');
      text.focus();
      return;
    }
    btn.disabled = true;
    const res = await post(`/api/v1/requests/${encodeURIComponent(r.id)}/notes`, { text: value });
    btn.disabled = false;
    if (res.ok) {
      text.value = '';
      status.textContent = t('noteAdded');
      const fresh = await reload(r);
      if (fresh) onAdded(fresh, form);
    } else {
      status.textContent = t('noteFailed', { message: errorText(res.status, res.error) });
    }
  });
  return h('details', { class: 'note' }, h('summary', { i18n: 'noteToggle', testid: 'note-toggle' }), form);
}

function buildShell(): { el: HTMLElement; form: HTMLFormElement; input: HTMLInputElement; results: HTMLElement } {
  const input = h('input', {
    id: 'find-input',
    testid: 'find-input',
    attrs: { type: 'search', autocomplete: 'off', inputmode: 'numeric', dir: 'ltr', 'aria-keyshortcuts': 'F9' },
  });
  unifyDigitsOnInput(input);
  const results = h('div', { class: 'find-results', testid: 'find-results', attrs: { 'aria-live': 'polite' } });
  const form = h(
    'form',
    { class: 'find-form', attrs: { role: 'search' } },
    h('label', { i18n: 'findLabel', attrs: { for: 'find-input' } }),
    h(
      'div',
      { class: 'inline' },
      input,
      h('button', { class: 'btn', testid: 'find-submit', i18n: 'findSubmit', attrs: { type: 'submit' } }),
    ),
  );
  const el = h(
    'section',
    { class: 'panel find', testid: 'find-panel', attrs: { 'aria-labelledby': 'find-title' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'find-title', i18n: 'findTitle' })),
    form,
    results,
  );
  return { el, form, input, results };
}

type NoteAdded = (fresh: PastRequest, form: HTMLElement) => void;

function drawResults(results: HTMLElement, view: View, noteAdded: NoteAdded): void {
  switch (view.kind) {
    case 'empty':
      return replace(results);
    case 'message':
      return replace(results, h('p', { class: 'empty', i18n: view.key }));
    case 'failed':
      return replace(results, h('p', { class: 'inline-error', text: t('findFailed', { message: view.message }) }));
    case 'list': {
      if (view.items.length === 0) return replace(results, h('p', { class: 'empty', i18n: 'findNone' }));
      const { open, closed } = sortRequests(view.items);
      return replace(
        results,
        h('p', { class: 'muted', text: t('findCount', { n: view.items.length }) }),
        ...[...open, ...closed].map((r) =>
          requestCard(r, {
            excerpt: true,
            events: true,
            // A status change refreshes the card as a note does (the change is one more follow-up).
            actions: [noteForm(r, noteAdded), statusForm(r, (form) => void refreshCard(r, form, noteAdded))],
            testid: 'find-item',
          }),
        ),
      );
    }
  }
}

async function refreshCard(r: PastRequest, form: HTMLElement, noteAdded: NoteAdded): Promise<void> {
  const fresh = await reload(r);
  if (fresh) noteAdded(fresh, form);
}

/**
 * The card of a request that got a note or a new status is drawn again from its fresh data (status,
 * deadline, follow-ups opened with the new one); its forms are moved over as they are, open, with
 * their message, and the keyboard stays where it was.
 */
function showFresh(fresh: PastRequest, form: HTMLElement): void {
  const card = form.closest('article');
  if (!card) return;
  const focused = card.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
  const actions = Array.from(card.querySelectorAll(':scope > details.note'));
  const next = requestCard(fresh, { excerpt: true, events: true, actions, testid: 'find-item' });
  const events = next.querySelector<HTMLDetailsElement>(':scope > details.req-events');
  if (events) events.open = true;
  card.replaceWith(next);
  focused?.focus({ preventScroll: true });
}

export function buildFindPanel(opts: FindPanelOptions = {}): FindPanel {
  const { el, form, input, results } = buildShell();
  let view: View = { kind: 'empty' };
  let seq = 0;

  const draw = () => drawResults(results, view, noteAdded);

  // The card shows the new note at once (opened), the list keeps it for a redraw, the pop is told.
  const noteAdded: NoteAdded = (fresh, noteEl) => {
    if (view.kind === 'list') view = { kind: 'list', items: view.items.map((x) => (x.id === fresh.id ? fresh : x)) };
    showFresh(fresh, noteEl);
    opts.onNoteAdded?.(fresh);
  };

  const run = async () => {
    const q = classifyFindQuery(input.value);
    const mine = ++seq;
    if (q.kind === 'invalid') {
      view = input.value.trim() ? { kind: 'message', key: 'findInvalid' } : { kind: 'empty' };
      return draw();
    }
    view = { kind: 'message', key: 'findLoading' };
    draw();
    const r = await get<PastRequest[]>(
      `/api/v1/requests${qs(q.kind === 'phone' ? { phone: q.value } : { trackingCode: q.value })}`,
    );
    if (mine !== seq) return;
    view = r.ok
      ? { kind: 'list', items: listOf<PastRequest>(r) }
      : { kind: 'failed', message: errorText(r.status, r.error) };
    draw();
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && input.value) {
      e.stopPropagation();
      input.value = '';
      view = { kind: 'empty' };
      draw();
    }
  });
  onLangChange(() => {
    // A code put here from the pop was shown in the interface's digits: follow the language.
    if (input.value) input.value = d(input.value);
    draw();
  });
  return {
    el,
    focus: () => {
      input.focus();
      input.select();
    },
    search: (text) => {
      input.value = d(text);
      void run();
      el.scrollIntoView({ block: 'nearest' });
    },
  };
}
