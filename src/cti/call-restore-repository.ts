import type { Db } from '../db/index.ts';

// What the call records already know when cti137 comes back (or reconnects) and meets calls it
// did not follow: the facts a rebuilt live call starts from, and the rows nobody will ever close.

/** A stored call's facts, as a live call carries them (times in ms since epoch). */
export interface StoredCall {
  linkedid: string;
  enteredAt: number;
  queue: string | null;
  queuedAt: number | null;
  answeredAt: number | null;
  memberInterface: string | null;
  memberName: string | null;
  endReason: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  holdSeconds: number;
  transfers: number;
  ivrChoice: string | null;
  hazard: boolean;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

/** The stored rows of these calls of one server (only the ones that exist). */
export async function findStoredCalls(db: Db, serverId: string, linkedids: string[]): Promise<Map<string, StoredCall>> {
  const out = new Map<string, StoredCall>();
  if (linkedids.length === 0) return out;
  const r = await db.query<{
    linkedid: string;
    entered_at: Date;
    queue: string | null;
    queued_at: Date | null;
    answered_at: Date | null;
    member_interface: string | null;
    member_name: string | null;
    end_reason: string | null;
    wait_seconds: number | null;
    talk_seconds: number | null;
    hold_seconds: number | null;
    transfers: number | null;
    ivr_choice: string | null;
    hazard: boolean;
  }>(
    `SELECT linkedid, entered_at, queue, queued_at, answered_at, member_interface, member_name, end_reason,
            wait_seconds, talk_seconds, hold_seconds, transfers, ivr_choice, hazard
       FROM calls WHERE server_id = $1 AND linkedid = ANY($2::text[])`,
    [serverId, linkedids],
  );
  for (const row of r.rows) {
    out.set(row.linkedid, {
      linkedid: row.linkedid,
      enteredAt: row.entered_at.getTime(),
      queue: row.queue,
      queuedAt: ms(row.queued_at),
      answeredAt: ms(row.answered_at),
      memberInterface: row.member_interface,
      memberName: row.member_name,
      endReason: row.end_reason,
      waitSeconds: row.wait_seconds,
      talkSeconds: row.talk_seconds,
      holdSeconds: row.hold_seconds ?? 0,
      transfers: row.transfers ?? 0,
      ivrChoice: row.ivr_choice,
      hazard: row.hazard,
    });
  }
  return out;
}

/**
 * Close the rows of one server still open although their call is gone: it ended while cti137 was
 * down (or away from this Asterisk), so how it ended is not known. `end_reason = 'unseen'` says so,
 * and `ended_at` is the last moment the call was seen (its latest stored time), not a guess of its
 * end. `alive` are the Linkedids that are still up or followed live; rows that entered at or after
 * `before` (the snapshot's time) are newer than what Asterisk was asked. Returns how many closed.
 */
export async function closeUnseenCalls(db: Db, serverId: string, alive: string[], before: number): Promise<number> {
  const r = await db.query(
    `UPDATE calls c
        SET end_reason = 'unseen',
            ended_at = GREATEST(c.entered_at, c.queued_at, c.answered_at,
                                (SELECT max(GREATEST(a.started_at, a.ended_at)) FROM call_ring_attempts a WHERE a.call_id = c.id))
      WHERE c.server_id = $1 AND c.ended_at IS NULL AND c.entered_at < $3 AND NOT (c.linkedid = ANY($2::text[]))`,
    [serverId, alive, new Date(before).toISOString()],
  );
  return r.rowCount ?? 0;
}
