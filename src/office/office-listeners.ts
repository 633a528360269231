import type { Db } from '../db/index.ts';
import { currentReferral, type RequestBusEvents, type RequestsHandle } from '../requests/index.ts';
import type { Logger } from '../shared/index.ts';
import { unitNames, unitOverview, unitUsers, type UnitOverview } from '../units/index.ts';
import type { Escalation } from './escalation.ts';
import type { Notifier } from './notifier.ts';
import type { OfficeGateway } from './office-gateway.ts';
import { previousReferralUnit, supervisorsOnDuty } from './office-repository.ts';

export interface ListenerDeps {
  db: Db;
  bus: RequestsHandle['bus'];
  escalation: Escalation;
  notifier: Notifier;
  gateway: OfficeGateway;
  logger: Logger;
}

const UNIT_STAFF = ['unit', 'unit-manager'] as const;

/**
 * What the office does when a request changes (the bus speaks after COMMIT): the inboxes that
 * show it refresh at once, the people concerned get a notification, and a new referral or deadline
 * gets its escalation jobs.
 */
export function listenToRequests(d: ListenerDeps): void {
  const l = new RequestListeners(d);
  d.bus.on('referred', (e) => l.referred(e));
  d.bus.on('deadline-changed', (e) => l.deadlineChanged(e));
  d.bus.on('status-changed', (e) => l.statusChanged(e));
  d.bus.on('extension-requested', (e) => l.extensionRequested(e));
  d.bus.on('extension-decided', (e) => l.extensionDecided(e));
}

class RequestListeners {
  constructor(private readonly d: ListenerDeps) {}

  async referred(e: RequestBusEvents['referred']): Promise<void> {
    const { db, gateway } = this.d;
    const from = e.automatic ? null : await previousReferralUnit(db, e.requestId, e.referralId);
    const moved = from !== null && from !== e.unitId ? [from] : [];
    const { requestId, unitId, trackingCode } = e;
    gateway.inboxChanged({ requestId, unitId, trackingCode, status: 'referred' }, moved);
    const ref = { id: e.referralId, requestId, unitId, referredAt: e.referredAt, deadlineAt: e.deadlineAt };
    // The plan and the notice read the unit once, together (one query per referral, not four).
    const unit = await unitOverview(db, unitId, UNIT_STAFF);
    // Both run to their end before either's failure is reported: a plan left pending while the
    // notice failed (database gone under load) was an unhandled rejection that ended the process.
    const outcomes = await Promise.allSettled([
      this.d.escalation.plan({ ...ref, escalationLevel: 0 }, unit),
      this.tellUnit(e, unit),
    ]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async tellUnit(e: RequestBusEvents['referred'], unit: UnitOverview): Promise<void> {
    await this.d.notifier.notify(unit.users, {
      kind: 'new-referral',
      requestId: e.requestId,
      details: {
        trackingCode: e.trackingCode,
        unitId: e.unitId,
        unitFa: unit.names?.nameFa ?? '',
        unitEn: unit.names?.nameEn ?? '',
        deadlineAt: e.deadlineAt,
        hazard: e.hazard,
        referralId: e.referralId,
        automatic: e.automatic,
      },
      key: `referred-${e.referralId}`,
    });
  }

  async deadlineChanged(e: RequestBusEvents['deadline-changed']): Promise<void> {
    const ref = await currentReferral(this.d.db, e.requestId);
    if (!ref || ref.id !== e.referralId || ref.endedAt) return;
    const { trackingCode, status } = ref;
    this.d.gateway.inboxChanged({ requestId: e.requestId, unitId: e.unitId, trackingCode, status });
    await this.d.escalation.plan(ref);
  }

  async statusChanged(e: RequestBusEvents['status-changed']): Promise<void> {
    const { requestId, unitId, trackingCode } = e;
    this.d.gateway.inboxChanged({ requestId, unitId, trackingCode, status: e.to });
    if (e.to !== 'returned' || unitId === null) return;
    // The referral it came back from names the event: one notification per return.
    const ref = await currentReferral(this.d.db, requestId);
    await this.d.notifier.notify(await supervisorsOnDuty(this.d.db), {
      kind: 'returned',
      requestId,
      details: { trackingCode, ...(await this.unitFacts(unitId)), referralId: ref?.id ?? null },
      key: `returned-${ref?.id ?? requestId}`,
    });
  }

  async extensionRequested(e: RequestBusEvents['extension-requested']): Promise<void> {
    const { requestId, unitId, trackingCode } = e;
    this.d.gateway.inboxChanged({ requestId, unitId, trackingCode, status: await this.statusOf(requestId) });
    await this.d.notifier.notify(await supervisorsOnDuty(this.d.db), {
      kind: 'extension-requested',
      requestId,
      details: { trackingCode, ...(await this.unitFacts(unitId)), extensionId: e.extensionId, hours: e.hours },
      key: `extension-${e.extensionId}`,
    });
  }

  async extensionDecided(e: RequestBusEvents['extension-decided']): Promise<void> {
    const { requestId, unitId, trackingCode } = e;
    this.d.gateway.inboxChanged({ requestId, unitId, trackingCode, status: await this.statusOf(requestId) });
    await this.d.notifier.notify(await unitUsers(this.d.db, [unitId], UNIT_STAFF), {
      kind: 'extension-decided',
      requestId,
      details: { trackingCode, ...(await this.unitFacts(unitId)), extensionId: e.extensionId, decision: e.decision },
      key: `extension-decided-${e.extensionId}`,
    });
  }

  private async unitFacts(unitId: number) {
    const n = await unitNames(this.d.db, unitId);
    return { unitId, unitFa: n?.nameFa ?? '', unitEn: n?.nameEn ?? '' };
  }

  private async statusOf(requestId: string): Promise<string> {
    return (await currentReferral(this.d.db, requestId))?.status ?? 'referred';
  }
}
