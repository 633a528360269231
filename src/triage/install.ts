import type { CtiBus, OperatorDirectory, OperatorService } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { RequestsHandle } from '../requests/index.ts';
import type { Host } from '../shared/index.ts';
import type { SmsHandle } from '../sms/index.ts';
import { registerTriageRoutes } from './triage-routes.ts';
import { TriageService } from './triage-service.ts';
import { answerInbound } from './triage-sms.ts';
import type { TriageHandle, TriageOffer, TriageWithdrawn } from './triage-types.ts';

export type TriageCore = Host & {
  db: Db;
  cti: { bus: CtiBus; directory: OperatorDirectory; operators: OperatorService };
  requests: Pick<RequestsHandle, 'service'>;
  sms: Pick<SmsHandle, 'onReceived' | 'replyStatus' | 'notifyAboutRequest'>;
  /** How often offers held by operators who went away are looked at (ms). */
  sweepMs?: number;
};

/** What open311 and the citizen page (add), the desk (offers) and the wallboard (backlog) use. */
export interface TriageFullHandle extends TriageHandle {
  onOffer(fn: (operatorId: string, offer: TriageOffer) => void): void;
  onWithdrawn(fn: (operatorId: string, w: TriageWithdrawn) => void): void;
  currentOffer(operatorId: string): Promise<TriageOffer | null>;
  /** The backlog changed. */
  onChange(fn: () => void): void;
}

/** The triage queue: the service on the CTI bus, SMS to the short code, its routes and a sweep. */
export function install(core: TriageCore): TriageFullHandle {
  const service = new TriageService({
    db: core.db,
    bus: core.cti.bus,
    directory: core.cti.directory,
    operators: core.cti.operators,
    requests: core.requests.service,
    sms: core.sms,
    logger: core.logger.child({ mod: 'triage' }),
    owner: () => core.cluster.isOwner(),
  });
  core.sms.onReceived(answerInbound({ db: core.db, sms: core.sms, triage: service }));
  core.api((api) => registerTriageRoutes(api, { db: core.db, service }));
  // Items added on another node, and offers whose holder went away without an event here.
  const timer = setInterval(() => service.offerRound(), core.sweepMs ?? 15_000);
  timer.unref();
  core.onStop(async () => {
    clearInterval(timer);
    await service.settled();
  });
  return {
    add: (input) => service.add(input),
    addWithin: (c, input) => service.addWithin(c, input),
    get: (id) => service.get(id),
    backlog: () => service.backlog(),
    onOffer: (fn) => service.onOffer(fn),
    onWithdrawn: (fn) => service.onWithdrawn(fn),
    currentOffer: (id) => service.currentOffer(id),
    onChange: (fn) => service.onChange(fn),
  };
}
