import type { CtiBus, OperatorDirectory, OperatorService } from '../cti/index.ts';
import { recordAudit, type Db, type DbClient } from '../db/index.ts';
import {
  findCitizenIdByPhone,
  listCitizenRequests,
  recordTriageEvent,
  type RequestService,
} from '../requests/index.ts';
import { conflict, formatPhoneNational, notFound, type Logger } from '../shared/index.ts';
import type { SmsHandle } from '../sms/index.ts';
import * as repo from './triage-repository.ts';
import type { TriageInput, TriageItem, TriageOffer, TriageWithdrawn } from './triage-types.ts';

export interface TriageServiceDeps {
  db: Db;
  bus: CtiBus;
  directory: OperatorDirectory;
  operators: OperatorService;
  requests: Pick<RequestService, 'linkReporter'>;
  /** The tracking code to an SMS sender once their message is registered (absent: no SMS). */
  sms?: Pick<SmsHandle, 'notifyAboutRequest'>;
  logger: Logger; /** Whether this node owns the PBX (only its picture of who is ready is live; default: yes). */
  owner?: () => boolean;
}

type OfferListener = (operatorId: string, offer: TriageOffer) => void;
type WithdrawnListener = (operatorId: string, w: TriageWithdrawn) => void;

/** Operator states that cannot hold an item: a call rings or is on, paused, gone. */
const BUSY_STATES = new Set(['ringing', 'talking', 'paused', 'logged-out', 'wrap-up']);

export const withDisplay = (i: repo.StoredItem): TriageItem => ({ ...i, phoneDisplay: formatPhoneNational(i.phone) });

/** Who acts on an item: the operator it is offered to, or a supervisor on any open item. */
export interface TriageActor {
  userId: string;
  operatorId: string | null;
  supervisor: boolean;
}

/**
 * The blended queue: items from the web, SMS and Open311 offered one at a time to ready operators
 * (hazards first, then the oldest), the way callbacks are; taken back when a call rings for the
 * holder or they stop being ready. Offers and settling are conditional updates (cluster-safe).
 */
export class TriageService {
  private readonly offerListeners: OfferListener[] = [];
  private readonly withdrawnListeners: WithdrawnListener[] = [];
  private readonly changeListeners: (() => void)[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly d: TriageServiceDeps) {
    d.bus.on('operator:changed', (id, s) => {
      if (s.state === 'ready') this.offerRound();
      else if (BUSY_STATES.has(s.state)) void this.takeBack(id).catch((err) => this.fail(err, 'triage take-back'));
    });
  }

  onOffer(fn: OfferListener): void {
    this.offerListeners.push(fn);
  }
  onWithdrawn(fn: WithdrawnListener): void {
    this.withdrawnListeners.push(fn);
  }
  /** The backlog changed (the wallboard refreshes). */
  onChange(fn: () => void): void {
    this.changeListeners.push(fn);
  }

  async add(input: TriageInput): Promise<{ id: string }> {
    const id = await repo.insertItem(this.d.db, { ...input, text: input.text.slice(0, 4000) });
    this.added();
    return { id };
  }

  /** In the caller's transaction; `offer()` after its COMMIT does what `add` does after the insert. */
  async addWithin(c: DbClient, input: TriageInput): Promise<{ id: string; offer(): void }> {
    const id = await repo.insertItem(c, { ...input, text: input.text.slice(0, 4000) });
    return { id, offer: () => this.added() };
  }

  /**
   * A new item: the backlog changed, and a ready operator here is offered it. With nobody ready on
   * this node a round has nothing to offer (under a burst of Open311 posts it was a query per post);
   * offers held by operators who went away are the sweep's and operator:changed's to take back.
   */
  private added(): void {
    this.changed();
    if (this.d.operators.all().some((x) => x.state.state === 'ready')) this.offerRound();
  }

  async get(id: string): Promise<TriageItem | null> {
    const i = await repo.getItem(this.d.db, id);
    return i ? withDisplay(i) : null;
  }

  /** The item this operator holds, for a desk that (re)connects. */
  async currentOffer(operatorId: string): Promise<TriageOffer | null> {
    const id = await repo.heldBy(this.d.db, operatorId);
    const item = id ? await repo.getItem(this.d.db, id) : null;
    return item ? this.compose(item, operatorId, 'triage-offer-resync') : null;
  }

  /** Registered from the item (free text): done, pointing at the new request. */
  async registered(id: string, requestId: string, by: TriageActor): Promise<TriageItem> {
    const item = await this.openItem(id, by);
    const req = await repo.requestRef(this.d.db, requestId);
    if (!req) throw notFound('The request');
    const done = await this.settle(
      item,
      by,
      { status: 'done', resultRequestId: req.id },
      `registered from triage item ${id}`,
    );
    // They wrote to the short code: the answer comes the same way (consent implied by writing).
    if (item.source === 'sms' && this.d.sms)
      await this.d.sms
        .notifyAboutRequest(req.id, 'registered', { consent: true })
        .catch((err) => this.fail(err, 'tracking-code SMS for a triage item'));
    return done;
  }

  /** The sender reported an open request again: they become a reporter on it, and the item is done. */
  async linkTo(id: string, requestId: string, by: TriageActor): Promise<TriageItem> {
    const item = await this.openItem(id, by);
    if (item.requestId === requestId)
      throw conflict('TRIAGE_SAME_REQUEST', 'An item cannot be linked to its own request');
    if (item.phone)
      await this.d.requests.linkReporter(
        requestId,
        { phone: item.phone },
        { userId: by.userId, role: by.supervisor ? 'supervisor' : 'operator' },
      );
    else if (!(await repo.requestRef(this.d.db, requestId))) throw notFound('The request');
    return this.settle(item, by, { status: 'done', resultRequestId: requestId }, `linked from triage item ${id}`);
  }

