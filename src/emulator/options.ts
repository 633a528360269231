import type { Logger } from '../shared/index.ts';

export type QueueStrategy = 'rrmemory' | 'linear' | 'ringall';

export interface QueueConfig {
  name: string;
  strategy: QueueStrategy;
  /** queues.conf `timeout`: how long one ring pass rings a member. */
  timeoutSec: number;
  /** queues.conf `retry`: the pause after a ring pass nobody answered, before the next one. */
  retrySec: number;
  /**
   * The dialplan's Queue() timeout (its 5th argument): a caller still waiting after this many
   * seconds leaves the queue with QUEUESTATUS=TIMEOUT and the dialplan goes on. 0 (default): none.
   */
  callerTimeoutSec?: number;
  wrapupSec?: number;
  weight?: number;
}

export interface EmulatorOptions {
  host?: string;
  amiPort: number;
  ariPort: number;
  amiUsername: string;
  amiSecret: string;
  ariUsername: string;
  ariPassword: string;
  /** Operator phones, e.g. ['1001','1002']: PJSIP/1001 … registered at start. */
  endpoints: string[];
  /** Default: q137 (rrmemory, 15 s, retry 2 s) and q137hazard (ringall, 15 s, retry 1 s). */
  queues?: QueueConfig[];
  traffic: boolean;
  /** Multiplies every emulated delay; tests use e.g. 0.05. */
  timeScale?: number;
  logger: Logger;
  asteriskId?: string;
  /** Extra sound roots (<dir>/<lang>/<name>.wav) looked up before docker/asterisk/sounds, e.g. uploaded survey prompts. */
  soundDirs?: string[];
}

export interface ResolvedOptions extends Required<Omit<EmulatorOptions, 'queues'>> {
  queues: Array<Required<QueueConfig>>;
}

export const DEFAULT_QUEUES: QueueConfig[] = [
  { name: 'q137', strategy: 'rrmemory', timeoutSec: 15, retrySec: 2 },
  { name: 'q137hazard', strategy: 'ringall', timeoutSec: 15, retrySec: 1 },
];

const ENDPOINT_RE = /^[A-Za-z0-9_.-]{1,40}$/;

export function resolveOptions(o: EmulatorOptions): ResolvedOptions {
  for (const e of o.endpoints) {
    if (!ENDPOINT_RE.test(e) || e === 'trunk') throw new Error(`emulator: invalid endpoint name "${e}"`);
  }
  const timeScale = o.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('emulator: timeScale must be > 0');
  return {
    ...o,
    host: o.host ?? '127.0.0.1',
    timeScale,
    asteriskId: o.asteriskId ?? '02:42:ac:11:00:02',
    soundDirs: o.soundDirs ?? [],
    queues: (o.queues ?? DEFAULT_QUEUES).map((q) => ({ wrapupSec: 0, weight: 0, callerTimeoutSec: 0, ...q })),
  };
}
