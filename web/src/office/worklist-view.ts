// The 137 worklist: every request the filters pick, newest first, page after page (the server's
// cursor), with ticks for a supervisor's bulk action. A change the server reports reloads the
// first page when only that is shown; deeper in the list it says so and waits to be asked.
import { h, replace } from '../lib/dom.ts';
import { d, getLang, onLangChange, t, type StringKey } from '../i18n/i18n.ts';
import { get, qs } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { buildBulkBar, type BulkBar } from './bulk-bar.ts';
import { codeEl, dateEl, deadlineEl, deadlineRunning, nameIn, statusChip } from './format.ts';
import { moveFocus, type LegendEntry, type OfficeContext, type View } from './view.ts';
import { buildWorklistFilters, type WorklistFilters } from './worklist-filters.ts';
import type { WorklistItem } from './types.ts';

const COLUMNS: StringKey[] = [
  'ofColCode',
  'ofStatus',
  'formCategory',
  'ofUnit',
  'ofColPlace',
  'ofCreated',
  'ofDeadline',
];

function cells(w: WorklistItem, now: number): HTMLElement[] {
  const lang = getLang();
  const place = [w.neighbourhood, w.district].filter((x) => x !== null).map((x) => nameIn(x.fa, x.en, lang));
  return [
    h(
      'td',
      {},
      h(
        'a',
        { class: 'of-code-link', testid: 'wl-open', attrs: { href: `#/request/${w.id}` } },
        codeEl(w.trackingCode),
      ),
      w.hazard ? h('span', { class: 'flag flag-danger', i18n: 'hazardCategory' }) : null,
    ),
    h('td', {}, statusChip(w.status)),
    h('td', {}, nameIn(w.category.fa, w.category.en, lang)),
    h('td', {}, w.unit ? nameIn(w.unit.fa, w.unit.en, lang) : h('span', { class: 'muted' }, '—')),
    h('td', {}, h('bdi', {}, place.join(' · ') || '—')),
    h('td', {}, dateEl(w.createdAt)),
    h(
      'td',
      {},
      w.overdue ? h('span', { class: 'flag flag-danger', i18n: 'reqOverdue' }) : null,
      ' ',
      w.deadlineAt ? deadlineEl(w.deadlineAt, now, deadlineRunning(w.status), false) : '—',
    ),
  ];
}

function tickBox(w: WorklistItem, checked: boolean, change: (on: boolean) => void): HTMLInputElement {
  return h('input', {
    testid: 'wl-tick',
    attrs: { type: 'checkbox', 'aria-label': t('ofSelectRow', { code: d(w.trackingCode) }), checked },
    on: { change: (e) => change((e.target as HTMLInputElement).checked) },
  });
}

interface WorklistEls {
  el: HTMLElement;
  all: HTMLInputElement;
  thead: HTMLElement;
  tbody: HTMLElement;
  status: HTMLElement;
  changedNote: HTMLElement;
  more: HTMLButtonElement;
}

function buildWorklistEls(filters: HTMLElement, bulk: HTMLElement | null, more: () => void): WorklistEls {
  const all = h('input', {
    testid: 'wl-select-all',
    attrs: { type: 'checkbox', 'aria-label': t('ofSelectAll'), 'data-i18n-aria-label': 'ofSelectAll' },
  });
  const thead = h('thead', {});
  const tbody = h('tbody', {});
  const status = h('p', { class: 'empty', testid: 'wl-status-line', attrs: { role: 'status' } });
  const changedNote = h('p', { class: 'banner', testid: 'wl-changed', attrs: { hidden: true } });
  const moreBtn = h('button', {
    class: 'btn btn-quiet',
    testid: 'wl-more',
    i18n: 'ofMore',
    attrs: { type: 'button', hidden: true },
    on: { click: more },
  });
  const el = h(
    'section',
    { class: 'of-page of-worklist', testid: 'worklist', attrs: { 'aria-labelledby': 'wl-title' } },
    h('div', { class: 'of-toolbar' }, h('h2', { id: 'wl-title', i18n: 'ofWorklistTitle' })),
    filters,
    bulk,
    changedNote,
    h('div', { class: 'of-table-wrap' }, h('table', { class: 'of-table', testid: 'wl-table' }, thead, tbody)),
    status,
    moreBtn,
  );
  return { el, all, thead, tbody, status, changedNote, more: moreBtn };
}

/** The worklist's state: the rows loaded, the cursor to the next page, the ticked rows. */
class WorklistView implements View {
  readonly el: HTMLElement;
  private readonly els: WorklistEls;
  private readonly bulkAllowed: boolean;
  private readonly filters: WorklistFilters;
  private readonly bulk: BulkBar;
  private items: WorklistItem[] = [];
  private nextCursor: string | null = null;
  private pages = 0;
  private stale = false;
  /** Why the last load failed (shown until one succeeds). */
  private failed: string | null = null;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly selected = new Set<string>();
  private readonly tick: ReturnType<typeof setInterval>;

