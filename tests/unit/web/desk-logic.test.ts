import { describe, expect, it } from 'vitest';
import { sortRequests, isClosed } from '../../../web/src/desk/request-status.ts';
import { callClock, stateLabel } from '../../../web/src/desk/state-view.ts';
import { hotkeyDigits } from '../../../web/src/desk/template-keys.ts';
import type { PastRequest } from '../../../web/src/desk/types.ts';
import type { CurrentCall } from '../../../web/src/desk/store.ts';

const req = (id: string, createdAt: string, extra: Partial<PastRequest> = {}): PastRequest => ({
  id,
  trackingCode: id,
  status: 'referred',
  categoryFa: 'x',
  categoryEn: 'x',
  unitFa: null,
  unitEn: null,
  description: '',
  hazard: false,
  createdAt,
  deadlineAt: null,
  closedAt: null,
  reporters: 1,
  address: null,
  neighbourhoodFa: null,
  neighbourhoodEn: null,
  ...extra,
});

describe('request ordering', () => {
  it('puts open requests first, newest first, and closed ones apart', () => {
    const list = [
      req('a', '2025-01-01T00:00:00Z', { status: 'closed', closedAt: '2025-01-03T00:00:00Z' }),
      req('b', '2025-01-02T00:00:00Z'),
      req('c', '2025-01-05T00:00:00Z'),
      req('d', '2025-01-04T00:00:00Z', { closedAt: '2025-01-06T00:00:00Z' }),
    ];
    const { open, closed } = sortRequests(list);
    expect(open.map((r) => r.id)).toEqual(['c', 'b']);
    expect(closed.map((r) => r.id)).toEqual(['d', 'a']);
    expect(isClosed(req('e', '', { status: 'rejected' }))).toBe(true);
  });
});

describe('header state', () => {
  const now = Date.parse('2025-01-01T10:00:30Z');
  it('labels states, with the pause reason and the wrap-up countdown', () => {
    expect(stateLabel({ state: 'paused', reason: 'prayer', since: '', until: null }, now, 'fa')).toBe('مکث: نماز');
    expect(stateLabel({ state: 'wrap-up', reason: null, since: '', until: '2025-01-01T10:01:00Z' }, now, 'fa')).toBe(
      'جمع‌بندی تماس: ۰۰:۳۰',
    );
    expect(stateLabel(null, now, 'fa')).toBe('وضعیت نامشخص');
  });

  it('counts ringing time, then talk time, frozen at the end', () => {
    const call = { ringingAt: '2025-01-01T10:00:20Z', answeredAt: null, endedAt: null } as CurrentCall;
    expect(callClock(call, now, 'en')).toEqual({ label: 'ringTimerLabel', text: '00:10' });
    const talking = { ...call, answeredAt: '2025-01-01T10:00:25Z' };
    expect(callClock(talking, now, 'en')).toEqual({ label: 'callTimerLabel', text: '00:05' });
    const ended = { ...talking, endedAt: '2025-01-01T10:00:28Z' };
    expect(callClock(ended, now + 60_000, 'en')?.text).toBe('00:03');
    expect(callClock({ ...call, endedAt: '2025-01-01T10:00:28Z' }, now, 'en')).toBeNull();
  });
});

describe('template hotkeys', () => {
  it('honours the server hotkey and fills the rest in order', () => {
    const tpl = (id: string, hotkey: string | null) => ({ id, textFa: id, textEn: id, hotkey });
    const map = hotkeyDigits([tpl('a', null), tpl('b', 'Alt+1'), tpl('c', '۳'), tpl('d', null)]);
    expect([...map.entries()].map(([n, t]) => `${n}${t.id}`).sort()).toEqual(['1b', '2a', '3c', '4d']);
  });
});
