// The supervisors' scores page: every operator's survey figures over a period (and shift) from
// GET /api/v1/scores — responses, response rate, mean per question, the Bayesian score and its
// rank (or "unranked" under the minimum) — with a weekly trend per operator from
// GET /api/v1/scores/weeks drawn as a small line (the table itself: scores-table.ts). Aggregates
// only: no caller, no single answer.
import { h, replace } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { get, qs } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { jalaliDay, num, shiftName } from './format.ts';
import { orderBoard, questionColumns, scoreRow, scoresHead } from './scores-table.ts';

// The server's own shapes (type-only: nothing of the server reaches the bundle).
import type { ScoreBoard as Board, ScoreWeeks as Weeks } from '../lib/server-types.ts';

const PERIODS = [7, 30, 90] as const;
const PERIOD_KEYS: Record<number, StringKey> = { 7: 'scPeriod7', 30: 'scPeriod30', 90: 'scPeriod90' };
const TREND_WEEKS = 12;

/** Pure: YYYY-MM-DD plus n days. */
function addDays(day: string, n: number): string {
  const dt = new Date(`${day}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + n);
  return dt.toISOString().slice(0, 10);
}

export interface ScoresViewOptions {
  /** The centre's current date (YYYY-MM-DD): periods end on it. */
  today: () => string | null;
  /** Configured shift names. */
  shifts: () => string[];
}

interface PageEls {
  el: HTMLElement;
  periodSel: HTMLSelectElement;
  shiftSel: HTMLSelectElement;
  range: HTMLElement;
  note: HTMLElement;
  status: HTMLElement;
  thead: HTMLTableSectionElement;
  tbody: HTMLTableSectionElement;
}

/** The page: title, the period and shift filters with the dates they cover, the table, notes. */
function buildPage(onPeriod: (days: number) => void, onShift: (shift: string) => void): PageEls {
  const periodSel = h('select', {
    class: 'compact',
    testid: 'sc-period',
    attrs: { 'aria-labelledby': 'sc-period-label' },
    on: { change: () => onPeriod(Number(periodSel.value)) },
  });
  const shiftSel = h('select', {
    class: 'compact',
    testid: 'sc-shift',
    attrs: { 'aria-labelledby': 'sc-shift-label' },
    on: { change: () => onShift(shiftSel.value) },
  });
  const range = h('span', { class: 'sc-range muted', testid: 'sc-range' });
  const note = h('p', { class: 'sc-note muted', testid: 'sc-note' });
  const status = h('p', { class: 'wb-empty muted', testid: 'sc-status', attrs: { role: 'status' } });
  const thead = h('thead');
  const tbody = h('tbody', { testid: 'sc-rows' });
  const el = h(
    'section',
    { class: 'wb-panel sc-page', testid: 'scores', attrs: { 'aria-labelledby': 'sc-title', hidden: true } },
    h(
      'div',
      { class: 'wb-panel-head' },
      h('h2', { id: 'sc-title', i18n: 'scTitle' }),
      h(
        'div',
        { class: 'wb-grid-tools' },
        h('label', { id: 'sc-period-label', class: 'sc-label', i18n: 'scPeriod' }),
        periodSel,
        h('label', { id: 'sc-shift-label', class: 'sc-label', i18n: 'scShift' }),
        shiftSel,
        range,
      ),
    ),
    h('div', { class: 'wb-table-wrap' }, h('table', { class: 'wb-table sc-table' }, thead, tbody)),
    status,
    note,
  );
  return { el, periodSel, shiftSel, range, note, status, thead, tbody };
}

/** The period and shift menus in the interface language, showing what is chosen. */
function fillFilterOptions(els: PageEls, days: number, shift: string, shifts: string[]): void {
  replace(els.periodSel, ...PERIODS.map((n) => h('option', { attrs: { value: n } }, t(PERIOD_KEYS[n]!))));
  els.periodSel.value = String(days);
  replace(
    els.shiftSel,
    h('option', { attrs: { value: '' } }, t('scShiftAll')),
    ...shifts.map((s) => h('option', { attrs: { value: s } }, shiftName(s))),
  );
  els.shiftSel.value = shift;
}

type Loaded = { board: Board; weeks: Weeks | null; from: string; to: string };

/** The table of a loaded board, the dates it covers, and how the score is worked out. */
function drawBoard(els: PageEls, loaded: Loaded, failed: boolean): void {
  const lang = getLang();
  const { board, weeks, from, to } = loaded;
  els.range.textContent = t('scRange', { from: jalaliDay(from), to: jalaliDay(to) });
  const qcols = questionColumns(board.operators);
  replace(els.thead, scoresHead(qcols, weeks));
  const trends = new Map((weeks?.operators ?? []).map((o) => [o.operatorId, o.points]));
  const rows = orderBoard(board.operators);
  replace(els.tbody, ...rows.map((r) => scoreRow(r, { qcols, trends, minResponses: board.minResponses, lang })));
  els.status.hidden = rows.length > 0 && !failed;
  if (rows.length === 0 && !failed) els.status.textContent = t('scEmpty');
  els.note.textContent = t('scNote', {
    weight: d(board.priorWeight),
    mean: num(board.priorMean, lang, 2),
    min: d(board.minResponses),
  });
}

export function buildScoresView(opts: ScoresViewOptions): { el: HTMLElement; show: () => void; render: () => void } {
  let days: number = 30;
  let shift = '';
  let data: Loaded | null = null;
  let loading = false;
  /** The load's failure, worded at render time so a language switch rewords it. */
  let error: (() => string) | null = null;
  let ask = 0;

  const els = buildPage(
    (n) => {
      days = n;
      void load();
    },
    (s) => {
      shift = s;
      void load();
    },
  );
  const { el, periodSel, shiftSel, status } = els;

  const fillFilters = () => fillFilterOptions(els, days, shift, opts.shifts());

  async function load(): Promise<void> {
    const to = opts.today();
    if (!to) return;
    const from = addDays(to, -(days - 1));
    const mine = ++ask;
    loading = true;
    error = null;
    render();
    const [b, w] = await Promise.all([
      get<Board>(`/api/v1/scores${qs({ from, to, shift: shift || null })}`),
      get<Weeks>(`/api/v1/scores/weeks${qs({ weeks: String(TREND_WEEKS), to, shift: shift || null })}`),
    ]);
    if (mine !== ask) return; // a newer filter was chosen meanwhile
    loading = false;
    if (!b.ok || !b.data) {
      const failed = b;
      error = failed.ok ? () => '' : () => errorText(failed.status, failed.error);
      data = null;
    } else {
      data = { board: b.data, weeks: w.ok && w.data ? w.data : null, from, to };
    }
    render();
  }

  function render(): void {
    // The filters' words follow the language, and the shifts arrive with the first picture.
    if (
      periodSel.options[0]?.textContent !== t(PERIOD_KEYS[PERIODS[0]]!) ||
      shiftSel.options.length !== opts.shifts().length + 1
    )
      fillFilters();
    el.dataset['loading'] = String(loading);
    if (error !== null) {
      status.hidden = false;
      status.textContent = t('scError', { message: error() });
    }
    if (!data) {
      if (error === null) {
        status.hidden = false;
        status.textContent = t('scLoading');
      }
      return;
    }
    drawBoard(els, data, error !== null);
  }

  return {
    el,
    show() {
      fillFilters();
      void load();
    },
    render,
  };
}
