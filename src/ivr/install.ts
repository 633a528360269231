import type { AriClient } from '../asterisk/ari/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { CallRecorder, CallTracker, OperatorDirectory, QueueState } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { FeedbackHandle } from '../feedback/index.ts';
import type { Host } from '../shared/index.ts';
import { StasisApp } from './stasis-app.ts';

/** What the IVR needs from the app: each PBX's ARI client and the CTI core that follows the calls. */
export type IvrCore = Host & {
  /** ARI clients by PBX server id; the IVR listens on each before the app starts them. */
  aris: ReadonlyMap<string, AriClient>;
  /** The Stasis application name the dialplan sends callers to (`cti137`). */
  app: string;
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  calendar: ShiftCalendar;
  /** Scales the IVR's waits (tests run them fast). */
  timeScale: number;
  queues: { normal: string; hazard: string };
  /** A talk shorter than this makes the survey suspect (operator hung up at once). */
  shortCallSeconds: number;
  /** Feedback and closure-check calls (Stasis args feedback|closure), the reopen offer. */
  feedback?: FeedbackHandle;
  /** The queues now: the callback offer's wait estimate. */
  queueState?: QueueState;
  /** "Press 1 to be called back, keeping your place" when the estimated wait reaches offerWaitSeconds. */
  callbacks?: { book: (callerNum: string, arrivedAt: Date) => Promise<unknown>; offerWaitSeconds: number };
  /** Told how many survey answers were stored (the app feeds /metrics with it). */
  onSurveyAnswers?: (count: number) => void;
};

/** Nothing: other parts never call the IVR; it reaches them through the CTI core and the survey. */
export type IvrHandle = void;

/** One Stasis app per PBX server: the welcome menu and the post-call survey. */
export function install(core: IvrCore): IvrHandle {
  const { logger, aris, ...deps } = core;
  for (const [serverId, ari] of aris) {
    const app = new StasisApp({ ...deps, serverId, ari, logger: logger.child({ mod: 'ivr', server: serverId }) });
    core.onStop(() => app.close());
  }
}
