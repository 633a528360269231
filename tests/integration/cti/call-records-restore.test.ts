import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeUnseenCalls, findStoredCalls } from '../../../src/cti/call-restore-repository.ts';
import { insertCalls, insertRings, updateCalls } from '../../../src/cti/call-repository.ts';
import type { LiveCall } from '../../../src/cti/index.ts';
import { newLiveCall } from '../../../src/cti/tracker-core.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

// The call records' SQL on a real PostgreSQL: what a rebuilt (less knowing) live call writes may
// add to a row but never erase it, and rows of calls gone unseen are closed honestly.

const T0 = Date.parse('2026-12-06T08:00:00Z');
const shift = { name: 'morning', date: '2026-12-06' };

function call(linkedid: string, over: Partial<LiveCall> = {}): LiveCall {
  const c = newLiveCall(
    {
      serverId: 'pbx1',
      linkedid,
      uniqueid: linkedid,
      channel: 'PJSIP/trunk-1',
      callerNum: '09121234567',
      callerName: '',
    },
    T0,
  );
  return { ...c, ...over };
}

describe('call records across restarts of cti137', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const insert = async (c: LiveCall) => (await insertCalls(db.pool, [{ call: c, shift, phone: '+989121234567' }]))[0]!;

  it('a snapshot that knows less never erases the answer, the operator, the wait or the hold', async () => {
    const known = call('100.1', {
      queue: 'q137',
      queuedAt: T0 + 10_000,
      answeredAt: T0 + 22_000,
      memberInterface: 'PJSIP/1001',
      memberName: 'Operator 1',
      waitSeconds: 12,
      holdSeconds: 5,
      transfers: 1,
      endReason: 'agent-hangup',
    });
    const id = await insert(known);
    await updateCalls(db.pool, [{ id, call: known, operatorId: null, shift }]);
    // cti137 restarted and rebuilt the call from Asterisk alone: a later answer, nothing else.
    const rebuilt = call('100.1', { answeredAt: T0 + 60_000, endedAt: T0 + 90_000, endReason: 'completed' });
    await updateCalls(db.pool, [{ id, call: rebuilt, operatorId: null, shift }]);
    const stored = (await findStoredCalls(db.pool, 'pbx1', ['100.1'])).get('100.1')!;
    expect(stored).toMatchObject({
      queue: 'q137',
      queuedAt: T0 + 10_000,
      answeredAt: T0 + 22_000,
      memberInterface: 'PJSIP/1001',
      waitSeconds: 12,
      holdSeconds: 5,
      transfers: 1,
      endReason: 'completed',
    });
    // Not the same call: a NULL answer of an unanswered call stays NULL.
    const never = call('100.2', { queue: 'q137', endedAt: T0 + 30_000, endReason: 'abandoned' });
    const id2 = await insert(never);
    await updateCalls(db.pool, [{ id: id2, call: never, operatorId: null, shift }]);
    expect((await findStoredCalls(db.pool, 'pbx1', ['100.2'])).get('100.2')!.answeredAt).toBeNull();
  });

  it('closes open rows of calls gone, at the last moment they were seen, and leaves the others', async () => {
    const gone = call('200.1', { queue: 'q137', queuedAt: T0 + 5_000, answeredAt: T0 + 9_000 });
    const goneId = await insert(gone);
    await updateCalls(db.pool, [{ id: goneId, call: gone, operatorId: null, shift }]);
    await insertRings(db.pool, [
      {
        callId: goneId,
        operatorId: null,
        ring: {
          interface: 'PJSIP/1001',
          memberName: '',
          agentChannel: 'PJSIP/1001-1',
          startedAt: T0 + 6_000,
          endedAt: T0 + 9_500,
          outcome: 'answered',
        },
      },
    ]);
    await insert(call('200.2')); // still up on the PBX
    const late = call('200.3');
    late.enteredAt = T0 + 120_000; // entered after the snapshot was asked
    await insert(late);
    const closed = await closeUnseenCalls(db.pool, 'pbx1', ['200.2'], T0 + 100_000);
    // 100.1 and 100.2 above are ended already; only 200.1 was open, gone and older than the snapshot.
    expect(closed).toBe(1);
    const r = await db.pool.query<{ linkedid: string; ended_at: Date | null; end_reason: string | null }>(
      `SELECT linkedid, ended_at, end_reason FROM calls WHERE linkedid LIKE '200.%' ORDER BY linkedid`,
    );
    expect(r.rows.map((x) => [x.linkedid, x.ended_at?.getTime() ?? null, x.end_reason])).toEqual([
      ['200.1', T0 + 9_500, 'unseen'],
      ['200.2', null, null],
      ['200.3', null, null],
    ]);
  });
});
