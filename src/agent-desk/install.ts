import type { AuthHandle } from '../auth/index.ts';
import type { CallbacksHandle } from '../callbacks/index.ts';
import type {
  CallRecorder,
  CtiBus,
  LiveCall,
  OperatorDirectory,
  OperatorService,
  OperatorStateChanged,
} from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Host, RateLimitSettings } from '../shared/index.ts';
import type { TriageFullHandle } from '../triage/index.ts';
import { DeskGateway } from './desk-gateway.ts';
import { registerDeskRoutes } from './desk-routes.ts';
import { ScreenPopService } from './screen-pop-service.ts';

/** What the operator desk needs from the app: the socket server, sessions and the CTI core. */
export type DeskCore = Host & {
  auth: Pick<AuthHandle, 'service' | 'watchSockets'>;
  bus: CtiBus;
  db: Db;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  /** Late-bound: the operator service and the desk notify each other. */
  operators: () => OperatorService;
  /** Events each user may send on /desk (resync): a flood is refused, not served. */
  eventLimit?: RateLimitSettings;
  /** Callback tasks offered to ready operators (absent: the desk shows none). */
  callbacks?: Pick<CallbacksHandle, 'onOffer' | 'onWithdrawn' | 'currentOffer'>;
  /** Triage items (web, SMS, Open311) offered to ready operators (absent: the desk shows none). */
  triage?: Pick<TriageFullHandle, 'onOffer' | 'onWithdrawn' | 'currentOffer'>;
  /** Each screen-pop's latency from the ring to the emit, in ms (the app feeds /metrics with it). */
  onPop?: (latencyMs: number) => void;
  /** The calls up now: a desk in a call the node did not see ring (a takeover) gets it back. */
  liveCalls?: () => LiveCall[];
};

/** What the app tells the desk: state changes to push, and sign-outs that close an operator's tabs. */
export interface DeskHandle {
  notifyState(operatorId: string, s: OperatorStateChanged): void;
  signedOut(operatorId: string): void;
}

/**
 * The `/desk` socket namespace with its screen-pops, fed by the CTI bus. A desk socket stays open
 * only while its session lasts and still belongs to the operator it was opened for.
 */
export function install(core: DeskCore): DeskHandle {
  const { logger, auth, ...deps } = core;
  const desk = new DeskGateway({
    ...deps,
    auth: auth.service,
    pops: new ScreenPopService(core.db),
    logger: logger.child({ mod: 'desk' }),
  });
  core.api((api) => registerDeskRoutes(api, desk));
  core.bus.on('operator:changed', (id, s) => desk.notifyState(id, s));
  // Callback tasks go to the operator's room only: the history in them is personal data.
  core.callbacks?.onOffer((id, offer) => desk.emitTo(id, 'callback:offer', offer));
  core.callbacks?.onWithdrawn((id, w) => desk.emitTo(id, 'callback:withdrawn', w));
  core.triage?.onOffer((id, offer) => desk.emitTo(id, 'triage:offer', offer));
  core.triage?.onWithdrawn((id, w) => desk.emitTo(id, 'triage:withdrawn', w));
  auth.watchSockets({
    nsp: core.io.of('/desk'),
    allowed: (u, was) => u.operatorId !== null && (!was || was.operatorId === u.operatorId),
  });
  return desk;
}
