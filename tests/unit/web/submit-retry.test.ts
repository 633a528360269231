import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../web/src/lib/api.ts';
import { isOutage, sendUntilStored } from '../../../web/src/desk/submit-retry.ts';

const outage: ApiResult<string> = { ok: false, status: 503, error: { code: 'DATABASE_UNAVAILABLE', message: 'x' } };
const network: ApiResult<string> = { ok: false, status: 0, error: { code: 'NETWORK', message: 'x' } };
const refused: ApiResult<string> = { ok: false, status: 422, error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'x' } };
const stored: ApiResult<string> = { ok: true, status: 201, data: 'ok' };

function sender(...answers: ApiResult<string>[]) {
  const calls: number[] = [];
  return {
    calls,
    send: async () => (calls.push(calls.length), answers[Math.min(calls.length - 1, answers.length - 1)]!),
  };
}
const noWait = async () => undefined;

describe('a registration the server could not store', () => {
  it('is sent again after an outage or a dropped network until it is stored', async () => {
    const s = sender(outage, network, stored);
    const waits: number[] = [];
    expect(await sendUntilStored(s.send, (n) => waits.push(n), [1, 1, 1], noWait)).toEqual(stored);
    expect(s.calls).toHaveLength(3);
    expect(waits).toEqual([1, 2]);
  });

  it('is not sent again when the server refused it: that is an answer', async () => {
    const s = sender(refused, stored);
    expect(await sendUntilStored(s.send, () => undefined, [1, 1], noWait)).toEqual(refused);
    expect(s.calls).toHaveLength(1);
    expect(isOutage(refused)).toBe(false);
  });

  it('gives the last answer back once its waits are used up', async () => {
    const s = sender(outage);
    expect(await sendUntilStored(s.send, () => undefined, [1, 1], noWait)).toEqual(outage);
    expect(s.calls).toHaveLength(3);
  });
});
