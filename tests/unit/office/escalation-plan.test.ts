import { describe, expect, it } from 'vitest';
import { levelDueAt, levelsToQueue, topLevel, type PlanInput } from '../../../src/office/index.ts';

const H = 3_600_000;
const plan: PlanInput = {
  referredAt: '2026-05-02T06:00:00.000Z',
  deadlineAt: '2026-05-04T06:00:00.000Z', // 48 h later
  reminderShare: 0.75,
  escalateAfterHours: 24,
  hourMs: H,
};
const at = (level: number) => new Date(levelDueAt(level, plan)).toISOString();

describe('escalation plan', () => {
  it('reminds at the share of the time, is overdue at the deadline, then one unit up every interval', () => {
    expect(at(1)).toBe('2026-05-03T18:00:00.000Z'); // 36 of 48 hours
    expect(at(2)).toBe('2026-05-04T06:00:00.000Z');
    expect(at(3)).toBe('2026-05-05T06:00:00.000Z');
    expect(at(4)).toBe('2026-05-06T06:00:00.000Z');
    expect(levelDueAt(1, { ...plan, reminderShare: 0.5 })).toBe(Date.parse('2026-05-03T06:00:00.000Z'));
    expect(levelDueAt(3, { ...plan, escalateAfterHours: 2, hourMs: 1000 })).toBe(Date.parse(plan.deadlineAt) + 2000);
  });

  it('a deadline already past when referred is reminded at once, never before the referral', () => {
    const late = { ...plan, deadlineAt: '2026-05-01T06:00:00.000Z' };
    expect(levelDueAt(1, late)).toBe(Date.parse(plan.referredAt));
  });

  it('queues the next levels, at least to the first escalation, never past the top of the tree', () => {
    // unit → department → district municipality: reminder, overdue, department, municipality.
    expect(topLevel(3)).toBe(4);
    expect(topLevel(1)).toBe(2); // a unit at the root: nobody above to tell
    expect(topLevel(0)).toBe(0); // unknown unit
    expect(levelsToQueue(0, 4)).toEqual([1, 2, 3]);
    expect(levelsToQueue(1, 4)).toEqual([2, 3]);
    expect(levelsToQueue(2, 4)).toEqual([3]);
    expect(levelsToQueue(3, 4)).toEqual([4]);
    expect(levelsToQueue(4, 4)).toEqual([]);
    expect(levelsToQueue(0, 2)).toEqual([1, 2]);
    expect(levelsToQueue(0, 0)).toEqual([]);
  });
});
