import type { CallRecorder, CtiBus, OperatorDirectory, OperatorService } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { OutboundHandle } from '../outbound/index.ts';
import type { Host } from '../shared/index.ts';
import { callbackCounts } from './callback-repository.ts';
import { registerCallbackRoutes } from './callback-routes.ts';
import { CallbackService } from './callback-service.ts';
import type { CallbackCounts, CallbackOffer, CallbackWithdrawn } from './callback-types.ts';

export type CallbacksCore = Host & {
  db: Db;
  cti: {
    bus: CtiBus;
    recorder: CallRecorder;
    directory: OperatorDirectory;
    operators: OperatorService;
    /** GET /kpis gains the callbacks' counts. */
    setCallbackCounts(fn: (from: Date, to: Date) => Promise<CallbackCounts>): void;
  };
  outbound: OutboundHandle;
  minWaitSeconds: number;
  maxAttempts: number;
  retryMinutes: number;
  /** How often due retries and stale offers are looked at (ms). */
  sweepMs?: number;
};

/** What the desk, the IVR, the wallboard, the KPIs and the hand-over use. */
export interface CallbacksHandle {
  onOffer(fn: (operatorId: string, offer: CallbackOffer) => void): void;
  onWithdrawn(fn: (operatorId: string, w: CallbackWithdrawn) => void): void;
  currentOffer(operatorId: string): Promise<CallbackOffer | null>;
  /** The IVR's "press 1 to be called back, keeping your place". */
  requestFromIvr(callerNum: string, arrivedAt: Date): Promise<string | null>;
  /** Owed now; made and reached in [from, to). */
  counts(from: Date, to: Date): Promise<CallbackCounts>;
}

/** Callbacks for abandoned calls: the service on the CTI bus, its routes and a sweep for due retries. */
export function install(core: CallbacksCore): CallbacksHandle {
  const service = new CallbackService({
    db: core.db,
    bus: core.cti.bus,
    recorder: core.cti.recorder,
    directory: core.cti.directory,
    operators: core.cti.operators,
    outbound: core.outbound,
    logger: core.logger.child({ mod: 'callbacks' }),
    minWaitSeconds: core.minWaitSeconds,
    maxAttempts: core.maxAttempts,
    retryMinutes: core.retryMinutes,
    owner: () => core.cluster.isOwner(),
  });
  const counts = (from: Date, to: Date) => callbackCounts(core.db, from, to);
  core.cti.setCallbackCounts(counts);
  core.api((api) => registerCallbackRoutes(api, { db: core.db, service }));
  // Retries come due with no event to say so; one round also frees offers whose holder went away.
  const timer = setInterval(() => service.offerRound(), core.sweepMs ?? 15_000);
  timer.unref();
  core.onStop(async () => {
    clearInterval(timer);
    await service.settled();
  });
  return {
    onOffer: (fn) => service.onOffer(fn),
    onWithdrawn: (fn) => service.onWithdrawn(fn),
    currentOffer: (id) => service.currentOffer(id),
    requestFromIvr: (num, at) => service.requestFromIvr(num, at),
    counts,
  };
}
