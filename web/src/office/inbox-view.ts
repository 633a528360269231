// A unit's inbox: what 137 referred to the user's units, hazards first and then by deadline,
// overdue ones in red, with the counters a unit head looks at first. Live: the server says when a
// unit's requests change and the list reloads (a new referral shows within a second).
import { h, replace } from '../lib/dom.ts';
import { d, getLang, onLangChange, t, type StringKey } from '../i18n/i18n.ts';
import { get, qs } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { codeEl, dateEl, deadlineEl, deadlineRunning, nameIn, priorityFlag, statusChip } from './format.ts';
import { reference, unitById } from './reference.ts';
import { moveFocus, type LegendEntry, type OfficeContext, type View } from './view.ts';
import type { InboxCounters, InboxItem, InboxPage, InboxTab } from './types.ts';

const TABS: Array<[InboxTab, StringKey]> = [
  ['open', 'ofInboxOpen'],
  ['done', 'ofInboxDone'],
  ['returned', 'ofInboxReturned'],
  ['all', 'ofInboxAll'],
];

const COUNTERS: Array<[keyof InboxCounters, StringKey, string]> = [
  ['new', 'ofCountNew', ''],
  ['inProgress', 'ofCountInProgress', ''],
  ['overdue', 'ofCountOverdue', 'is-danger'],
  ['dueToday', 'ofCountDueToday', 'is-warn'],
  ['extensionsPending', 'ofCountExtensions', ''],
  ['total', 'ofCountTotal', ''],
];

export function inboxRow(item: InboxItem, now: number, showUnit: boolean): HTMLElement {
  const lang = getLang();
  const open = deadlineRunning(item.status);
  const overdue = open && (item.overdue || (item.deadlineAt !== null && Date.parse(item.deadlineAt) < now));
  const hood = nameIn(item.neighbourhoodFa, item.neighbourhoodEn, lang);
  const district = nameIn(item.districtFa, item.districtEn, lang);
  return h(
    'a',
    {
      class: `of-row${item.hazard ? ' is-hazard' : ''}${overdue ? ' is-overdue' : ''}`,
      testid: 'inbox-item',
      attrs: {
        href: `#/request/${item.id}`,
        'data-request-id': item.id,
        'data-tracking-code': item.trackingCode,
        'data-status': item.status,
        'data-overdue': String(overdue),
      },
    },
    h(
      'span',
      { class: 'of-row-head' },
      codeEl(item.trackingCode),
      statusChip(item.status),
      item.hazard ? h('span', { class: 'flag flag-danger', i18n: 'hazardCategory' }) : null,
      overdue ? h('span', { class: 'flag flag-danger', testid: 'overdue-flag', i18n: 'reqOverdue' }) : null,
      item.pendingExtension ? h('span', { class: 'flag flag-warn', i18n: 'ofExtensionPendingFlag' }) : null,
      // Raised by each special follow-up: the citizen said it was not fixed.
      item.priority > 0 ? priorityFlag(item.priority) : null,
      item.reporters > 1 ? h('span', { class: 'reporters' }, t('reqReporters', { n: item.reporters })) : null,
    ),
    h(
      'span',
      { class: 'of-row-line' },
      h('strong', { class: 'category' }, nameIn(item.categoryFa, item.categoryEn, lang)),
      hood || district ? h('bdi', { class: 'of-place' }, [hood, district].filter(Boolean).join(' · ')) : null,
      showUnit ? h('span', { class: 'unit' }, nameIn(item.unitFa, item.unitEn, lang)) : null,
    ),
    // The citizen's words in their own direction (bdi), lined up with the row in either language.
    item.address ? h('span', { class: 'of-address' }, h('bdi', {}, item.address)) : null,
    h('span', { class: 'excerpt' }, h('bdi', {}, item.descriptionExcerpt)),
    h(
      'span',
      { class: 'of-row-line muted' },
      h('span', {}, t('ofReferredAt'), ' ', dateEl(item.referredAt)),
      deadlineEl(item.deadlineAt, now, open),
    ),
  );
}

function countersEl(c: InboxCounters | null): HTMLElement {
  return h(
    'div',
    { class: 'of-counters', testid: 'inbox-counters' },
    ...COUNTERS.map(([key, label, cls]) =>
      h(
        'div',
        { class: `of-counter ${cls}`, testid: `counter-${key}`, attrs: { 'data-value': c ? c[key] : '' } },
        h('span', { class: 'of-counter-value' }, c ? d(c[key]) : '—'),
        h('span', { class: 'of-counter-label', i18n: label }),
      ),
    ),
  );
}

interface InboxEls {
  el: HTMLElement;
  tabButtons: HTMLButtonElement[];
  unitSelect: HTMLSelectElement;
  counterBox: HTMLElement;
  list: HTMLElement;
  status: HTMLElement;
  more: HTMLButtonElement;
}

