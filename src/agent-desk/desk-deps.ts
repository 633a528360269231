import type { Server } from 'socket.io';
import type { AuthService } from '../auth/index.ts';
import type { CallbacksHandle } from '../callbacks/index.ts';
import type { CallRecorder, CtiBus, LiveCall, OperatorDirectory, OperatorService } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { ClusterView, Logger, RateLimitSettings } from '../shared/index.ts';
import type { TriageFullHandle } from '../triage/index.ts';
import type { ScreenPopService } from './screen-pop-service.ts';

/** What the desk gateway is given: sockets, sessions, the CTI core, the caller look-ups, the cluster. */
export interface DeskGatewayDeps {
  io: Server;
  auth: AuthService;
  bus: CtiBus;
  db: Db;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  operators: () => OperatorService;
  pops: ScreenPopService;
  logger: Logger;
  /** Events a user may send on /desk (default DEFAULT_SOCKET_EVENT_LIMIT), over all their tabs. */
  eventLimit?: RateLimitSettings;
  callbacks?: Pick<CallbacksHandle, 'currentOffer'>;
  triage?: Pick<TriageFullHandle, 'currentOffer'>;
  /** Told each pop's latency from the ring (the PBX's event time) to the emit, in ms (metrics). */
  onPop?: (latencyMs: number) => void;
  /** Which node owns the PBX (and so the live picture a resync returns). */
  cluster: ClusterView;
  /** The calls up now (a desk's call in talk is found again after a takeover). */
  liveCalls?: () => LiveCall[];
}
