import { describe, expect, it } from 'vitest';
import type { OperatorRow } from '../../../src/wallboard/wallboard-events.ts';
import { alertsOf } from '../../../web/src/wallboard/alerts.ts';
import { intervalSl, niceMax } from '../../../web/src/wallboard/chart.ts';
import { trend } from '../../../web/src/wallboard/format.ts';
import { arrange, DEFAULT_VIEW } from '../../../web/src/wallboard/operator-sort.ts';

const now = Date.parse('2025-01-01T10:00:00Z');
const ago = (s: number) => new Date(now - s * 1000).toISOString();
const op = (id: string, extra: Partial<OperatorRow> = {}): OperatorRow => ({
  id,
  displayName: `op${id}`,
  extension: `100${id}`,
  state: 'ready',
  reason: null,
  since: ago(10),
  until: null,
  call: null,
  handled: 0,
  aht: null,
  score: null,
  scoreResponses: 0,
  scoreRanked: false,
  scoreRank: null,
  rnaStreak: 0,
  pauseAllowanceSeconds: null,
  absent: false,
  ...extra,
});

describe('operators grid: score order', () => {
  it('puts the ranked first in rank order, then the unranked by score, then those without a score', () => {
    const rows = [
      op('1', { score: 4.9, scoreResponses: 3, scoreRanked: false }),
      op('2', { score: 4.1, scoreResponses: 40, scoreRanked: true, scoreRank: 2 }),
      op('3'),
      op('4', { score: 4.4, scoreResponses: 25, scoreRanked: true, scoreRank: 1 }),
      op('5', { score: 3.0, scoreResponses: 5, scoreRanked: false }),
    ];
    expect(arrange(rows, { ...DEFAULT_VIEW, sort: 'score' }, now).map((r) => r.id)).toEqual(['4', '2', '1', '5', '3']);
  });
});

describe('wallboard alerts', () => {
  it('raises a pause past its allowance, a ring-no-answer streak of two, and an absence', () => {
    expect(
      alertsOf(op('1', { state: 'paused', reason: 'break', since: ago(14 * 60), pauseAllowanceSeconds: 900 }), now),
    ).toEqual([]);
    expect(
      alertsOf(op('1', { state: 'paused', reason: 'break', since: ago(16 * 60), pauseAllowanceSeconds: 900 }), now).map(
        (a) => a.kind,
      ),
    ).toEqual(['pause']);
    expect(alertsOf(op('2', { rnaStreak: 1 }), now)).toEqual([]);
    expect(alertsOf(op('2', { rnaStreak: 2 }), now).map((a) => a.kind)).toEqual(['rna']);
    expect(alertsOf(op('3', { state: 'logged-out', absent: true }), now).map((a) => a.kind)).toEqual(['absent']);
  });
});

describe('operators grid order and filters', () => {
  const rows = [
    op('1', { state: 'logged-out', since: ago(5000) }),
    op('2', { state: 'paused', since: ago(100), pauseAllowanceSeconds: 60 }),
    op('3', { state: 'ringing', since: ago(3) }),
    op('4', { state: 'paused', since: ago(300), handled: 9, aht: 120 }),
    op('5', { state: 'talking', since: ago(40), handled: 3, aht: 200 }),
  ];
  it('puts live work first and the longest in a state first, logged-out last', () => {
    expect(arrange(rows, DEFAULT_VIEW, now).map((r) => r.id)).toEqual(['3', '5', '4', '2', '1']);
  });
  it('sorts by a column, reversed on a second click, with missing figures last', () => {
    expect(
      arrange(rows, { ...DEFAULT_VIEW, sort: 'handled' }, now)
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['4', '5']);
    expect(
      arrange(rows, { ...DEFAULT_VIEW, sort: 'aht' }, now)
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['5', '4']);
    expect(arrange(rows, { ...DEFAULT_VIEW, sort: 'handled', desc: true }, now).map((r) => r.id)[0]).not.toBe('4');
  });
  it('filters by state, by alert, by the queue, and by name or extension', () => {
    expect(arrange(rows, { ...DEFAULT_VIEW, filter: 'paused' }, now).map((r) => r.id)).toEqual(['4', '2']);
    expect(arrange(rows, { ...DEFAULT_VIEW, filter: 'alerts' }, now).map((r) => r.id)).toEqual(['2']);
    expect(arrange(rows, { ...DEFAULT_VIEW, filter: 'active' }, now)).toHaveLength(4);
    expect(arrange(rows, { ...DEFAULT_VIEW, query: '1005' }, now).map((r) => r.id)).toEqual(['5']);
  });
});

describe('chart and comparison helpers', () => {
  it('rounds the count axis so its quarters are whole', () => {
    expect([0, 3, 5, 9, 17, 41, 130].map(niceMax)).toEqual([4, 4, 8, 20, 20, 80, 200]);
  });
  it('computes an interval service level over everything offered, and gaps where nothing came', () => {
    // Answered within T ÷ offered: short abandons stay in the base, as in GET /kpis.
    expect(intervalSl({ at: '', offered: 10, answered: 8, abandoned: 1, shortAbandoned: 2, answeredInSl: 6 })).toBe(
      0.6,
    );
    expect(intervalSl({ at: '', offered: 1, answered: 0, abandoned: 0, shortAbandoned: 1, answeredInSl: 0 })).toBe(0);
    expect(
      intervalSl({ at: '', offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredInSl: 0 }),
    ).toBeNull();
  });
  it('reads a move against last week as good or bad news by the figure', () => {
    expect(trend(0.9, 0.8, true)).toBe('up-good');
    expect(trend(30, 20, false)).toBe('up-bad');
    expect(trend(20, 20.1, false)).toBe('flat');
    expect(trend(null, 20, false)).toBe('none');
  });
});

describe('wallboard store', () => {
  it('applies a burst of updates but redraws at most every 250 ms, and drops stale updates', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    (globalThis as { requestAnimationFrame?: (f: () => void) => void }).requestAnimationFrame = (f) =>
      void setTimeout(f, 16);
    try {
      const { WallboardStore } = await import('../../../web/src/wallboard/store.ts');
      const store = new WallboardStore();
      let renders = 0;
      store.subscribe(() => void renders++);
      store.snapshot({
        seq: 5,
        serverTime: now,
        shift: { name: 'morning', date: '2025-01-01', from: '', to: '' },
        queues: [],
        operators: [op('1')],
        kpis: null,
        series: null,
        settings: {
          serviceLevelSeconds: 20,
          pauseAllowances: {},
          phone: null,
          scoreMinResponses: 20,
          shifts: ['morning'],
        },
      });
      for (let seq = 6; seq < 56; seq++)
        store.update({ seq, serverTime: now, operators: { rows: [op('1', { handled: seq })], removed: [] } });
      store.update({ seq: 3, serverTime: now, operators: { rows: [op('1', { handled: -1 })], removed: [] } });
      vi.advanceTimersByTime(1000);
      expect(store.picture!.operators[0]!.handled).toBe(55);
      expect(store.applied).toBe(50);
      expect(renders).toBeLessThanOrEqual(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
