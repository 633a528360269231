// The operators grid: one row per operator with state, how long, the call (masked caller),
// answered calls, AHT and survey score this shift, alerts and the supervisor's actions (none for
// the city's manager, who watches read only).
// Rows are kept by operator id and updated in place, so a redraw never steals the focus of the
// button or menu the supervisor is using.
import { h, ltr, replace } from '../lib/dom.ts';
import { t, d, getLang, type StringKey } from '../i18n/i18n.ts';
import type { Lang } from '../lib/digits.ts';
import { alertsOf } from './alerts.ts';
import { pauseChips, stateText } from './operator-state-text.ts';
import { secondsSince } from './clock.ts';
import { num, secs, DASH } from './format.ts';
import { buildActionCell, type ActionCell } from './operator-actions.ts';
import { arrange, DEFAULT_VIEW, type FilterKey, type GridView, type SortKey } from './operator-sort.ts';
import type { OperatorRow, WallboardSnapshot } from './types.ts';

const COLUMNS: Array<{ key: SortKey | null; label: StringKey; cls: string }> = [
  { key: 'name', label: 'wbColOperator', cls: 'c-name' },
  { key: 'state', label: 'wbColState', cls: 'c-state' },
  { key: 'time', label: 'wbColTime', cls: 'c-time' },
  { key: 'handled', label: 'wbColHandled', cls: 'c-num' },
  { key: 'aht', label: 'wbAhtShort', cls: 'c-num' },
  { key: 'score', label: 'wbColScore', cls: 'c-num' },
  { key: null, label: 'wbColActions', cls: 'c-actions' },
];

const FILTERS: Array<{ key: FilterKey; label: StringKey }> = [
  { key: 'all', label: 'wbFilterAll' },
  { key: 'active', label: 'wbFilterActive' },
  { key: 'alerts', label: 'wbFilterAlerts' },
  { key: 'ready', label: 'stateReady' },
  { key: 'ringing', label: 'stateRinging' },
  { key: 'talking', label: 'stateTalking' },
  { key: 'wrap-up', label: 'stateWrapUp' },
  { key: 'paused', label: 'statePaused' },
  { key: 'logged-out', label: 'stateLoggedOut' },
];

interface RowEls {
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  actions: ActionCell | null;
  last: string;
}

function callLine(r: OperatorRow): Array<Node | string> {
  if (!r.call) return [];
  const who = r.call.callerMasked ? ltr(d(r.call.callerMasked), { testid: 'wb-op-caller' }) : t('wbHiddenNumber');
  const [before, after] = t(r.call.phase === 'talking' ? 'wbWith' : 'wbFrom', { caller: '\u0000' }).split('\u0000');
  return [
    before ?? '',
    who,
    after ?? '',
    r.call.hazard ? h('span', { class: 'wb-chip wb-chip-hazard', i18n: 'wbHazard' }) : '',
  ];
}

/** The survey score, the responses it rests on, and its rank, or "unranked" under the minimum. */
function scoreCell(r: OperatorRow, lang: Lang, minResponses: number): Array<Node | string> {
  if (r.score === null) return [DASH];
  return [
    h('span', { class: 'wb-score', testid: 'wb-op-score' }, num(r.score, lang, 1)),
    h('span', { class: 'muted' }, ` (${num(r.scoreResponses, lang)}) `),
    r.scoreRanked && r.scoreRank !== null
      ? h('span', { class: 'wb-rank', testid: 'wb-op-rank' }, t('wbRank', { rank: d(r.scoreRank) }))
      : h(
          'span',
          {
            class: 'wb-chip wb-chip-unranked',
            testid: 'wb-op-unranked',
            attrs: { title: t('wbUnrankedTitle', { min: d(minResponses) }) },
          },
          t('wbUnranked'),
        ),
  ];
}

