import type { AmiClient } from '../asterisk/ami/index.ts';
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
  /** Should already carry the server tag (install passes a child logger with `server`). */
  logger: Logger;
}
