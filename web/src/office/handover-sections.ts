// The hand-over's parts as a supervisor reads them aloud to the next one: which shift, how the
// calls went, the hazards still open, the callbacks owed, and who worked (and who never came).
// Times are h:mm, figures in the page's digits; requests link to their page where the id is given.
import { h, ltr } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { formatNumber } from '../lib/digits.ts';
import { CENTRE_TIME_ZONE, formatDuration, formatJalaliDateTime, formatTime } from '../lib/jalali.ts';
import { reasonLabel } from '../lib/operator-state.ts';
import { codeEl, dateEl, deadlineEl, deadlineRunning, nameIn, statusChip } from './format.ts';
import type { Handover, HandoverOperator, HandoverRequest } from './types.ts';

const SHIFT_KEYS: Record<string, StringKey> = { morning: 'shiftMorning', evening: 'shiftEvening', night: 'shiftNight' };

/** A shift's name in the page's language (a configured shift without a translation as it is). */
export const shiftName = (name: string) => (SHIFT_KEYS[name] ? t(SHIFT_KEYS[name]) : d(name));

/** Seconds as h:mm ("۱:۰۵"), to the nearest minute: a hand-over speaks of minutes, not seconds. */
export function hm(seconds: number): string {
  const minutes = Math.round(Math.max(0, seconds) / 60);
  return d(`${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`);
}

/** The same as a clock with seconds, for the tooltip. */
const hms = (seconds: number) => formatDuration(seconds, getLang());

/** "شنبه ۱۶ فروردین ۱۴۰۴" of an instant, in Tehran; in English the Gregorian day follows. */
function dayLong(iso: string): string {
  const lang = getLang();
  const parts = new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB-u-ca-persian', {
    timeZone: CENTRE_TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(new Date(iso));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  const jalali = `${p('weekday')} ${p('day')} ${p('month')} ${p('year')}`;
  if (lang === 'fa') return jalali;
  const greg = new Intl.DateTimeFormat('en-GB', { timeZone: CENTRE_TIME_ZONE, dateStyle: 'medium' });
  return `${jalali} (${greg.format(new Date(iso))})`;
}

export type Phase = 'running' | 'ended' | 'not-begun';

export function phaseOf(x: Handover, now = Date.now()): Phase {
  if (now < Date.parse(x.shift.from)) return 'not-begun';
  return Date.parse(x.shift.asOf) < Date.parse(x.shift.to) ? 'running' : 'ended';
}

/** Which shift, its hours, and whether the figures are final. */
export function headingEl(x: Handover, phase: Phase): HTMLElement {
  const lang = getLang();
  const { from, to, asOf } = x.shift;
  // A night shift ends on the next day: then its end says the date too.
  const sameDay = formatJalaliDateTime(from, lang).split(' ')[0] === formatJalaliDateTime(to, lang).split(' ')[0];
  const end = sameDay ? formatTime(to, lang) : formatJalaliDateTime(to, lang);
  const state =
    phase === 'running'
      ? t('hoRunning', { time: formatTime(asOf, lang) })
      : t(phase === 'ended' ? 'hoEnded' : 'hoNotBegun');
  return h(
    'div',
    { class: 'ho-heading', testid: 'ho-heading', attrs: { 'data-shift': x.shift.name, 'data-date': x.shift.date } },
    h('h3', { class: 'ho-shift-title' }, t('hoHeading', { shift: shiftName(x.shift.name), date: dayLong(from) })),
    h(
      'p',
      { class: 'ho-window' },
      t('hoWindow', { from: formatTime(from, lang), to: end }),
      ' · ',
      h('span', { class: `ho-phase is-${phase}`, testid: 'ho-phase', attrs: { 'data-phase': phase } }, state),
    ),
  );
}

function figure(key: string, label: StringKey, value: string, hint: string | null = null, danger = false): HTMLElement {
  return h(
    'div',
    { class: `of-counter ho-figure${danger ? ' is-danger' : ''}`, testid: 'ho-figure', attrs: { 'data-figure': key } },
    h('span', { class: 'of-counter-value', testid: 'ho-figure-value' }, value),
    h('span', { class: 'of-counter-label' }, t(label)),
    hint ? h('span', { class: 'ho-figure-hint' }, hint) : null,
  );
}

