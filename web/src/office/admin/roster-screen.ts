// The roster: which operator works which shift, every day or on one weekday, optionally between
// two Jalali dates. The table is edited here and saved whole (PUT /roster); the wallboard and
// the hand-over read it. Keys: n new row; in a row, Delete removes it.
import { d, t, type StringKey } from '../../i18n/i18n.ts';
import { get, put } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import { gregorianToJalaliText, parseJalaliInput } from '../jalali-input.ts';
import { loadUsers, type AdminUser } from './admin-data.ts';
import { adminErrorText, formError, selectOf, textInput } from './form-kit.ts';
import { statusLine, toolbar, type Screen } from './screen.ts';

interface RosterEntry {
  operatorId: string;
  shift: string;
  weekday: string | null;
  from: string | null;
  to: string | null;
}

const WEEKDAYS: Array<[string, StringKey]> = [
  ['sat', 'adDaySat'],
  ['sun', 'adDaySun'],
  ['mon', 'adDayMon'],
  ['tue', 'adDayTue'],
  ['wed', 'adDayWed'],
  ['thu', 'adDayThu'],
  ['fri', 'adDayFri'],
];

const HEADS: StringKey[] = ['adOperator', 'adShift', 'adWeekday', 'adFrom', 'adTo', 'adRemove'];

/** A Jalali date field for a roster day (YYYY-MM-DD in the entry); '' clears it. */
function dateInput(day: string | null, label: StringKey, set: (v: string | null) => void): HTMLInputElement {
  const input = textInput(day ? d(gregorianToJalaliText(day)) : '', { ltr: true, max: 10 });
  input.placeholder = d('1404/01/01');
  input.setAttribute('aria-label', t(label));
  input.addEventListener('change', () => {
    const v = parseJalaliInput(input.value);
    input.setAttribute('aria-invalid', String(v === null));
    if (v !== null) set(v || null);
  });
  return input;
}

function labelled<T extends HTMLElement>(el: T, label: StringKey): T {
  el.setAttribute('aria-label', t(label));
  return el;
}

class RosterScreen implements Screen {
  readonly el: HTMLElement;
  private entries: RosterEntry[] = [];
  private operators: AdminUser[] = [];
  private shifts: string[] = [];
  private readonly status = statusLine();
  private readonly error = formError();
  private readonly tbody = h('tbody', {});
  private readonly addBtn = h('button', {
    class: 'btn',
    i18n: 'adRosterAdd',
    attrs: { type: 'button', 'aria-keyshortcuts': 'n' },
    on: { click: () => this.add() },
  });

  constructor() {
    const saveBtn = h('button', {
      class: 'btn btn-primary',
      testid: 'roster-save',
      i18n: 'adSave',
      attrs: { type: 'button' },
      on: { click: () => void this.save() },
    });
    const head = h('tr', {}, ...HEADS.map((k) => h('th', { i18n: k, attrs: { scope: 'col' } })));
    this.el = h(
      'div',
      { class: 'ad-screen', testid: 'admin-roster' },
      toolbar('adRosterTitle', this.addBtn, saveBtn),
      h('p', { class: 'hint', i18n: 'adRosterHint' }),
      this.status.el,
      this.error,
      h('table', { class: 'ad-table ad-roster', testid: 'roster-table' }, h('thead', {}, head), this.tbody),
    );
  }

  shown(): void {
    void this.reload();
  }

  redraw(): void {
    this.draw();
  }

  key(e: KeyboardEvent): boolean {
    if (e.key !== 'n') return false;
    this.add();
    return true;
  }

  private row(e: RosterEntry, i: number): HTMLElement {
    const opChoices = this.operators.map(
      (o) => [o.operatorId!, `${o.displayName} (${d(o.extension ?? '—')})`] as [string, string],
    );
    const op = labelled(selectOf(opChoices, e.operatorId), 'adOperator');
    op.addEventListener('change', () => (e.operatorId = op.value));
    const shift = labelled(
      selectOf(
        this.shifts.map((s) => [s, s]),
        e.shift,
      ),
      'adShift',
    );
    shift.addEventListener('change', () => (e.shift = shift.value));
    const days = [['', t('adEveryDay')], ...WEEKDAYS.map(([v, k]) => [v, t(k)])] as Array<[string, string]>;
    const day = labelled(selectOf(days, e.weekday ?? ''), 'adWeekday');
    day.addEventListener('change', () => (e.weekday = day.value || null));
    const remove = h('button', {
      class: 'btn btn-small btn-quiet',
      i18n: 'adRemove',
      attrs: { type: 'button' },
      on: { click: () => this.drop(i) },
    });
    return h(
      'tr',
      { testid: 'roster-row' },
      h('td', {}, op),
      h('td', {}, shift),
      h('td', {}, day),
      h(
        'td',
        {},
        dateInput(e.from, 'adFrom', (v) => (e.from = v)),
      ),
      h(
        'td',
        {},
        dateInput(e.to, 'adTo', (v) => (e.to = v)),
      ),
      h('td', {}, remove),
    );
  }

  private draw(): void {
    replace(this.tbody, ...this.entries.map((e, i) => this.row(e, i)));
    this.status.el.textContent = this.entries.length
      ? t('adRosterCount', { n: this.entries.length })
      : t('adRosterEmpty');
  }

  private add(): void {
    if (!this.operators.length || !this.shifts.length) return;
    this.entries.push({
      operatorId: this.operators[0]!.operatorId!,
      shift: this.shifts[0]!,
      weekday: null,
      from: null,
      to: null,
    });
    this.draw();
    this.tbody.lastElementChild?.querySelector('select')?.focus();
  }

  private drop(i: number): void {
    this.entries.splice(i, 1);
    this.draw();
    (this.tbody.children[Math.min(i, this.entries.length - 1)]?.querySelector('select') ?? this.addBtn).focus();
  }

  private async save(): Promise<void> {
    this.error.textContent = '';
    const r = await put<{ entries: RosterEntry[] }>('/api/v1/roster', { entries: this.entries });
    if (!r.ok) {
      this.error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    this.entries = r.data.entries.map(entryOf);
    this.draw();
    notify(t('adRosterSaved'));
  }

  private async reload(): Promise<void> {
    this.status.loading();
    try {
      const [r, s, users] = await Promise.all([
        get<{ entries: RosterEntry[] }>('/api/v1/roster'),
        get<{ shifts: string[] }>('/api/v1/admin/shifts'),
        loadUsers(),
      ]);
      if (!r.ok) throw r;
      if (!s.ok) throw s;
      this.entries = r.data.entries.map(entryOf);
      // Someone disabled since stays choosable in the rows that name them (the admin removes them).
      const named = new Set(this.entries.map((e) => e.operatorId));
      this.operators = users.filter(
        (u) => u.operatorId && ((u.role === 'operator' && !u.disabled) || named.has(u.operatorId)),
      );
      this.shifts = s.data.shifts;
      this.draw();
    } catch (e) {
      this.status.failed(e);
    }
  }
}

const entryOf = ({ operatorId, shift, weekday, from, to }: RosterEntry): RosterEntry => ({
  operatorId,
  shift,
  weekday,
  from,
  to,
});

export const buildRosterScreen = (): Screen => new RosterScreen();