function fill(els: RowEls, r: OperatorRow, now: number, lang: Lang, phone: string | null, minResponses: number): void {
  const alerts = alertsOf(r, now);
  const [name, state, time, handled, aht, score] = els.cells as [
    HTMLTableCellElement,
    HTMLTableCellElement,
    HTMLTableCellElement,
    HTMLTableCellElement,
    HTMLTableCellElement,
    HTMLTableCellElement,
  ];
  time.textContent = secs(secondsSince(r.since, now), lang);
  els.tr.dataset['alert'] = alerts.map((a) => a.kind).join(' ');
  // The rest changes only with the row (or the language): skip rebuilding it every second.
  const key = `${lang}|${phone}|${minResponses}|${JSON.stringify(r)}|${els.tr.dataset['alert']}`;
  if (key === els.last) return;
  els.last = key;
  els.tr.dataset['state'] = r.state;
  replace(
    name,
    h('span', { class: 'wb-op-name' }, r.displayName),
    h('span', { class: 'wb-op-ext muted' }, d(r.extension)),
  );
  replace(
    state,
    h('span', { class: 'badge wb-badge', testid: 'wb-op-state', attrs: { 'data-state': r.state } }, stateText(r)),
    ...pauseChips(r),
    r.absent ? h('span', { class: 'wb-chip wb-chip-alert', i18n: 'wbAbsent' }) : null,
    r.rnaStreak >= 2
      ? h(
          'span',
          {
            class: 'wb-chip wb-chip-alert',
            attrs: { title: t('wbAlertRna', { name: r.displayName, n: r.rnaStreak }) },
          },
          `✕${d(r.rnaStreak)}`,
        )
      : null,
    r.call ? h('span', { class: 'wb-op-call', testid: 'wb-op-call' }, ...callLine(r)) : null,
  );
  handled.textContent = num(r.handled, lang);
  aht.textContent = secs(r.aht, lang);
  replace(score, ...scoreCell(r, lang, minResponses));
  els.actions?.update(r, phone);
}

/** The column heads; a sortable one is a button that sorts by it, again to reverse. */
function buildHeaders(view: GridView, redraw: () => void, readOnly: boolean): HTMLTableCellElement[] {
  return (readOnly ? COLUMNS.slice(0, -1) : COLUMNS).map((c) => {
    const th = h('th', { class: c.cls, attrs: { scope: 'col' } });
    if (!c.key) {
      th.append(h('span', { i18n: c.label }));
      return th;
    }
    const key = c.key;
    if (key === 'score') th.title = t('wbScoreTitle');
    if (key === 'aht') th.title = t('wbAht');
    th.append(
      h(
        'button',
        {
          class: 'wb-sort',
          testid: `wb-sort-${key}`,
          attrs: { type: 'button' },
          on: {
            click: () => {
              view.desc = view.sort === key ? !view.desc : false;
              view.sort = key;
              redraw();
            },
          },
        },
        h('span', { i18n: c.label }),
        h('span', { class: 'wb-sort-mark', attrs: { 'aria-hidden': 'true' } }),
      ),
    );
    return th;
  });
}

/** The sort order as ARIA and as a mark on the sorted column (and the buttons' words, per language). */
function drawHeaders(headers: HTMLTableCellElement[], view: GridView): void {
  headers.forEach((th, i) => {
    const key = COLUMNS[i]!.key;
    if (!key) return;
    th.setAttribute('aria-sort', view.sort === key ? (view.desc ? 'descending' : 'ascending') : 'none');
    const mark = th.querySelector('.wb-sort-mark');
    if (mark) mark.textContent = view.sort === key ? (view.desc ? '▲' : '▼') : '';
    th.querySelector('button')?.setAttribute('aria-label', t('wbSortBy', { col: t(COLUMNS[i]!.label) }));
  });
}

