// When each escalation level of a referral is due. Pure: the jobs and the tests share it.

export const HOUR_MS = 3_600_000;

export interface PlanInput {
  referredAt: string;
  deadlineAt: string;
  /** Share of the time to the deadline after which the unit is reminded (0 < share < 1). */
  reminderShare: number;
  /** The unit's escalate_after_hours. */
  escalateAfterHours: number;
  /** How long one of those hours lasts (an hour; tests make it shorter). */
  hourMs: number;
}

/**
 * Level 1 (reminder) at referredAt + share × (deadline − referredAt); level 2 (overdue) at the
 * deadline; level n ≥ 3 (the (n−2)th unit up the tree) (n−2) × escalate_after_hours after it.
 */
export function levelDueAt(level: number, p: PlanInput): number {
  const from = Date.parse(p.referredAt);
  const deadline = Date.parse(p.deadlineAt);
  if (level <= 1) return from + Math.max(0, deadline - from) * p.reminderShare;
  if (level === 2) return deadline;
  return deadline + (level - 2) * p.escalateAfterHours * p.hourMs;
}

/**
 * The levels to have a job for after `reached`: the next one, and at least up to level 3 (the
 * reminder, the overdue step and the first escalation are queued together when a referral is made;
 * each escalation step queues the one after it). `top` is the highest level the chain allows
 * (1 + the units above the referral's unit), so a unit at the root stops at level 2.
 */
export function levelsToQueue(reached: number, top: number): number[] {
  const out: number[] = [];
  for (let l = reached + 1; l <= Math.min(Math.max(reached + 1, 3), top); l++) out.push(l);
  return out;
}

/** The highest level a unit chain allows: reminder, overdue, then one per unit above the first. */
export const topLevel = (chainLength: number): number => (chainLength === 0 ? 0 : chainLength + 1);

/** Job id of one planned step: a new deadline or a new interval is a new job, the same plan is the same job. */
export const stepJobId = (referralId: string, level: number, deadlineAt: string, dueAt: number): string =>
  `esc-${referralId}-${level}-${Date.parse(deadlineAt)}-${Math.round(dueAt)}`;