/** Calls offered, answered and abandoned, service level, waiting and handle times. */
export function callsEl(c: Handover['calls']): HTMLElement {
  const lang = getLang();
  const n = (v: number) => formatNumber(v, lang);
  const pct = (v: number | null) =>
    v === null ? '—' : formatNumber(v, lang, { style: 'percent', maximumFractionDigits: 0 });
  const secs = (v: number | null) => (v === null ? '—' : formatDuration(Math.round(v), lang));
  const notes = [
    c.timedOut ? t('hoTimedOut', { n: c.timedOut }) : null,
    c.lostInRestart ? t('hoLostInRestart', { n: c.lostInRestart }) : null,
  ].filter((x) => x !== null);
  return h(
    'section',
    { class: 'ho-section', testid: 'ho-calls', attrs: { 'aria-labelledby': 'ho-calls-title' } },
    h('h3', { id: 'ho-calls-title', i18n: 'hoCalls' }),
    h(
      'div',
      { class: 'ho-figures' },
      figure('offered', 'hoOffered', n(c.offered)),
      figure('answered', 'hoAnswered', n(c.answered)),
      figure(
        'abandoned',
        'hoAbandoned',
        n(c.abandoned),
        c.shortAbandoned ? t('hoShortAbandoned', { n: c.shortAbandoned }) : null,
        c.abandoned > 0,
      ),
      figure(
        'service-level',
        'hoServiceLevel',
        pct(c.serviceLevel),
        t('hoServiceLevelHint', { s: c.serviceLevelSeconds }),
      ),
      figure('asa', 'hoAsa', secs(c.asa)),
      figure('aht', 'hoAht', secs(c.aht)),
      figure('abandon-rate', 'hoAbandonRate', pct(c.abandonRate)),
    ),
    c.offered === 0 ? h('p', { class: 'empty', i18n: 'hoNoCalls' }) : null,
    ...notes.map((text) => h('p', { class: 'ho-note' }, text)),
  );
}

const REQUEST_COLUMNS: StringKey[] = ['ofColCode', 'formCategory', 'ofStatus', 'ofCreated', 'ofDeadline'];

function requestRow(r: HandoverRequest, asOf: number): HTMLElement {
  const code = r.id
    ? h('a', { class: 'of-code-link', testid: 'ho-open', attrs: { href: `#/request/${r.id}` } }, codeEl(r.trackingCode))
    : codeEl(r.trackingCode);
  // The deadline as it stood at the hand-over (a past shift's "overdue by" is the one it handed over).
  const deadline = r.deadlineAt ? deadlineEl(r.deadlineAt, asOf, deadlineRunning(r.status), false) : '—';
  return h(
    'tr',
    { testid: 'ho-request', attrs: { 'data-tracking-code': r.trackingCode, 'data-request-id': r.id ?? '' } },
    h('td', {}, code, r.hazard ? h('span', { class: 'flag flag-danger', i18n: 'hazardCategory' }) : null),
    h('td', {}, nameIn(r.categoryFa, r.category)),
    h('td', {}, statusChip(r.status)),
    h('td', {}, dateEl(r.createdAt)),
    h('td', {}, deadline),
  );
}

interface RequestList {
  testid: string;
  title: StringKey;
  none: StringKey;
  count: number;
  requests: HandoverRequest[];
  /** A line under the title: what the list is, or how it splits. */
  lines: string[];
}

/** The hazards still open, or the callbacks owed: their count and the oldest ones listed. */
export function requestsEl(list: RequestList, asOf: number): HTMLElement {
  const id = `${list.testid}-title`;
  const more = list.count > list.requests.length;
  return h(
    'section',
    {
      class: `ho-section${list.count > 0 ? ' has-items' : ''}`,
      testid: list.testid,
      attrs: { 'aria-labelledby': id, 'data-count': list.count },
    },
    h(
      'h3',
      { id },
      t(list.title),
      ' ',
      h('span', { class: 'ho-count', testid: 'ho-count' }, formatNumber(list.count, getLang())),
    ),
    ...list.lines.map((line) => h('p', { class: 'ho-note' }, line)),
    list.count === 0
      ? h('p', { class: 'empty', i18n: list.none })
      : h(
          'div',
          { class: 'of-table-wrap' },
          h(
            'table',
            { class: 'of-table' },
            h('thead', {}, h('tr', {}, ...REQUEST_COLUMNS.map((k) => h('th', { i18n: k })))),
            h('tbody', {}, ...list.requests.map((r) => requestRow(r, asOf))),
          ),
        ),
    more ? h('p', { class: 'ho-note' }, t('hoListedOf', { shown: list.requests.length, n: list.count })) : null,
  );
}