/** The search box and the state filter above the grid. */
function buildTools(view: GridView, redraw: () => void) {
  const search = h('input', {
    class: 'wb-search',
    testid: 'wb-op-search',
    attrs: {
      type: 'search',
      'data-i18n-placeholder': 'wbFilter',
      'data-i18n-aria-label': 'wbFilter',
      placeholder: t('wbFilter'),
      'aria-label': t('wbFilter'),
    },
    on: {
      input: () => {
        view.query = search.value;
        redraw();
      },
    },
  });
  const filter = h('select', {
    class: 'compact',
    testid: 'wb-op-filter',
    attrs: { 'data-i18n-aria-label': 'wbFilterState', 'aria-label': t('wbFilterState') },
    on: {
      change: () => {
        view.filter = filter.value as FilterKey;
        redraw();
      },
    },
  });
  const fillFilter = () => {
    replace(filter, ...FILTERS.map((f) => h('option', { attrs: { value: f.key } }, t(f.label))));
    filter.value = view.filter;
  };
  fillFilter();
  return { search, filter, fillFilter };
}

function newRow(r: OperatorRow, readOnly: boolean): RowEls {
  const cells = COLUMNS.slice(0, -1).map((c) => h('td', { class: c.cls }));
  const actions = readOnly ? null : buildActionCell(r);
  const tr = h(
    'tr',
    { testid: 'wb-op-row', attrs: { 'data-operator': r.id } },
    ...cells,
    actions ? h('td', { class: 'c-actions' }, actions.el) : null,
  );
  return { tr, cells, actions, last: '' };
}

/** readOnly: no actions column (the city's manager watches; the server would refuse every action). */
export function buildOperatorsGrid(readOnly = false): {
  el: HTMLElement;
  render: (p: WallboardSnapshot, now: number) => void;
} {
  const view: GridView = { ...DEFAULT_VIEW };
  const rows = new Map<string, RowEls>();
  const tbody = h('tbody', { testid: 'wb-op-rows' });
  const empty = h('p', { class: 'wb-empty muted', i18n: 'wbNoOperators', attrs: { hidden: true } });
  let latest: { p: WallboardSnapshot; now: number } | null = null;
  const redraw = () => latest && render(latest.p, latest.now);
  const headers = buildHeaders(view, redraw, readOnly);
  const { search, filter, fillFilter } = buildTools(view, redraw);

  const el = h(
    'section',
    { class: 'wb-panel wb-operators', testid: 'wb-operators', attrs: { 'aria-labelledby': 'wb-operators-title' } },
    h(
      'div',
      { class: 'wb-panel-head' },
      h('h2', { id: 'wb-operators-title', i18n: 'wbOperators' }),
      h('div', { class: 'wb-grid-tools' }, search, filter),
    ),
    h(
      'div',
      { class: 'wb-table-wrap' },
      h('table', { class: 'wb-table' }, h('thead', {}, h('tr', {}, ...headers)), tbody),
    ),
    empty,
  );

  function render(p: WallboardSnapshot, now: number): void {
    latest = { p, now };
    const lang = getLang();
    if (filter.options[0]?.textContent !== t('wbFilterAll')) fillFilter();
    drawHeaders(headers, view);
    const shown = arrange(p.operators, view, now);
    const seen = new Set<string>();
    let prev: Element | null = null;
    for (const r of shown) {
      seen.add(r.id);
      let els = rows.get(r.id);
      if (!els) {
        els = newRow(r, readOnly);
        rows.set(r.id, els);
      }
      fill(els, r, now, lang, p.settings.phone, p.settings.scoreMinResponses);
      // Move a row only when it is out of place: moving a node drops the focus inside it.
      const want: Element | null = prev ? prev.nextElementSibling : tbody.firstElementChild;
      if (want !== els.tr) tbody.insertBefore(els.tr, want);
      prev = els.tr;
    }
    for (const [id, els] of rows) {
      if (seen.has(id)) continue;
      els.tr.remove();
      if (!p.operators.some((r) => r.id === id)) rows.delete(id);
    }
    empty.hidden = shown.length > 0;
  }

  return { el, render };
}
