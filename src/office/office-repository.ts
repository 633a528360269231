import type { Db, DbClient } from '../db/index.ts';

// What the office reads besides its own notifications: who is on duty at 137, a unit's escalation
// interval, the unit a re-referred request left, and the per-referral lock of escalation steps.

type Q = Db | DbClient;

export interface Recipient {
  id: string;
  email: string | null;
}

/**
 * The 137 supervisors on shift: enabled supervisors with a live session. When none is signed in,
 * every enabled supervisor (someone must hear of an overdue request when they next sign in).
 */
export async function supervisorsOnDuty(db: Q): Promise<Recipient[]> {
  const r = await db.query<{ id: string; email: string | null; live: boolean }>(
    `SELECT u.id::text, u.email,
            EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS live
       FROM users u WHERE u.role = 'supervisor' AND NOT u.disabled ORDER BY u.id`,
  );
  const live = r.rows.filter((u) => u.live);
  return (live.length ? live : r.rows).map((u) => ({ id: u.id, email: u.email }));
}

/** How long after a missed deadline the next unit up is told (hours); null for an unknown unit. */
export async function escalateAfterHours(db: Q, unitId: number): Promise<number | null> {
  const r = await db.query<{ h: number }>(`SELECT escalate_after_hours AS h FROM units WHERE id = $1`, [unitId]);
  return r.rows[0]?.h ?? null;
}

/** The unit of the referral before this one (a re-referral takes the request out of its inbox). */
export async function previousReferralUnit(db: Q, requestId: string, referralId: string): Promise<number | null> {
  const r = await db.query<{ unit_id: number }>(
    `SELECT unit_id FROM referrals WHERE request_id = $1 AND id <> $2 ORDER BY referred_at DESC, id DESC LIMIT 1`,
    [requestId, referralId],
  );
  return r.rows[0]?.unit_id ?? null;
}

/**
 * Escalation steps of one referral run one at a time across every node (held to the end of the
 * transaction): a late reminder and the overdue step due together then happen in level order.
 */
export async function lockReferral(c: DbClient, referralId: string): Promise<void> {
  await c.query(`SELECT pg_advisory_xact_lock(hashtext('office-escalation:' || $1))`, [referralId]);
}
