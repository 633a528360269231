// The row of big numbers: who waits now and for how long, then the shift's service level, ASA,
// abandonment and handle time, each with today's figure and last week's same shift beside it.
import { h } from '../lib/dom.ts';
import { t, getLang, type StringKey } from '../i18n/i18n.ts';
import type { Lang } from '../lib/digits.ts';
import { secondsSince } from './clock.ts';
import { num, pct, secs, trend, DASH } from './format.ts';
import type { KpiFigures, WallboardSnapshot } from './types.ts';

interface Tile {
  el: HTMLElement;
  value: HTMLElement;
  sub: HTMLElement;
}

function tile(label: StringKey, testid: string): Tile {
  const value = h('div', { class: 'wb-tile-value', testid: `${testid}-value` });
  const sub = h('div', { class: 'wb-tile-sub', testid: `${testid}-sub` });
  const el = h('div', { class: 'wb-tile', testid }, h('div', { class: 'wb-tile-label', i18n: label }), value, sub);
  return { el, value, sub };
}

type Fig = (k: KpiFigures | undefined, lang: Lang) => { text: string; raw: number | null };

const FIGURES: Array<{ key: string; label: StringKey; higherIsBetter: boolean; fig: Fig }> = [
  {
    key: 'sl',
    label: 'wbServiceLevel',
    higherIsBetter: true,
    fig: (k, l) => ({ text: pct(k?.serviceLevel, l), raw: k?.serviceLevel ?? null }),
  },
  {
    key: 'asa',
    label: 'wbAsa',
    higherIsBetter: false,
    fig: (k, l) => ({ text: secs(k?.asa, l), raw: k?.asa ?? null }),
  },
  {
    key: 'abandon',
    label: 'wbAbandon',
    higherIsBetter: false,
    fig: (k, l) => ({ text: pct(k?.abandonRate, l), raw: k?.abandonRate ?? null }),
  },
  {
    key: 'aht',
    label: 'wbAht',
    higherIsBetter: false,
    fig: (k, l) => ({ text: secs(k?.aht, l), raw: k?.aht ?? null }),
  },
];

const ARROWS = { 'up-good': '▲', 'up-bad': '▲', 'down-good': '▼', 'down-bad': '▼', flat: '=', none: '' } as const;

export function buildKpiTiles(): { el: HTMLElement; render: (p: WallboardSnapshot, now: number) => void } {
  const waiting = tile('wbWaiting', 'kpi-waiting');
  const longest = tile('wbLongest', 'kpi-longest');
  const answered = tile('wbAnswered', 'kpi-answered');
  const callbacks = tile('wbCallbacksOwed', 'kpi-callbacks');
  const triage = tile('wbTriage', 'kpi-triage');
  const figs = FIGURES.map((f) => ({ ...f, tile: tile(f.label, `kpi-${f.key}`) }));
  const el = h(
    'section',
    { class: 'wb-tiles', testid: 'wb-tiles' },
    waiting.el,
    longest.el,
    ...figs.map((f) => f.tile.el),
    answered.el,
    callbacks.el,
    triage.el,
  );

  return {
    el,
    render(p, now) {
      const lang = getLang();
      const all = p.queues.flatMap((q) => q.waiting);
      const hazards = all.filter((w) => w.hazard).length;
      waiting.value.textContent = num(all.length, lang);
      waiting.el.dataset['level'] = all.length === 0 ? 'calm' : hazards > 0 ? 'hazard' : 'busy';
      waiting.sub.textContent = hazards ? `${t('wbHazard')}: ${num(hazards, lang)}` : '';
      const oldest = all.reduce<string | null>((m, w) => (m === null || w.waitingSince < m ? w.waitingSince : m), null);
      const longestSecs = oldest ? secondsSince(oldest, now) : null;
      longest.value.textContent = longestSecs === null ? DASH : secs(longestSecs, lang);
      // Past the service-level threshold, the longest wait turns red.
      longest.el.dataset['level'] =
        longestSecs !== null && longestSecs > p.settings.serviceLevelSeconds ? 'hazard' : 'calm';
      longest.sub.textContent = t('wbServiceLevelHint', { s: p.settings.serviceLevelSeconds });

      const k = p.kpis;
      for (const f of figs) {
        const cur = f.fig(k?.shift.all, lang);
        const today = f.fig(k?.today.all, lang);
        const week = f.fig(k?.lastWeek.all, lang);
        const dir = trend(cur.raw, week.raw, f.higherIsBetter);
        f.tile.value.textContent = cur.text;
        f.tile.el.dataset['trend'] = dir;
        f.tile.sub.replaceChildren(
          h('span', {}, `${t('wbPeriodToday')} ${today.text}`),
          h(
            'span',
            { class: 'wb-vs', attrs: { title: t('wbPeriodLastWeek') } },
            `${t('wbVsLastWeek', { value: week.text })} `,
            h('b', { class: 'wb-arrow' }, ARROWS[dir]),
          ),
        );
      }
      const s = k?.shift.all;
      answered.value.textContent = s ? num(s.answered, lang) : DASH;
      answered.sub.replaceChildren(
        h(
          'span',
          {},
          s ? `${t('wbAnsweredOf', { o: num(s.offered, lang) })} · ${t('wbAbandoned')} ${num(s.abandoned, lang)}` : '',
        ),
        h('span', {}, s ? t('wbVsLastWeek', { value: num(k?.lastWeek.all.answered, lang) }) : ''),
      );
      // Callbacks owed to callers who hung up now; made and reached this shift.
      const cb = k?.callbacks;
      callbacks.value.textContent = cb ? num(cb.owed, lang) : DASH;
      callbacks.el.dataset['level'] = cb && cb.owed > 0 ? 'busy' : 'calm';
      callbacks.sub.textContent = cb ? t('wbCallbacksMade', { m: num(cb.made, lang), r: num(cb.reached, lang) }) : '';
      // Web, SMS and Open311 items waiting for a person, and how long the oldest has waited.
      const tr = k?.triage;
      triage.value.textContent = tr ? num(tr.waiting, lang) : DASH;
      triage.el.dataset['level'] = tr && tr.waiting > 0 ? 'busy' : 'calm';
      triage.sub.textContent = tr?.oldestAt
        ? t('wbTriageOldest', { age: secs(secondsSince(tr.oldestAt, now), lang) })
        : '';
    },
  };
}
