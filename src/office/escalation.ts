import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import { currentReferral, openReferrals, recordRequestEvent, setEscalationLevel } from '../requests/index.ts';
import type { Logger } from '../shared/index.ts';
import { unitChain, unitNames, unitUsers, type UnitOverview } from '../units/index.ts';
import { levelDueAt, levelsToQueue, stepJobId, topLevel, type PlanInput } from './escalation-plan.ts';
import type { Notifier, Outbox } from './notifier.ts';
import type { EscalationStep } from './office-jobs.ts';
import { escalateAfterHours, lockReferral, supervisorsOnDuty } from './office-repository.ts';

export type Referral = NonNullable<Awaited<ReturnType<typeof currentReferral>>>;
type Planned = Pick<Referral, 'id' | 'requestId' | 'unitId' | 'referredAt' | 'deadlineAt' | 'escalationLevel'>;

/** A job may be promoted a little before its time by another node's clock: still count it due. */
const EARLY_SLACK_MS = 1000;
/** Used when the unit is gone from the tree (its referral still escalates on the default interval). */
const DEFAULT_ESCALATE_HOURS = 24;
/** Referrals whose steps go to the job store in one round trip at start. */
const PLAN_ALL_BATCH = 500;

export interface EscalationDeps {
  db: Db;
  jobs: Pick<Jobs, 'scheduleMany'>;
  notifier: Notifier;
  logger: Logger;
  reminderShare: number;
  hourMs: number;
}

/**
 * A referral's deadline, level by level: 1 the unit is reminded, 2 it is overdue (its managers and
 * the 137 supervisors on duty are told, the request's history says so), 3.. each next unit up the
 * tree is told, every escalate_after_hours. Each level is a delayed job; a job re-reads the
 * referral under a per-referral lock and reaches every level due by now in order, once
 * (setEscalationLevel only raises the level), or nothing when the referral ended or its deadline moved.
 */
/** What planning needs of a unit: its escalation interval and its chain up the tree. */
type UnitPlan = Pick<UnitOverview, 'escalateAfterHours' | 'chain'>;

export class Escalation {
  constructor(private readonly d: EscalationDeps) {}

  /**
   * Queue the next levels of this referral (same plan = same job ids: queuing twice is harmless),
   * all in one round trip to the job store. `unit`: its interval and chain when the caller has read
   * them already (a new referral reads them with its notice's recipients).
   */
  async plan(ref: Planned, unit?: UnitPlan): Promise<void> {
    const [hours, chain] = unit
      ? [unit.escalateAfterHours, unit.chain]
      : await Promise.all([escalateAfterHours(this.d.db, ref.unitId), unitChain(this.d.db, ref.unitId)]);
    await this.d.jobs.scheduleMany(this.steps(ref, { escalateAfterHours: hours, chain }, Date.now()));
  }

  /** The jobs of a referral's next levels. */
  private steps(ref: Planned, unit: UnitPlan, now: number) {
    const p = this.planInput(ref, unit.escalateAfterHours);
    return levelsToQueue(ref.escalationLevel, topLevel(unit.chain.length)).map((level) => {
      const dueAt = levelDueAt(level, p);
      return {
        name: 'office-escalation' as const,
        data: { referralId: ref.id, requestId: ref.requestId, level, deadlineAt: ref.deadlineAt },
        opts: { delayMs: dueAt - now, jobId: stepJobId(ref.id, level, ref.deadlineAt, dueAt) },
      };
    });
  }

  /** At start: every open referral's next levels, so a restart (or a lost job) loses nothing. */
  async planAll(): Promise<number> {
    const open = await openReferrals(this.d.db);
    // Each unit's interval and chain read once (a city has tens of thousands open and a few dozen
    // units), and the steps queued a batch of referrals at a time, one round trip each.
    const units = new Map<number, Promise<UnitPlan>>();
    const unit = (id: number) => {
      let u = units.get(id);
      if (!u) {
        const read = Promise.all([escalateAfterHours(this.d.db, id), unitChain(this.d.db, id)]);
        units.set(id, (u = read.then(([escalateAfterHours, chain]) => ({ escalateAfterHours, chain }))));
      }
      return u;
    };
    for (let i = 0; i < open.length; i += PLAN_ALL_BATCH) {
      const batch = open.slice(i, i + PLAN_ALL_BATCH);
      const now = Date.now();
      const steps = await Promise.all(batch.map(async (r) => this.steps(r, await unit(r.unitId), now)));
      await this.d.jobs.scheduleMany(steps.flat());
    }
    return open.length;
  }