function buildInboxEls(showUnits: boolean, setTab: (v: InboxTab) => void, more: () => void): InboxEls {
  const tabButtons = TABS.map(([v, label]) =>
    h('button', {
      class: 'of-seg',
      testid: `inbox-tab-${v}`,
      i18n: label,
      attrs: { type: 'button', 'aria-pressed': String(v === 'open') },
      on: { click: () => setTab(v) },
    }),
  );
  const unitSelect = h('select', {
    class: 'compact',
    testid: 'inbox-unit',
    attrs: { 'aria-label': t('ofUnit'), 'data-i18n-aria-label': 'ofUnit' },
  });
  const counterBox = h('div', {});
  const list = h('div', { class: 'of-list', testid: 'inbox-list', attrs: { 'aria-busy': 'true' } });
  const status = h('p', { class: 'empty', testid: 'inbox-status', attrs: { role: 'status' } });
  const moreBtn = h('button', {
    class: 'btn btn-quiet',
    i18n: 'ofMore',
    attrs: { type: 'button', hidden: true },
    on: { click: more },
  });
  const el = h(
    'section',
    { class: 'of-page of-inbox', testid: 'inbox', attrs: { 'aria-labelledby': 'inbox-title' } },
    h(
      'div',
      { class: 'of-toolbar' },
      h('h2', { id: 'inbox-title', i18n: 'ofInboxTitle' }),
      h(
        'div',
        {
          class: 'of-segs',
          attrs: { role: 'group', 'aria-label': t('ofInboxTabs'), 'data-i18n-aria-label': 'ofInboxTabs' },
        },
        ...tabButtons,
      ),
      showUnits ? unitSelect : null,
    ),
    counterBox,
    list,
    status,
    moreBtn,
  );
  return { el, tabButtons, unitSelect, counterBox, list, status, more: moreBtn };
}

/** The inbox page's state: the tab, the unit picked, the rows loaded and the cursor to the next ones. */
class InboxView implements View {
  readonly el: HTMLElement;
  private readonly els: InboxEls;
  private readonly myUnits: number[];
  private tab: InboxTab = 'open';
  private unitId: number | null = null;
  private items: InboxItem[] = [];
  private counters: InboxCounters | null = null;
  private nextCursor: string | null = null;
  private stale = false;
  /** Why the last load failed (shown until one succeeds). */
  private failed: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  private readonly tick: ReturnType<typeof setInterval>;

  constructor(ctx: OfficeContext) {
    this.myUnits = ctx.user.unitIds ?? [];
    this.els = buildInboxEls(
      this.myUnits.length > 1,
      (v) => this.setTab(v),
      () => void this.load(true),
    );
    this.el = this.els.el;
    this.els.unitSelect.addEventListener('change', () => {
      this.unitId = this.els.unitSelect.value ? Number(this.els.unitSelect.value) : null;
      void this.load(false);
    });
    onLangChange(() => {
      this.draw();
      void this.fillUnits();
    });
    // Time left moves on by itself.
    this.tick = setInterval(() => {
      if (this.el.isConnected) this.draw();
    }, 30_000);
    void this.fillUnits();
    void this.load(false);
  }

  private draw(): void {
    const { list, counterBox, more, tabButtons } = this.els;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.['requestId'];
    replace(counterBox, countersEl(this.counters));
    replace(list, ...this.items.map((i) => inboxRow(i, Date.now(), this.myUnits.length > 1)));
    if (focused) list.querySelector<HTMLElement>(`[data-request-id="${focused}"]`)?.focus({ preventScroll: true });
    more.hidden = !this.nextCursor;
    const empty = this.items.length === 0 ? t(this.tab === 'open' ? 'ofInboxEmpty' : 'ofListEmpty') : '';
    this.els.status.textContent = this.failed ? t('ofLoadFailed', { message: this.failed }) : empty;
    for (const [i, b] of tabButtons.entries()) b.setAttribute('aria-pressed', String(TABS[i]![0] === this.tab));
  }

  private async load(append: boolean): Promise<void> {
    const mine = ++this.seq;
    const { list, status } = this.els;
    list.setAttribute('aria-busy', 'true');
    const query = qs({
      view: this.tab,
      unitId: this.unitId ? String(this.unitId) : null,
      cursor: append ? this.nextCursor : null,
    });
    const r = await get<InboxPage>(`/api/v1/office/inbox${query}`);
    if (mine !== this.seq) return; // a newer load was started meanwhile
    list.setAttribute('aria-busy', 'false');
    if (!r.ok) {
      this.failed = errorText(r.status, r.error);
      status.textContent = t('ofLoadFailed', { message: this.failed });
      return;
    }
    this.items = append ? [...this.items, ...r.data.items] : r.data.items;
    this.counters = r.data.counters ?? this.counters;
    this.nextCursor = r.data.nextCursor ?? null;
    this.failed = null;
    this.stale = false;
    this.draw();
  }

  private setTab(v: InboxTab): void {
    this.tab = v;
    this.nextCursor = null;
    this.draw();
    void this.load(false);
  }

  private async fillUnits(): Promise<void> {
    const ref = await reference();
    const lang = getLang();
    const select = this.els.unitSelect;
    replace(
      select,
      h('option', { attrs: { value: '' } }, t('ofAllMyUnits')),
      ...this.myUnits.map((id) => {
        const u = unitById(ref, id);
        return h('option', { attrs: { value: id } }, u ? nameIn(u.nameFa, u.nameEn, lang) : d(id));
      }),
    );
    select.value = this.unitId ? String(this.unitId) : '';
  }

  shown(): void {
    if (this.stale) void this.load(false);
  }

  changed(): void {
    if (!this.el.isConnected) {
      this.stale = true;
      return;
    }
    // A burst of changes (a bulk referral) is one reload.
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(false), 120);
  }

  key(e: KeyboardEvent): boolean {
    if (moveFocus(e, Array.from(this.els.list.querySelectorAll<HTMLElement>('.of-row')))) return true;
    const n = Number(e.key);
    if (n >= 1 && n <= TABS.length) {
      this.setTab(TABS[n - 1]![0]);
      return true;
    }
    return false;
  }

  legend(): LegendEntry[] {
    return [
      ['J / K', 'ofKeyMove'],
      ['Enter', 'ofKeyOpen'],
      ['1–4', 'ofKeyTabs'],
    ];
  }

  dispose(): void {
    clearInterval(this.tick);
  }
}

export function buildInboxView(ctx: OfficeContext): View {
  return new InboxView(ctx);
}
