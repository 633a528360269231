// The shift hand-over (#/handover) for supervisors, admins and viewers: GET /shifts/handover for
// the shift picked (by default the current one, as the API answers without ?shift=&date=), the
// shift before and after a key away, printable on paper for the incoming supervisor's signature.
// A running shift's figures refresh each minute and when requests change.
import { h, replace, uid, unifyDigitsOnInput } from '../lib/dom.ts';
import { d, getLang, onLangChange, t } from '../i18n/i18n.ts';
import { get, qs } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { normalizeDigits } from '../lib/digits.ts';
import { formatJalaliDateTime } from '../lib/jalali.ts';
import { callsEl, headingEl, operatorsEl, phaseOf, requestsEl, shiftName, type Phase } from './handover-sections.ts';
import { gregorianToJalaliText, parseJalaliInput } from './jalali-input.ts';
import { moveFocus, type LegendEntry, type View } from './view.ts';
import type { Handover } from './types.ts';

type ShiftRef = Handover['shifts']['current'];

interface Picker {
  form: HTMLFormElement;
  shift: HTMLSelectElement;
  date: HTMLInputElement;
  hint: HTMLElement;
}

function buildPicker(): Picker {
  const shift = h('select', { id: uid('ho'), testid: 'ho-shift' });
  const date = h('input', {
    id: uid('ho'),
    testid: 'ho-date',
    class: 'of-date',
    attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', dir: 'ltr', size: 11 },
  });
  unifyDigitsOnInput(date);
  const hint = h('span', { class: 'hint', attrs: { 'aria-live': 'polite' } });
  const field = (label: 'hoShift' | 'hoDate', control: HTMLElement, after: HTMLElement | null = null) =>
    h('div', { class: 'field' }, h('label', { i18n: label, attrs: { for: control.id } }), control, after);
  const form = h(
    'form',
    {
      class: 'ho-picker',
      testid: 'ho-picker',
      attrs: { 'aria-label': t('hoPickLabel'), 'data-i18n-aria-label': 'hoPickLabel' },
    },
    field('hoShift', shift),
    field('hoDate', date, hint),
    h('button', { class: 'btn btn-primary', testid: 'ho-show', i18n: 'hoShow', attrs: { type: 'submit' } }),
  );
  return { form, shift, date, hint };
}

const button = (testid: string, label: 'hoPrevious' | 'hoNext' | 'hoCurrent' | 'hoPrint', onClick: () => void) =>
  h('button', { class: 'btn btn-quiet', testid, i18n: label, attrs: { type: 'button' }, on: { click: onClick } });

