// The supervisors' scores page: every operator's survey figures over a period (and shift) from
// GET /api/v1/scores — responses, response rate, mean per question, the Bayesian score and its
// rank (or "unranked" under the minimum) — with a weekly trend per operator from
// GET /api/v1/scores/weeks drawn as a small line. Aggregates only: no caller, no single answer.
import { h, replace } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { get, qs } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { formatJalaliDate } from '../lib/jalali.ts';
import { num, pct, shiftName, DASH } from './format.ts';

// The server's own shapes (type-only: nothing of the server reaches the bundle).
import type { OperatorScore as BoardRow, ScoreBoard as Board, ScoreWeeks as Weeks } from '../lib/server-types.ts';

const PERIODS = [7, 30, 90] as const;
const PERIOD_KEYS: Record<number, StringKey> = { 7: 'scPeriod7', 30: 'scPeriod30', 90: 'scPeriod90' };
const QUESTION_KEYS: Record<string, StringKey> = { courtesy: 'scQCourtesy', registered: 'scQRegistered' };
const TREND_WEEKS = 12;

/** Pure: YYYY-MM-DD plus n days. */
function addDays(day: string, n: number): string {
  const dt = new Date(`${day}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + n);
  return dt.toISOString().slice(0, 10);
}

/** Pure: the ranking first (rank 1 on top), then the unranked by score, then those without one. */
function orderBoard(rows: BoardRow[]): BoardRow[] {
  return [...rows].sort(
    (a, b) =>
      Number(b.ranked) - Number(a.ranked) ||
      (a.rank ?? 0) - (b.rank ?? 0) ||
      (a.bayesianScore === null ? 1 : 0) - (b.bayesianScore === null ? 1 : 0) ||
      (b.bayesianScore ?? 0) - (a.bayesianScore ?? 0) ||
      a.displayName.localeCompare(b.displayName, 'fa'),
  );
}

/** Pure: the question columns of a board, one per code and version, in code order. */
function questionColumns(rows: BoardRow[]): Array<{ code: string; version: number }> {
  const seen = new Map<string, { code: string; version: number }>();
  for (const r of rows)
    for (const q of r.perQuestion) seen.set(`${q.code}|${q.version}`, { code: q.code, version: q.version });
  const cols = [...seen.values()].sort((a, b) => a.code.localeCompare(b.code) || a.version - b.version);
  return cols;
}

const jalali = (day: string) => formatJalaliDate(`${day}T12:00:00Z`, getLang());

function questionLabel(col: { code: string; version: number }, multiVersion: boolean): string {
  const base = QUESTION_KEYS[col.code] ? t(QUESTION_KEYS[col.code]!) : t('scQOther', { code: col.code });
  return multiVersion ? `${base} ${t('scQVersion', { version: col.version })}` : base;
}

/** A small line of weekly means (1–5), gaps where a week had no responses; the last point dotted. */
function sparkline(points: Array<{ week: string; responses: number; mean: number | null }>): SVGSVGElement {
  const W = 132,
    H = 30,
    pad = 3;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('class', 'sc-spark');
  svg.dataset['testid'] = 'sc-trend';
  // Drawn left to right whatever the page direction: time runs that way on every chart here.
  svg.setAttribute('direction', 'ltr');
  const x = (i: number) => pad + (i * (W - 2 * pad)) / Math.max(points.length - 1, 1);
  const y = (m: number) => H - pad - ((m - 1) / 4) * (H - 2 * pad);
  const mid = document.createElementNS(ns, 'line');
  for (const [k, v] of [
    ['x1', pad],
    ['x2', W - pad],
    ['y1', y(3)],
    ['y2', y(3)],
  ] as const)
    mid.setAttribute(k, String(v));
  mid.setAttribute('class', 'sc-spark-mid');
  svg.append(mid);
  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.mean === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`;
    pen = true;
  });
  const line = document.createElementNS(ns, 'path');
  line.setAttribute('d', path);
  line.setAttribute('class', 'sc-spark-line');
  svg.append(line);
  points.forEach((p, i) => {
    if (p.mean === null) return;
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(i).toFixed(1));
    dot.setAttribute('cy', y(p.mean).toFixed(1));
    dot.setAttribute('r', i === points.length - 1 ? '2.6' : '1.6');
    dot.setAttribute('class', 'sc-spark-dot');
    const title = document.createElementNS(ns, 'title');
    title.textContent = t('scTrendPoint', { week: jalali(p.week), mean: num(p.mean, getLang(), 2), n: d(p.responses) });
    dot.append(title);
    svg.append(dot);
  });
  const withData = points.filter((p) => p.mean !== null);
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    withData.length
      ? withData
          .map((p) => t('scTrendPoint', { week: jalali(p.week), mean: num(p.mean, getLang(), 2), n: d(p.responses) }))
          .join('؛ ')
      : t('scTrendEmpty'),
  );
  return svg;
}

export interface ScoresViewOptions {
  /** The centre's current date (YYYY-MM-DD): periods end on it. */
  today: () => string | null;
  /** Configured shift names. */
  shifts: () => string[];
}

