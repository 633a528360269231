// The scores page's table (scores-view.ts): a column per survey question, the Bayesian score and
// its rank, and a weekly trend per operator. Pure helpers order the rows and find the columns.
import { h } from '../lib/dom.ts';
import { d, t, type StringKey } from '../i18n/i18n.ts';
import type { Lang } from '../lib/digits.ts';
import { jalaliDay, num, pct, DASH } from './format.ts';
import { sparkline, type TrendPoint } from './sparkline.ts';
import type { OperatorScore as BoardRow, QuestionMean, ScoreWeeks as Weeks } from '../lib/server-types.ts';

const QUESTION_KEYS: Record<string, StringKey> = { courtesy: 'scQCourtesy', registered: 'scQRegistered' };

export type QuestionColumn = { code: string; version: number };

/** Pure: the ranking first (rank 1 on top), then the unranked by score, then those without one. */
export function orderBoard(rows: BoardRow[]): BoardRow[] {
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
export function questionColumns(rows: BoardRow[]): QuestionColumn[] {
  const seen = new Map<string, QuestionColumn>();
  for (const r of rows)
    for (const q of r.perQuestion) seen.set(`${q.code}|${q.version}`, { code: q.code, version: q.version });
  const cols = [...seen.values()].sort((a, b) => a.code.localeCompare(b.code) || a.version - b.version);
  return cols;
}

/** A question's name; its version too when a question was asked in more than one wording. */
function questionLabel(col: QuestionColumn, multiVersion: boolean): string {
  const base = QUESTION_KEYS[col.code] ? t(QUESTION_KEYS[col.code]!) : t('scQOther', { code: col.code });
  return multiVersion ? `${base} ${t('scQVersion', { version: col.version })}` : base;
}

export function scoresHead(qcols: QuestionColumn[], weeks: Weeks | null): HTMLTableRowElement {
  const multi = new Set(qcols.map((c) => c.code)).size !== qcols.length;
  const trendHead = weeks?.weeks.length
    ? t('scColTrendSince', { n: d(weeks.weeks.length), from: jalaliDay(weeks.weeks[0]!) })
    : t('scColTrend');
  return h(
    'tr',
    {},
    h('th', { class: 'c-num', attrs: { scope: 'col' } }, t('scColRank')),
    h('th', { class: 'c-name', attrs: { scope: 'col' } }, t('scColOperator')),
    h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColOfferedTitle') } }, t('scColOffered')),
    h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColCompletedTitle') } }, t('scColCompleted')),
    h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColRateTitle') } }, t('scColRate')),
    h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColResponsesTitle') } }, t('scColResponses')),
    ...qcols.map((c) => h('th', { class: 'c-num', attrs: { scope: 'col' } }, questionLabel(c, multi))),
    h('th', { class: 'c-num', attrs: { scope: 'col', title: t('scColBayesTitle') } }, t('scColBayes')),
    h('th', { class: 'c-trend', attrs: { scope: 'col' } }, trendHead),
  );
}

/** What every row needs from the whole board. */
export interface RowContext {
  qcols: QuestionColumn[];
  /** Weekly points by operator id (none when the trend could not be read). */
  trends: Map<string, TrendPoint[]>;
  minResponses: number;
  lang: Lang;
}

/** The rank, or "unranked" (with why) for fewer responses than the minimum. */
function rankCell(r: BoardRow, minResponses: number): HTMLElement {
  return h(
    'td',
    { class: 'c-num', testid: 'sc-rank' },
    r.ranked && r.rank !== null
      ? h('span', { class: 'sc-rank' }, d(r.rank))
      : h(
          'span',
          {
            class: 'wb-chip sc-unranked',
            attrs: { title: t('wbUnrankedTitle', { min: d(minResponses) }) },
          },
          t('wbUnranked'),
        ),
  );
}

/** The responses the score rests on, and how many more were set aside as flagged. */
function responsesCell(r: BoardRow, lang: Lang): HTMLElement {
  return h(
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
  );
}

/** The weekly line, and the latest week's mean beside it. */
function trendCell(points: TrendPoint[] | undefined, lang: Lang): HTMLElement {
  const last = points ? [...points].reverse().find((p) => p.mean !== null) : undefined;
  return h(
    'td',
    { class: 'c-trend' },
    points ? sparkline(points) : DASH,
    h('span', { class: 'sc-last muted', testid: 'sc-last' }, last ? num(last.mean, lang, 1) : ''),
  );
}

/** A question's figure: the share of "yes" for a yes/no question, else the mean (two decimals). */
export function questionFigure(q: QuestionMean | undefined, lang: Lang): string {
  if (!q) return DASH;
  if (q.yesShare !== undefined && q.yesShare !== null) return pct(q.yesShare, lang);
  return num(q.mean, lang, 2);
}

function questionCell(r: BoardRow, col: QuestionColumn, lang: Lang): HTMLElement {
  const q = r.perQuestion.find((x) => x.code === col.code && x.version === col.version);
  const title = q ? t('scQAnswersTitle', { n: d(q.responses) }) : undefined;
  return h('td', { class: 'c-num', testid: `sc-q-${col.code}`, attrs: { title } }, questionFigure(q, lang));
}

export function scoreRow(r: BoardRow, c: RowContext): HTMLTableRowElement {
  const { lang } = c;
  return h(
    'tr',
    { testid: 'sc-row', attrs: { 'data-operator': r.operatorId, 'data-ranked': String(r.ranked) } },
    rankCell(r, c.minResponses),
    h('td', { class: 'c-name' }, h('span', { class: 'wb-op-name' }, r.displayName)),
    // Offered, completed and their ratio exactly as the API has them, then the answers the score
    // counts: one "response" beside a 0% rate (a survey half answered) read as a contradiction.
    h('td', { class: 'c-num', testid: 'sc-offered' }, num(r.offered, lang)),
    h('td', { class: 'c-num', testid: 'sc-completed' }, num(r.completed, lang)),
    h(
      'td',
      {
        class: 'c-num',
        testid: 'sc-rate',
        attrs: { title: t('scRateTitle', { completed: d(r.completed), offered: d(r.offered) }) },
      },
      r.offered ? pct(r.responseRate, lang) : DASH,
    ),
    responsesCell(r, lang),
    ...c.qcols.map((col) => questionCell(r, col, lang)),
    h('td', { class: 'c-num sc-bayes', testid: 'sc-bayes' }, num(r.bayesianScore, lang, 2)),
    trendCell(c.trends.get(r.operatorId), lang),
  );
}