  /** The job: reach the levels due by now up to `step.level`, then queue what comes next. */
  async run(step: EscalationStep): Promise<void> {
    const boxes: Outbox[] = [];
    const after = await withTransaction(this.d.db, async (c) => {
      await lockReferral(c, step.referralId);
      const ref = await currentReferral(c, step.requestId);
      const stale = !ref || ref.id !== step.referralId || ref.endedAt !== null;
      if (stale || Date.parse(ref.deadlineAt) !== Date.parse(step.deadlineAt)) return null;
      const chain = await unitChain(c, ref.unitId);
      const p = this.planInput(ref, await escalateAfterHours(c, ref.unitId));
      const now = Date.now();
      let reached = ref.escalationLevel;
      for (let level = reached + 1; level <= step.level; level++) {
        if (levelDueAt(level, p) > now + EARLY_SLACK_MS) break;
        if (level >= 3 && chain[level - 2] === undefined) break; // the top of the tree was told
        // A reminder after the deadline says nothing the overdue step will not: go straight to it.
        if (level === 1 && now >= Date.parse(ref.deadlineAt)) continue;
        if (!(await setEscalationLevel(c, ref.id, level))) continue;
        boxes.push(await this.reach(c, ref, level, chain));
        reached = level;
      }
      return { ref: { ...ref, escalationLevel: Math.max(reached, ref.escalationLevel) } };
    });
    await this.d.notifier.publish(...boxes);
    if (after) await this.plan(after.ref);
  }

  /** One level: the request's history and who is told. */
  private async reach(c: DbClient, ref: Referral, level: number, chain: number[]): Promise<Outbox> {
    const names = await unitNames(c, ref.unitId);
    const details: Record<string, unknown> = {
      trackingCode: ref.trackingCode,
      referralId: ref.id,
      unitId: ref.unitId,
      unitFa: names?.nameFa ?? '',
      unitEn: names?.nameEn ?? '',
      deadlineAt: ref.deadlineAt,
      hazard: ref.hazard,
      level,
    };
    const key = `level-${ref.id}-${level}-${Date.parse(ref.deadlineAt)}`;
    const notice = { requestId: ref.requestId, details, key };
    this.d.logger.info({ request: ref.requestId, referral: ref.id, level }, 'referral escalation level reached');
    if (level === 1) {
      await recordRequestEvent(c, ref.requestId, 'reminder', {
        referralId: ref.id,
        unitId: ref.unitId,
        deadlineAt: ref.deadlineAt,
        level,
      });
      const staff = await unitUsers(c, [ref.unitId], ['unit', 'unit-manager']);
      return this.d.notifier.write(c, staff, { ...notice, kind: 'deadline-reminder' });
    }
    if (level === 2) {
      // deadlineAt in the details also tells the old per-request deadline check this one is written.
      await recordRequestEvent(c, ref.requestId, 'overdue', {
        referralId: ref.id,
        unitId: ref.unitId,
        deadlineAt: ref.deadlineAt,
        status: ref.status,
        level,
      });
      const [managers, supervisors] = await Promise.all([
        unitUsers(c, [ref.unitId], ['unit-manager']),
        supervisorsOnDuty(c),
      ]);
      return this.d.notifier.write(c, [...managers, ...supervisors], { ...notice, kind: 'overdue' });
    }
    const toUnitId = chain[level - 2]!;
    const to = await unitNames(c, toUnitId);
    Object.assign(details, { toUnitId, toUnitFa: to?.nameFa ?? '', toUnitEn: to?.nameEn ?? '' });
    await recordRequestEvent(c, ref.requestId, 'escalated', {
      referralId: ref.id,
      unitId: ref.unitId,
      toUnitId,
      level,
    });
    const managers = await unitUsers(c, [toUnitId], ['unit-manager']);
    if (!managers.length) this.d.logger.warn({ unit: toUnitId, level }, 'escalation reached a unit with no manager');
    return this.d.notifier.write(c, managers, { ...notice, kind: 'escalated' });
  }

  private planInput(ref: Pick<Referral, 'referredAt' | 'deadlineAt'>, hours: number | null): PlanInput {
    return {
      referredAt: ref.referredAt,
      deadlineAt: ref.deadlineAt,
      reminderShare: this.d.reminderShare,
      escalateAfterHours: hours ?? DEFAULT_ESCALATE_HOURS,
      hourMs: this.d.hourMs,
    };
  }
}
