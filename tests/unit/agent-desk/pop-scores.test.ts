import { describe, expect, it } from 'vitest';
import { others, type RatedCall } from '../../../src/agent-desk/screen-pop-service.ts';

const call = (id: string, op: string | null, score: number | null): RatedCall => ({
  callId: id,
  startedAt: '2026-11-22T07:00:00.000Z',
  operatorName: op ? `op${op}` : null,
  outcome: 'answered',
  surveyScore: score,
  ratedOperatorId: op,
});

describe('past calls on a screen-pop', () => {
  it("withholds the score of calls the receiving operator handled, keeps colleagues' scores, drops the current call", () => {
    const shown = others([call('9', '1', null), call('8', '1', 2), call('7', '2', 5)], '9', '1');
    expect(shown.map((c) => [c.callId, c.surveyScore])).toEqual([
      ['8', null],
      ['7', 5],
    ]);
    expect(shown[0]).not.toHaveProperty('ratedOperatorId');
  });
});