  /** Spam or nothing to act on, with the reason; the item's request (if any) gets the note. */
  async dismiss(id: string, reason: string, by: TriageActor): Promise<TriageItem> {
    const item = await this.openItem(id, by);
    return this.settle(item, by, { status: 'dismissed', dismissReason: reason }, null);
  }

  /** An item about a request the operator has corrected (category, place): done. */
  async resolve(id: string, by: TriageActor): Promise<TriageItem> {
    const item = await this.openItem(id, by);
    if (!item.requestId) throw conflict('TRIAGE_NO_REQUEST', 'Register or link a free-text item instead');
    return this.settle(item, by, { status: 'done', resultRequestId: item.requestId }, null);
  }

  backlog(): Promise<{ waiting: number; oldestAt: string | null }> {
    return repo.backlog(this.d.db);
  }

  /** Offer waiting items to ready operators without one; one round at a time on this node. */
  offerRound(): void {
    // A standby node's operators never change state: the owner's rounds (and sweeps) offer.
    if (this.d.owner && !this.d.owner()) return;
    this.chain = this.chain.then(() => this.round()).catch((err) => this.fail(err, 'triage offer round'));
  }

  settled(): Promise<void> {
    return this.chain;
  }

  private async openItem(id: string, by: TriageActor): Promise<repo.StoredItem> {
    const item = await repo.getItem(this.d.db, id);
    if (!item) throw notFound('The triage item');
    if (item.status === 'done' || item.status === 'dismissed')
      throw conflict('TRIAGE_SETTLED', 'This item is already settled');
    if (!by.supervisor && item.offeredTo !== by.operatorId)
      throw conflict('TRIAGE_NOT_YOURS', 'This item is not offered to you');
    return item;
  }

  private async settle(
    item: repo.StoredItem,
    by: TriageActor,
    c: { status: 'done' | 'dismissed'; resultRequestId?: string; dismissReason?: string },
    note: string | null,
  ): Promise<TriageItem> {
    if (!(await repo.closeItem(this.d.db, item.id, { ...c, userId: by.userId })))
      throw conflict('TRIAGE_SETTLED', 'This item is already settled');
    if (note && c.resultRequestId) await this.history(c.resultRequestId, by.userId, note, item);
    if (item.requestId && item.requestId !== c.resultRequestId)
      await this.history(item.requestId, by.userId, `triage ${c.status}`, item, c.dismissReason);
    if (item.offeredTo) this.emitWithdrawn(item.offeredTo, { id: item.id, reason: c.status });
    this.changed();
    this.offerRound();
    return withDisplay((await repo.getItem(this.d.db, item.id))!);
  }

  private async history(requestId: string, userId: string, note: string, item: repo.StoredItem, reason?: string) {
    await recordTriageEvent(this.d.db, requestId, userId, note, {
      triageId: item.id,
      source: item.source,
      reasons: item.reasons,
      ...(reason ? { reason } : {}),
    });
  }

  private async round(): Promise<void> {
    const all = this.d.operators.all();
    for (const held of await repo.offeredItems(this.d.db)) {
      const op = all.find((x) => x.operator.id === held.offeredTo);
      if (!op || op.state.state !== 'ready') await this.takeBack(held.offeredTo);
    }
    const ready = all
      .filter((x) => x.state.state === 'ready')
      .sort((a, b) => a.state.since.localeCompare(b.state.since));
    for (const { operator } of ready) {
      if (await repo.heldBy(this.d.db, operator.id)) continue;
      const id = await repo.claimNext(this.d.db, operator.id);
      if (!id) continue;
      const item = await repo.getItem(this.d.db, id);
      if (!item) continue;
      const offer = await this.compose(item, operator.id, 'triage-offer');
      for (const fn of this.offerListeners) fn(operator.id, offer);
    }
  }

  /** The item with the sender's past requests; the view is audited before it leaves. */
  private async compose(item: repo.StoredItem, operatorId: string, action: string): Promise<TriageOffer> {
    const citizenId = item.phone ? await findCitizenIdByPhone(this.d.db, item.phone) : null;
    const requests = citizenId ? await listCitizenRequests(this.d.db, citizenId) : [];
    const userId = this.d.directory.byId(operatorId)?.userId ?? null;
    await recordAudit(this.d.db, userId, action, citizenId ? `citizen:${citizenId}` : `triage:${item.id}`, {
      triageId: item.id,
    });
    return { item: withDisplay(item), history: { requests } };
  }

  private async takeBack(operatorId: string): Promise<void> {
    const id = await repo.heldBy(this.d.db, operatorId);
    if (!id || !(await repo.release(this.d.db, id))) return;
    this.emitWithdrawn(operatorId, { id, reason: 'not-ready' });
    this.offerRound();
  }

  private emitWithdrawn(operatorId: string, w: TriageWithdrawn): void {
    for (const fn of this.withdrawnListeners) fn(operatorId, w);
  }

  private changed(): void {
    for (const fn of this.changeListeners) fn();
  }

  private fail(err: unknown, msg: string): void {
    this.d.logger.error({ err: (err as Error).message }, msg);
  }
}