export function buildScoresView(opts: ScoresViewOptions): { el: HTMLElement; show: () => void; render: () => void } {
  let days: number = 30;
  let shift = '';
  let data: { board: Board; weeks: Weeks | null; from: string; to: string } | null = null;
  let loading = false;
  /** The load's failure, worded at render time so a language switch rewords it. */
  let error: (() => string) | null = null;
  let ask = 0;

  const periodSel = h('select', {
    class: 'compact',
    testid: 'sc-period',
    attrs: { 'aria-labelledby': 'sc-period-label' },
    on: {
      change: () => {
        days = Number(periodSel.value);
        void load();
      },
    },
  });
  const shiftSel = h('select', {
    class: 'compact',
    testid: 'sc-shift',
    attrs: { 'aria-labelledby': 'sc-shift-label' },
    on: {
      change: () => {
        shift = shiftSel.value;
        void load();
      },
    },
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

  function fillFilters(): void {
    replace(periodSel, ...PERIODS.map((n) => h('option', { attrs: { value: n } }, t(PERIOD_KEYS[n]!))));
    periodSel.value = String(days);
    replace(
      shiftSel,
      h('option', { attrs: { value: '' } }, t('scShiftAll')),
      ...opts.shifts().map((s) => h('option', { attrs: { value: s } }, shiftName(s))),
    );
    shiftSel.value = shift;
  }

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
    const lang = getLang();
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
    const { board, weeks, from, to } = data;
    range.textContent = t('scRange', { from: jalali(from), to: jalali(to) });
    const qcols = questionColumns(board.operators);
    const multi = new Set(qcols.map((c) => c.code)).size !== qcols.length;
    const trendHead = weeks?.weeks.length
      ? t('scColTrendSince', { n: d(weeks.weeks.length), from: jalali(weeks.weeks[0]!) })
      : t('scColTrend');
    replace(
      thead,
      h(
        'tr',
        {},
        h('th', { class: 'c-num', attrs: { scope: 'col' } }, t('scColRank')),
        h('th', { class: 'c-name', attrs: { scope: 'col' } }, t('scColOperator')),
        h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColResponsesTitle') } }, t('scColResponses')),
        h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColRateTitle') } }, t('scColRate')),
        ...qcols.map((c) => h('th', { class: 'c-num', attrs: { scope: 'col' } }, questionLabel(c, multi))),
        h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColBayesTitle') } }, t('scColBayes')),
        h('th', { class: 'c-trend', attrs: { scope: 'col' } }, trendHead),
      ),
    );
    const byOp = new Map((weeks?.operators ?? []).map((o) => [o.operatorId, o.points]));
    const rows = orderBoard(board.operators);
    replace(
      tbody,
      ...rows.map((r) => {
        const points = byOp.get(r.operatorId);
        const last = points ? [...points].reverse().find((p) => p.mean !== null) : undefined;
        return h(
          'tr',
          { testid: 'sc-row', attrs: { 'data-operator': r.operatorId, 'data-ranked': String(r.ranked) } },
          h(
            'td',
            { class: 'c-num', testid: 'sc-rank' },
            r.ranked && r.rank !== null
              ? h('span', { class: 'sc-rank' }, d(r.rank))
              : h(
                  'span',
                  {
                    class: 'wb-chip sc-unranked',
                    attrs: { title: t('wbUnrankedTitle', { min: d(board.minResponses) }) },
                  },
                  t('wbUnranked'),
                ),
          ),
          h('td', { class: 'c-name' }, h('span', { class: 'wb-op-name' }, r.displayName)),
          h(
            'td',
            { class: 'c-num', testid: 'sc-responses' },
            num(r.rankedResponses, lang),
            r.flagged
              ? h(
                  'span',
                  { class: 'sc-flagged muted', attrs: { title: t('scFlaggedTitle') } },
                  ` ${t('scFlagged', { n: d(r.flagged) })}`,
                )
              : null,
          ),
          h(
            'td',
            {
              class: 'c-num',
              testid: 'sc-rate',
              attrs: { title: t('scRateTitle', { completed: d(r.completed), offered: d(r.offered) }) },
            },
            r.offered ? pct(r.responseRate, lang) : DASH,
          ),
          ...qcols.map((c) => {
            const q = r.perQuestion.find((x) => x.code === c.code && x.version === c.version);
            return h('td', { class: 'c-num', testid: `sc-q-${c.code}` }, q ? num(q.mean, lang, 2) : DASH);
          }),
          h('td', { class: 'c-num sc-bayes', testid: 'sc-bayes' }, num(r.bayesianScore, lang, 2)),
          h(
            'td',
            { class: 'c-trend' },
            points ? sparkline(points) : DASH,
            h('span', { class: 'sc-last muted', testid: 'sc-last' }, last ? num(last.mean, lang, 1) : ''),
          ),
        );
      }),
    );
    status.hidden = rows.length > 0 && error === null;
    if (rows.length === 0 && error === null) status.textContent = t('scEmpty');
    note.textContent = t('scNote', {
      weight: d(board.priorWeight),
      mean: num(board.priorMean, lang, 2),
      min: d(board.minResponses),
    });
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