function pauseCell(o: HandoverOperator): HTMLElement {
  const reasons = Object.entries(o.pausedByReason)
    .filter(([, s]) => s >= 30)
    .sort((a, b) => b[1] - a[1])
    .map(([r, s]) => `${reasonLabel(r) || '—'} ${hm(s)}`);
  return h(
    'td',
    { class: 'ho-time', attrs: { title: hms(o.seconds.paused) } },
    hm(o.seconds.paused),
    reasons.length ? h('span', { class: 'ho-reasons' }, reasons.join(' · ')) : null,
  );
}

const time = (s: number) => h('td', { class: 'ho-time', attrs: { title: hms(s) } }, hm(s));

function operatorRow(o: HandoverOperator): HTMLElement {
  const note = !o.worked ? 'hoNeverSignedIn' : !o.rostered ? 'hoNotRostered' : null;
  return h(
    'tr',
    {
      testid: 'ho-operator',
      class: o.worked ? '' : 'is-absent',
      attrs: { 'data-username': o.username, 'data-worked': String(o.worked), 'data-rostered': String(o.rostered) },
    },
    h('th', { attrs: { scope: 'row' } }, h('bdi', {}, o.displayName), ' ', ltr(o.username, { class: 'muted' })),
    h('td', { class: 'ho-num', testid: 'ho-op-calls' }, formatNumber(o.callsAnswered, getLang())),
    h(
      'td',
      { class: 'ho-time', testid: 'ho-op-talk', attrs: { title: hms(o.seconds.talking) } },
      hm(o.seconds.talking),
    ),
    time(o.seconds.wrapUp),
    pauseCell(o),
    h('td', { class: 'ho-time', testid: 'ho-op-idle', attrs: { title: hms(o.seconds.ready) } }, hm(o.seconds.ready)),
    h('td', {}, note ? h('span', { class: `flag ${o.worked ? 'flag-warn' : 'flag-danger'}`, i18n: note }) : null),
  );
}

const OPERATOR_COLUMNS: StringKey[] = [
  'hoColOperator',
  'hoColCalls',
  'hoColTalk',
  'hoColWrapUp',
  'hoColPause',
  'hoColIdle',
  'hoColNote',
];

function totalsRow(ops: HandoverOperator[]): HTMLElement {
  const sum = (k: keyof HandoverOperator['seconds']) => ops.reduce((a, o) => a + o.seconds[k], 0);
  const calls = ops.reduce((a, o) => a + o.callsAnswered, 0);
  return h(
    'tr',
    { class: 'ho-totals' },
    h('th', { attrs: { scope: 'row' }, i18n: 'hoTotal' }),
    h('td', { class: 'ho-num' }, formatNumber(calls, getLang())),
    time(sum('talking')),
    time(sum('wrapUp')),
    time(sum('paused')),
    time(sum('ready')),
    h('td', {}),
  );
}

/** Everyone who worked the shift with their times, then the rostered operators who never signed in. */
export function operatorsEl(ops: HandoverOperator[]): HTMLElement {
  const worked = ops.filter((o) => o.worked);
  const absent = ops.filter((o) => !o.worked);
  const anyRoster = ops.some((o) => o.rostered);
  const absentLine = !anyRoster
    ? h('p', { class: 'empty', i18n: 'hoNoRoster' })
    : absent.length === 0
      ? h('p', { class: 'empty', i18n: 'hoAbsentNone' })
      : h(
          'p',
          { class: 'ho-absent', testid: 'ho-absent' },
          h('strong', {}, `${t('hoAbsent')}: `),
          ...absent.flatMap((o, i) => [i ? (getLang() === 'fa' ? '، ' : ', ') : '', h('bdi', {}, o.displayName)]),
        );
  return h(
    'section',
    { class: 'ho-section', testid: 'ho-operators', attrs: { 'aria-labelledby': 'ho-ops-title' } },
    h(
      'h3',
      { id: 'ho-ops-title' },
      t('hoOperators'),
      ' ',
      h('span', { class: 'muted ho-hint' }, `(${t('hoTimesHint')})`),
    ),
    ops.length === 0
      ? h('p', { class: 'empty', i18n: 'hoOperatorsNone' })
      : h(
          'div',
          { class: 'of-table-wrap' },
          h(
            'table',
            { class: 'of-table ho-ops' },
            h('thead', {}, h('tr', {}, ...OPERATOR_COLUMNS.map((k) => h('th', { i18n: k })))),
            h('tbody', {}, ...[...worked, ...absent].map(operatorRow)),
            worked.length > 1 ? h('tfoot', {}, totalsRow(worked)) : null,
          ),
        ),
    absentLine,
  );
}
