import type { SessionUser } from '../auth/index.ts';
import type { AmiMessage, OperatorDirectory, OperatorService } from '../cti/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { AppError, conflict, notFound, type Logger } from '../shared/index.ts';
import type { SpyMode, SpyStarted } from './wallboard-events.ts';
import type { SpySessions } from './spy-sessions.ts';
import type { SupervisorPhones } from './supervisor-phones.ts';
import { supervisorPhone } from './wallboard-repository.ts';

/** The part of the AMI client supervision needs: an ActionID to hand back, and the action. */
export interface SpyPbx {
  newActionId(): string;
  action(
    action: string,
    fields: Record<string, string | number | boolean | undefined>,
    opts?: { actionId?: string },
  ): Promise<AmiMessage>;
}

/**
 * ChanSpy options per mode (Asterisk's ChanSpy: q = no beep nor channel name announced to the
 * supervisor, w = whisper: the supervisor talks to the spied channel only, B = barge: talks to
 * both sides, E = exit when the spied-on channel hangs up; without E ChanSpy would go on to the
 * operator's next calls). Listening alone is qE.
 */
export const CHANSPY_OPTIONS: Record<SpyMode, string> = { listen: 'qE', whisper: 'qwE', barge: 'qBE' };

/** ChanSpy matches a plain name prefix: `PJSIP/1001-` is the operator's call legs only (not PJSIP/10010-…). */
export const chanSpyPrefix = (iface: string): string => `${iface}-`;

export interface SupervisionDeps {
  db: Db;
  directory: OperatorDirectory;
  operators: () => OperatorService;
  /** AMI of one PBX by server id: ChanSpy only sees channels of its own Asterisk, so the operator's. */
  pbx: (serverId: string) => SpyPbx | null;
  logger: Logger;
  /** Follows each spy through the PBX's events to audit its end. */
  spies?: SpySessions;
  /** The supervisors' phone list: the only phones a spy may ring. */
  phones: SupervisorPhones;
}

/**
 * Listen, whisper and barge: Asterisk rings the supervisor's own phone (AMI Originate, Async) and,
 * once picked up, runs ChanSpy on it against the operator's channel prefix (PJSIP/1001- matches
 * the operator's call leg PJSIP/1001-000000a1), and leaves when that call ends. Every attempt is written to the audit log:
 * listening to a citizen's call is personal data.
 */
export class SupervisionService {
  constructor(private readonly d: SupervisionDeps) {}

  async spy(user: SessionUser, operatorId: string, mode: SpyMode): Promise<SpyStarted> {
    const op = this.d.directory.byId(operatorId);
    if (!op) throw notFound('Operator');
    const phone = await supervisorPhone(this.d.db, user.id);
    if (!phone)
      throw conflict(
        'NO_SUPERVISOR_PHONE',
        'Your account has no phone to listen from; set it with PUT /api/v1/supervision/me/phone (for example PJSIP/2001)',
      );
    if (this.d.operators().snapshot(op.id).state === 'logged-out') {
      throw conflict('OPERATOR_LOGGED_OUT', `${op.displayName} is not in the queue; there is no call to ${mode}`);
    }
    // The supervisor's phone is originated on the operator's server: it must be listed there
    // (checked again now: the list may have changed since the phone was chosen).
    await this.d.phones.checkRing(user, phone, op.serverId);
    const pbx = this.d.pbx(op.serverId);
    if (!pbx)
      throw new AppError(
        'PBX_UNKNOWN',
        503,
        `${op.displayName}'s phone is on server ${op.serverId}, which is not in ASTERISK_AMI_URL`,
      );
    const actionId = pbx.newActionId();
    const data = `${chanSpyPrefix(op.interface)},${CHANSPY_OPTIONS[mode]}`;
    const details = {
      mode,
      actionId,
      phone,
      application: 'ChanSpy',
      data,
      operatorInterface: op.interface,
      serverId: op.serverId,
    };
    // Followed from before the Originate: its OriginateResponse may arrive before the audit row is written.
    this.d.spies?.started({
      userId: user.id,
      username: user.username,
      operatorId: op.id,
      mode,
      actionId,
      phone,
      spyeePrefix: chanSpyPrefix(op.interface),
    });
    try {
      await pbx.action(
        'Originate',
        {
          Channel: phone,
          Application: 'ChanSpy',
          Data: data,
          Async: 'true',
          // The supervisor's phone shows whose call it is about to join.
          CallerID: `"Supervisor" <${op.extension}>`,
          Timeout: 30_000,
        },
        { actionId },
      );
    } catch (err) {
      const msg = (err as Error).message;
      this.d.spies?.forget(actionId);
      await recordAudit(this.d.db, user.id, `supervision-${mode}`, `operator:${op.id}`, {
        ...details,
        outcome: 'refused',
        error: msg,
      });
      if ((err as { code?: string }).code === 'AMI_NOT_CONNECTED')
        throw new AppError('PBX_DOWN', 503, 'The phone system is not connected right now; try again in a few seconds');
      throw new AppError('PBX_REFUSED', 502, `The phone system refused to call your phone (${phone}): ${msg}`);
    }
    await recordAudit(this.d.db, user.id, `supervision-${mode}`, `operator:${op.id}`, {
      ...details,
      outcome: 'originated',
    });
    this.d.logger.info({ supervisor: user.username, operator: op.username, mode, actionId }, 'supervision started');
    return { actionId, mode, operatorId: op.id, phone, data };
  }
}