  constructor(ctx: OfficeContext) {
    this.bulkAllowed = ctx.user.role === 'supervisor' || ctx.user.role === 'admin';
    this.filters = buildWorklistFilters(() => void this.load(false));
    this.bulk = buildBulkBar(
      () => {
        this.selected.clear();
        void this.load(false);
      },
      (id) => this.items.find((x) => x.id === id)?.trackingCode ?? id,
    );
    this.els = buildWorklistEls(this.filters.el, this.bulkAllowed ? this.bulk.el : null, () => void this.load(true));
    this.el = this.els.el;
    this.els.all.addEventListener('change', () => {
      for (const i of this.items) {
        if (this.els.all.checked) this.selected.add(i.id);
        else this.selected.delete(i.id);
      }
      this.draw();
    });
    const reload = h('button', {
      class: 'link',
      i18n: 'ofReload',
      attrs: { type: 'button' },
      on: { click: () => void this.load(false) },
    });
    const drawNote = () => replace(this.els.changedNote, t('ofListChanged'), ' ', reload);
    onLangChange(() => {
      this.draw();
      drawNote();
    });
    drawNote();
    this.tick = setInterval(() => {
      if (this.el.isConnected) this.draw();
    }, 60_000);
    void this.filters.fromHash().then(() => this.load(false));
  }

  private syncSelection(): void {
    for (const id of [...this.selected]) if (!this.items.some((i) => i.id === id)) this.selected.delete(id);
    this.bulk.setSelected([...this.selected]);
    this.els.all.checked = this.items.length > 0 && this.items.every((i) => this.selected.has(i.id));
  }

  private row(w: WorklistItem, now: number): HTMLElement {
    const tick = tickBox(w, this.selected.has(w.id), (on) => {
      if (on) this.selected.add(w.id);
      else this.selected.delete(w.id);
      this.syncSelection();
    });
    return h(
      'tr',
      {
        testid: 'wl-row',
        class: w.overdue ? 'is-overdue' : '',
        attrs: { 'data-request-id': w.id, 'data-tracking-code': w.trackingCode, 'data-status': w.status },
      },
      this.bulkAllowed ? h('td', { class: 'of-tick' }, tick) : null,
      ...cells(w, now),
    );
  }

  private draw(): void {
    const now = Date.now();
    const { thead, tbody, all, more } = this.els;
    const ticks = this.bulkAllowed ? h('th', { class: 'of-tick' }, all) : null;
    replace(thead, h('tr', {}, ticks, ...COLUMNS.map((k) => h('th', { i18n: k }))));
    replace(tbody, ...this.items.map((w) => this.row(w, now)));
    more.hidden = !this.nextCursor;
    const shown = this.items.length === 0 ? t('ofListEmpty') : t('ofShownN', { n: this.items.length });
    this.els.status.textContent = this.failed ? t('ofLoadFailed', { message: this.failed }) : shown;
    this.syncSelection();
  }

  private async load(append: boolean): Promise<void> {
    const { tbody, status, changedNote } = this.els;
    const params = this.filters.params();
    if (!params) {
      status.textContent = t('ofBadDate');
      return;
    }
    const mine = ++this.seq;
    tbody.setAttribute('aria-busy', 'true');
    const query = qs({ ...params, limit: '50', cursor: append ? this.nextCursor : null });
    const r = await get<{ items: WorklistItem[]; nextCursor: string | null }>(`/api/v1/requests${query}`);
    if (mine !== this.seq) return;
    tbody.setAttribute('aria-busy', 'false');
    if (!r.ok) {
      this.failed = errorText(r.status, r.error);
      status.textContent = t('ofLoadFailed', { message: this.failed });
      return;
    }
    this.items = append ? [...this.items, ...r.data.items] : r.data.items;
    this.nextCursor = r.data.nextCursor ?? null;
    this.pages = append ? this.pages + 1 : 1;
    this.stale = false;
    changedNote.hidden = true;
    this.failed = null;
    this.draw();
  }

  shown(): void {
    // A drill-down link (#/worklist?unitId=…) brings its own filters: then the list is read anew.
    void this.filters.fromHash().then((changed) => {
      if (changed || this.stale) void this.load(false);
    });
  }

  changed(): void {
    if (!this.el.isConnected) {
      this.stale = true;
      return;
    }
    // Deeper pages would jump under the reader's eyes: say it instead.
    if (this.pages > 1) {
      this.els.changedNote.hidden = false;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(false), 300);
  }

  key(e: KeyboardEvent): boolean {
    if (moveFocus(e, Array.from(this.els.tbody.querySelectorAll<HTMLElement>('.of-code-link')))) return true;
    if (e.key === '/') {
      this.filters.focusText();
      return true;
    }
    if ((e.key === 'x' || e.key === 'X') && this.bulkAllowed) {
      const row = (document.activeElement as HTMLElement | null)?.closest('tr');
      const tick = row?.querySelector<HTMLInputElement>('[data-testid=wl-tick]');
      if (!tick) return false;
      tick.click();
      return true;
    }
    return false;
  }

  legend(): LegendEntry[] {
    const keys: LegendEntry[] = [
      ['J / K', 'ofKeyMove'],
      ['Enter', 'ofKeyOpen'],
      ['/', 'ofKeySearch'],
    ];
    if (this.bulkAllowed) keys.push(['X', 'ofKeyTick']);
    return keys;
  }

  dispose(): void {
    clearInterval(this.tick);
  }
}

export function buildWorklistView(ctx: OfficeContext): View {
  return new WorklistView(ctx);
}