/** The layout-independent key: a Persian keyboard gives "ح" for P, the code still says KeyP. */
function keyOf(e: KeyboardEvent): string {
  if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  if (e.code === 'BracketLeft') return '[';
  if (e.code === 'BracketRight') return ']';
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

class HandoverView implements View {
  readonly el: HTMLElement;
  private readonly picker = buildPicker();
  private readonly body = h('div', { class: 'ho-body', testid: 'ho-body', attrs: { 'aria-live': 'polite' } });
  private readonly status = h('p', { class: 'empty', testid: 'ho-status', attrs: { role: 'status' } });
  private readonly printedAt = h('p', { class: 'ho-print-only ho-printed', testid: 'ho-printed' });
  private readonly prev = button('ho-prev', 'hoPrevious', () => this.go(this.data?.shifts.previous ?? null));
  private readonly next = button('ho-next', 'hoNext', () => this.go(this.data?.shifts.next ?? null));
  private readonly current = button('ho-current', 'hoCurrent', () => this.go(null));
  /** The shift asked for; null is "the current one", the API's default. */
  private ref: ShiftRef | null = null;
  private data: Handover | null = null;
  private phase: Phase = 'running';
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly tick: ReturnType<typeof setInterval>;

  constructor() {
    const print = button('ho-print', 'hoPrint', () => this.print());
    this.el = h(
      'section',
      { class: 'of-page ho-page', testid: 'handover', attrs: { 'aria-labelledby': 'ho-title' } },
      h('div', { class: 'of-toolbar' }, h('h2', { id: 'ho-title', i18n: 'hoTitle' })),
      h(
        'div',
        { class: 'ho-controls' },
        this.picker.form,
        h('div', { class: 'ho-nav' }, this.prev, this.current, this.next, print),
      ),
      this.status,
      this.body,
      this.printedAt,
    );
    this.picker.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.pick();
    });
    this.picker.shift.addEventListener('change', () => this.pick());
    this.picker.date.addEventListener('input', () => {
      const g = parseJalaliInput(this.picker.date.value);
      this.picker.date.setAttribute('aria-invalid', String(g === null || g === ''));
      this.picker.hint.textContent = g === null ? t('ofBadDate') : '';
    });
    onLangChange(() => {
      this.picker.date.value = d(normalizeDigits(this.picker.date.value));
      this.fillShifts();
      this.draw();
    });
    // A running shift's figures move: read them again each minute while the page is on screen.
    this.tick = setInterval(() => {
      if (this.el.isConnected && this.phase === 'running' && !document.hidden) void this.load();
    }, 60_000);
    void this.load();
  }

  private go(ref: ShiftRef | null): void {
    if (ref === null && this.ref === null && this.data) return void this.load();
    this.ref = ref;
    void this.load();
  }

  /** The picker's shift and Jalali date, when the date can be read. */
  private pick(): void {
    const day = parseJalaliInput(this.picker.date.value);
    if (!day) {
      this.picker.hint.textContent = t('ofBadDate');
      this.picker.date.focus();
      return;
    }
    this.picker.hint.textContent = '';
    this.go({ name: this.picker.shift.value, date: day });
  }

  private async load(): Promise<void> {
    const mine = ++this.seq;
    this.body.setAttribute('aria-busy', 'true');
    if (!this.data) this.status.textContent = t('ofLoading');
    const r = await get<Handover>(`/api/v1/shifts/handover${qs({ shift: this.ref?.name, date: this.ref?.date })}`);
    if (mine !== this.seq) return;
    this.body.setAttribute('aria-busy', 'false');
    if (!r.ok) {
      this.status.textContent = t('ofLoadFailed', { message: errorText(r.status, r.error) });
      return;
    }
    this.status.textContent = '';
    this.data = r.data;
    this.phase = phaseOf(r.data);
    this.fillShifts();
    this.picker.date.value = d(gregorianToJalaliText(r.data.shift.date));
    this.picker.date.removeAttribute('aria-invalid');
    this.picker.hint.textContent = '';
    this.draw();
  }

  private fillShifts(): void {
    if (!this.data) return;
    const chosen = this.data.shift.name;
    replace(
      this.picker.shift,
      ...this.data.shifts.names.map((n) => h('option', { attrs: { value: n, selected: n === chosen } }, shiftName(n))),
    );
    this.picker.shift.value = chosen;
  }

  private draw(): void {
    const x = this.data;
    if (!x) return;
    // A redraw (each minute) must not take the keyboard's place away: find the same link again.
    const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-testid=ho-request]');
    const focusedCode = this.body.contains(focused ?? null) ? focused?.dataset['trackingCode'] : undefined;
    const asOf = Date.parse(x.shift.asOf);
    const cb = x.pendingCallbacks;
    replace(
      this.body,
      headingEl(x, this.phase),
      callsEl(x.calls),
      h(
        'div',
        { class: 'ho-lists' },
        requestsEl(
          { testid: 'ho-hazards', title: 'hoHazards', none: 'hoHazardsNone', lines: [], ...x.openHazards },
          asOf,
        ),
        requestsEl(
          {
            testid: 'ho-callbacks',
            title: 'hoCallbacks',
            none: 'hoCallbacksNone',
            count: cb.count,
            requests: cb.requests,
            lines: [
              t('hoCallbacksWhy'),
              ...(cb.count ? [t('hoCallbacksSplit', { f: cb.specialFollowUp, o: cb.overdue })] : []),
            ],
          },
          asOf,
        ),
        abandonCallbacksEl(x.callbacks),
      ),
      operatorsEl(x.operators),
      h('p', { class: 'ho-print-only ho-signature' }, t('hoSignature')),
    );
    this.next.disabled = x.shifts.next === null;
    const isCurrent = x.shift.name === x.shifts.current.name && x.shift.date === x.shifts.current.date;
    this.current.disabled = isCurrent && this.ref === null;
    if (focusedCode)
      this.body.querySelector<HTMLElement>(`[data-tracking-code="${focusedCode}"] .of-code-link`)?.focus();
  }

  private print(): void {
    this.printedAt.textContent = t('hoPrintedAt', { time: formatJalaliDateTime(new Date().toISOString(), getLang()) });
    window.print();
  }

  shown(): void {
    // Back from a request: it may have been dealt with meanwhile.
    void this.load();
  }

  changed(): void {
    // Requests changed (a hazard closed, a callback made): only a running shift's lists move.
    if (!this.el.isConnected || this.phase !== 'running') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 1000);
  }

  key(e: KeyboardEvent): boolean {
    if (moveFocus(e, Array.from(this.body.querySelectorAll<HTMLElement>('.of-code-link')))) return true;
    const k = keyOf(e);
    if (k === '[') this.prev.click();
    else if (k === ']') this.next.click();
    else if (k === 'c') this.current.click();
    else if (k === 'p') this.print();
    else if (k === 's' || k === '/') this.picker.shift.focus();
    else return false;
    return true;
  }

  legend(): LegendEntry[] {
    return [
      ['[', 'hoKeyPrevious'],
      [']', 'hoKeyNext'],
      ['C', 'hoKeyCurrent'],
      ['S', 'hoKeyPick'],
      ['P', 'hoKeyPrint'],
      ['J / K', 'ofKeyMove'],
      ['Enter', 'ofKeyOpen'],
    ];
  }

  dispose(): void {
    clearInterval(this.tick);
    if (this.timer) clearTimeout(this.timer);
  }
}

export function buildHandoverView(): View {
  return new HandoverView();
}

/** Callbacks owed to callers who hung up while waiting (src/callbacks), and the shift's dials. */
function abandonCallbacksEl(c: Handover['callbacks'] | undefined): HTMLElement {
  const owed = c?.owed ?? 0;
  return h(
    'section',
    {
      class: `ho-section${owed > 0 ? ' has-items' : ''}`,
      testid: 'ho-abandon-callbacks',
      attrs: { 'data-count': owed },
    },
    h('h3', {}, t('hoAbandonCallbacks'), ' ', h('span', { class: 'ho-count', testid: 'ho-count' }, d(owed))),
    h('p', { class: 'ho-note' }, t('hoAbandonCallbacksWhy')),
    h('p', { class: 'ho-note' }, t('hoAbandonCallbacksMade', { made: c?.made ?? 0, reached: c?.reached ?? 0 })),
  );
}
