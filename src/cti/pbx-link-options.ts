import type { AmiClient } from '../asterisk/ami/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import type { CallTracker } from './call-tracker.ts';
import type { OperatorService } from './operator-service.ts';
import type { QueueState } from './queue-state.ts';

/** What links one Asterisk to the CTI state (pbx-link.ts) and resyncs it after a connect (pbx-resync.ts). */
export interface PbxLinkOptions {
  serverId: string;
  ami: AmiClient;
  tracker: CallTracker;
  operators: () => OperatorService;
  queues?: QueueState;
  serviceNumbers: string[];
  /** The call records: a rebuilt call starts from its row, and rows of calls gone are closed. */
  db?: Db;
  /** Should already carry the server tag (install passes a child logger with `server`). */
  logger: Logger;
  /**
   * While connected, the live calls are checked against Asterisk's channels this often (default
   * RECONCILE_EVERY_MS): a call whose hang-up never arrived (a lost or hostile frame) is reaped.
   */
  reconcileEveryMs?: number;
}
