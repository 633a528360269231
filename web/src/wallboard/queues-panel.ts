// One card per queue: the callers waiting (longest first, hazards marked, live wait clocks) and
// the queue's KPIs for this shift, today and the same shift last week.
import { h, ltr, replace } from '../lib/dom.ts';
import { t, d, getLang, type StringKey } from '../i18n/i18n.ts';
import type { Lang } from '../lib/digits.ts';
import { secondsSince } from './clock.ts';
import { pct, queueLabel, secs } from './format.ts';
import type { KpiFigures, QueueView, WaitingView, WallboardSnapshot } from './types.ts';

/** More than this many waiting callers fold into "+N". */
const MAX_LISTED = 8;

const COLS: Array<{ label: StringKey; title: StringKey; cell: (k: KpiFigures | undefined, l: Lang) => string }> = [
  { label: 'wbSlShort', title: 'wbServiceLevel', cell: (k, l) => pct(k?.serviceLevel, l) },
  { label: 'wbAsaShort', title: 'wbAsa', cell: (k, l) => secs(k?.asa, l) },
  { label: 'wbAbandonShort', title: 'wbAbandon', cell: (k, l) => pct(k?.abandonRate, l) },
  { label: 'wbAhtShort', title: 'wbAht', cell: (k, l) => secs(k?.aht, l) },
];
const PERIODS: Array<[StringKey, StringKey]> = [
  ['wbPeriodShift', 'wbPeriodShift'],
  ['wbPeriodToday', 'wbPeriodToday'],
  ['wbPeriodLastWeekShort', 'wbPeriodLastWeek'],
];

function waitingItem(w: WaitingView, now: number, slSeconds: number, lang: Lang): HTMLElement {
  const wait = secondsSince(w.waitingSince, now);
  return h(
    'li',
    { class: 'wb-wait', testid: 'wb-waiting', attrs: { 'data-hazard': w.hazard, 'data-late': wait > slSeconds } },
    h('span', { class: 'wb-wait-time', testid: 'wb-wait-time' }, secs(wait, lang)),
    w.callerMasked
      ? ltr(d(w.callerMasked), { class: 'wb-wait-caller', testid: 'wb-wait-caller' })
      : h('span', { class: 'wb-wait-caller muted', i18n: 'wbHiddenNumber' }),
    w.hazard ? h('span', { class: 'wb-chip wb-chip-hazard', i18n: 'wbHazard' }) : null,
    w.ringing.length
      ? h('span', { class: 'wb-wait-ringing' }, t('wbRingingTo', { names: w.ringing.join('، ') }))
      : null,
  );
}

function kpiTable(q: QueueView, p: WallboardSnapshot, lang: Lang): HTMLElement {
  const k = p.kpis;
  const periods = [k?.shift, k?.today, k?.lastWeek].map((x) => x?.byQueue[q.name]);
  return h(
    'table',
    {
      class: 'wb-kpi-table',
      testid: 'wb-queue-kpis',
      attrs: { 'aria-label': t('wbKpiTable', { queue: queueLabel(q.name) }) },
    },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}), ...COLS.map((c) => h('th', { attrs: { scope: 'col', title: t(c.title) } }, t(c.label)))),
    ),
    h(
      'tbody',
      {},
      ...periods.map((f, i) =>
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'row', title: t(PERIODS[i]![1]) } }, t(PERIODS[i]![0])),
          ...COLS.map((c) => h('td', {}, c.cell(f, lang))),
        ),
      ),
    ),
  );
}

export function buildQueuesPanel(): { el: HTMLElement; render: (p: WallboardSnapshot, now: number) => void } {
  const body = h('div', { class: 'wb-queue-list' });
  const el = h(
    'section',
    { class: 'wb-panel wb-queues', testid: 'wb-queues', attrs: { 'aria-labelledby': 'wb-queues-title' } },
    h('h2', { id: 'wb-queues-title', i18n: 'wbQueues' }),
    body,
  );
  return {
    el,
    render(p, now) {
      const lang = getLang();
      const sl = p.settings.serviceLevelSeconds;
      // With several Asterisk servers the same queue name is two queues: say which server.
      const manyServers = new Set(p.queues.map((q) => q.serverId)).size > 1;
      replace(
        body,
        ...p.queues.map((q) => {
          const listed = q.waiting.slice(0, MAX_LISTED);
          const more = q.waiting.length - listed.length;
          return h(
            'article',
            {
              class: 'wb-queue',
              testid: 'wb-queue',
              attrs: { 'data-queue': q.name, 'data-waiting': q.waiting.length },
            },
            h(
              'header',
              { class: 'wb-queue-head' },
              h(
                'h3',
                {},
                queueLabel(q.name),
                manyServers
                  ? h('span', { class: 'wb-queue-server muted', testid: 'wb-queue-server' }, ` · ${q.serverId}`)
                  : null,
              ),
              h('span', { class: 'wb-queue-count', testid: 'wb-queue-count' }, d(q.waiting.length)),
              h(
                'span',
                { class: 'wb-queue-members muted' },
                t('wbMembers', { n: q.members, p: q.paused, t: q.talking }),
              ),
            ),
            q.waiting.length
              ? h(
                  'ol',
                  { class: 'wb-wait-list' },
                  ...listed.map((w) => waitingItem(w, now, sl, lang)),
                  more > 0 ? h('li', { class: 'wb-wait-more' }, `+${d(more)}`) : null,
                )
              : h('p', { class: 'wb-empty muted', i18n: 'wbNoWaiting' }),
            kpiTable(q, p, lang),
          );
        }),
      );
    },
  };
}
