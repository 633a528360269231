import { describe, expect, it } from 'vitest';
import { allowedNextStatuses, checkTransition, eventKindFor } from '../../../src/requests/request-status.ts';
import { type AppError } from '../../../src/shared/errors.ts';

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as AppError).code;
  }
};

describe('request life cycle rules', () => {
  it('follows register → refer → in progress → done → feedback → close', () => {
    const path = ['registered', 'referred', 'in-progress', 'done', 'feedback-positive', 'closed'] as const;
    for (let i = 0; i < path.length - 1; i++) {
      expect(codeOf(() => checkTransition(path[i]!, path[i + 1]!, 'operator', undefined))).toBeNull();
    }
  });

  it('sends unhappy citizens to special follow-up and round again', () => {
    expect(codeOf(() => checkTransition('done', 'special-follow-up', 'operator', undefined))).toBeNull();
    expect(codeOf(() => checkTransition('feedback-negative', 'special-follow-up', 'operator', undefined))).toBeNull();
    expect(codeOf(() => checkTransition('special-follow-up', 'in-progress', 'operator', undefined))).toBeNull();
  });

  it('refuses skipping steps and reopening', () => {
    expect(codeOf(() => checkTransition('registered', 'done', 'operator', undefined))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkTransition('feedback-negative', 'closed', 'operator', 'x'))).toBe('FORBIDDEN');
    expect(codeOf(() => checkTransition('closed', 'referred', 'admin', undefined))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkTransition('closed', 'closed', 'admin', 'again'))).toBe('INVALID_TRANSITION');
  });

  it('lets supervisors and admins close early, with a reason', () => {
    expect(codeOf(() => checkTransition('referred', 'closed', 'supervisor', undefined))).toBe('CLOSE_REASON_REQUIRED');
    expect(
      codeOf(() => checkTransition('referred', 'closed', 'supervisor', "out of the municipality's remit")),
    ).toBeNull();
    expect(codeOf(() => checkTransition('in-progress', 'closed', 'admin', 'duplicate'))).toBeNull();
    expect(codeOf(() => checkTransition('referred', 'closed', 'operator', 'duplicate'))).toBe('FORBIDDEN');
    expect(allowedNextStatuses('referred', 'supervisor')).toContain('closed');
    expect(allowedNextStatuses('referred', 'operator')).not.toContain('closed');
  });

  it('never lets a viewer change anything', () => {
    expect(codeOf(() => checkTransition('registered', 'referred', 'viewer', undefined))).toBe('FORBIDDEN');
  });

  it('lets 137 refer a returned request again, but never return one itself', () => {
    expect(codeOf(() => checkTransition('returned', 'referred', 'operator', undefined))).toBeNull();
    expect(codeOf(() => checkTransition('referred', 'returned', 'supervisor', 'not ours'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkTransition('returned', 'closed', 'supervisor', 'duplicate'))).toBeNull();
    expect(allowedNextStatuses('returned', 'operator')).toEqual(['referred']);
  });

  it('lets a unit accept, report done with a note, or return with a reason, and nothing else', () => {
    for (const role of ['unit', 'unit-manager'] as const) {
      expect(codeOf(() => checkTransition('referred', 'in-progress', role, undefined))).toBeNull();
      expect(codeOf(() => checkTransition('special-follow-up', 'in-progress', role, undefined))).toBeNull();
      expect(codeOf(() => checkTransition('in-progress', 'done', role, 'patched'))).toBeNull();
      expect(codeOf(() => checkTransition('referred', 'done', role, 'patched'))).toBeNull();
      expect(codeOf(() => checkTransition('in-progress', 'done', role, ' '))).toBe('NOTE_REQUIRED');
      expect(codeOf(() => checkTransition('referred', 'returned', role, 'a water company pipe'))).toBeNull();
      expect(codeOf(() => checkTransition('referred', 'returned', role, undefined))).toBe('NOTE_REQUIRED');
      expect(codeOf(() => checkTransition('done', 'in-progress', role, undefined))).toBe('INVALID_TRANSITION');
      expect(codeOf(() => checkTransition('in-progress', 'in-progress', role, undefined))).toBe('INVALID_TRANSITION');
      for (const to of ['closed', 'referred', 'feedback-positive', 'special-follow-up', 'registered'] as const) {
        expect(codeOf(() => checkTransition('in-progress', to, role, 'x'))).toBe('FORBIDDEN');
      }
    }
    expect(allowedNextStatuses('referred', 'unit')).toEqual(['in-progress', 'done', 'returned']);
    expect(allowedNextStatuses('in-progress', 'unit-manager')).toEqual(['done', 'returned']);
    expect(allowedNextStatuses('done', 'unit')).toEqual([]);
  });

  it('logs each transition under its life-cycle step', () => {
    expect(eventKindFor('referred')).toBe('referred');
    expect(eventKindFor('in-progress')).toBe('followed-up');
    expect(eventKindFor('done')).toBe('followed-up');
    expect(eventKindFor('feedback-negative')).toBe('feedback');
    expect(eventKindFor('special-follow-up')).toBe('special-follow-up');
    expect(eventKindFor('closed')).toBe('closed');
    expect(eventKindFor('returned')).toBe('returned');
  });
});
