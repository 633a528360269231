import type { AmiMessage } from '../cti/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import type { SpyMode } from './wallboard-events.ts';

/** One listen/whisper/barge that was originated: who, on whom, from which phone. */
export interface SpyRequest {
  userId: string;
  username: string;
  operatorId: string;
  mode: SpyMode;
  actionId: string;
  /** The supervisor's phone, e.g. PJSIP/2001: its call leg is PJSIP/2001-0000002a. */
  phone: string;
  /** The ChanSpy prefix, e.g. PJSIP/1001- */
  spyeePrefix: string;
}

interface Tracked extends SpyRequest {
  originatedAt: number;
  spyer?: string;
  spyee?: string;
  joinedAt?: number;
}

/** Forget an originate whose phone never rang back (no OriginateResponse nor ChanSpyStart). */
const PENDING_TTL_MS = 120_000;

/**
 * Follows each originated spy through the PBX's AMI events, so the audit log also says whether
 * the supervisor's phone answered (OriginateResponse), when the spy joined the call
 * (ChanSpyStart) and when it ended (ChanSpyStop; with option E ChanSpy exits with the call).
 * Events from every Asterisk server come here; the spyer channel name ties them together.
 */
export class SpySessions {
  private readonly byAction = new Map<string, Tracked>();

  constructor(private readonly d: { db: Db; logger: Logger; now?: () => number }) {}

  private now(): number {
    return this.d.now?.() ?? Date.now();
  }

  started(req: SpyRequest): void {
    this.expire();
    this.byAction.set(req.actionId, { ...req, originatedAt: this.now() });
  }

  /** The Originate was refused: nothing to follow. */
  forget(actionId: string): void {
    this.byAction.delete(actionId);
  }

  /** How many spies are being followed (for tests and leak checks). */
  get size(): number {
    return this.byAction.size;
  }

  observe(msg: AmiMessage): void {
    // Called for every AMI event of every server: nothing to follow, nothing to look at.
    if (this.byAction.size === 0) return;
    const ev = msg.event;
    if (ev === 'OriginateResponse') return this.onOriginateResponse(msg);
    if (ev === 'ChanSpyStart') return this.onStart(msg);
    if (ev === 'ChanSpyStop') return this.onStop(msg);
    if (ev === 'Hangup') return this.onHangup(msg);
  }

  private onOriginateResponse(msg: AmiMessage): void {
    const t = this.byAction.get(msg.actionId ?? '');
    if (!t) return;
    if (msg.get('Response') === 'Success') {
      t.spyer = msg.get('Channel');
      return;
    }
    this.byAction.delete(t.actionId);
    this.write(t, 'supervision-not-answered', { reason: msg.get('Reason') ?? null });
  }

  private find(spyer: string | undefined): Tracked | undefined {
    if (!spyer) return undefined;
    for (const t of this.byAction.values()) if (t.spyer === spyer) return t;
    // No OriginateResponse seen (yet): the oldest waiting spy from this phone.
    for (const t of this.byAction.values()) if (!t.spyer && spyer.startsWith(`${t.phone}-`)) return t;
    return undefined;
  }

  private onStart(msg: AmiMessage): void {
    const spyee = msg.get('SpyeeChannel') ?? '';
    const t = this.find(msg.get('SpyerChannel'));
    if (!t || !spyee.startsWith(t.spyeePrefix)) return;
    t.spyer = msg.get('SpyerChannel');
    t.spyee = spyee;
    t.joinedAt = this.now();
    this.d.logger.info(
      { supervisor: t.username, operator: t.operatorId, mode: t.mode, spyee },
      'supervision joined the call',
    );
  }

  private onStop(msg: AmiMessage): void {
    const t = this.find(msg.get('SpyerChannel'));
    if (!t || t.joinedAt === undefined) return;
    this.byAction.delete(t.actionId);
    const seconds = Math.round((this.now() - t.joinedAt) / 1000);
    this.d.logger.info({ supervisor: t.username, operator: t.operatorId, mode: t.mode, seconds }, 'supervision ended');
    this.write(t, 'supervision-ended', { spyee: msg.get('SpyeeChannel') ?? t.spyee ?? null, seconds });
  }

  /** The supervisor hung up before ChanSpy found a call: nothing was heard; forget it. */
  private onHangup(msg: AmiMessage): void {
    const ch = msg.get('Channel');
    for (const t of this.byAction.values()) {
      if (t.spyer && t.spyer === ch) {
        this.byAction.delete(t.actionId);
        if (t.joinedAt === undefined) this.write(t, 'supervision-ended', { spyee: null, seconds: 0 });
      }
    }
  }

  private expire(): void {
    const cut = this.now() - PENDING_TTL_MS;
    for (const t of this.byAction.values()) if (!t.spyer && t.originatedAt < cut) this.byAction.delete(t.actionId);
  }

  private write(t: Tracked, action: string, extra: Record<string, unknown>): void {
    const details = { mode: t.mode, actionId: t.actionId, phone: t.phone, spyer: t.spyer ?? null, ...extra };
    recordAudit(this.d.db, t.userId, action, `operator:${t.operatorId}`, details).catch((err: Error) =>
      this.d.logger.error({ err: err.message, action }, 'could not write the audit row'),
    );
  }
}
