import type { Logger } from '../shared/index.ts';

export interface StartOptions {
  logger: Logger;
  /** Tests: a unique BullMQ prefix per run. */
  jobsPrefix?: string;
  /** Tests: how often sockets' sessions are re-checked (default one minute). */
  sessionSweepMs?: number;
  /** Tests: ARI/IVR wait scaling (also passed to the emulator). */
  timeScale?: number;
  /** Tests: how long one hour of a unit's escalate_after_hours lasts, in ms (default an hour). */
  escalationHourMs?: number;
  /** Tests: the feedback call's delay after "done", in ms (default FEEDBACK_DELAY_HOURS). */
  feedbackDelayMs?: number;
  /** Benchmarks: more operator phones on the emulator than the demo's (e.g. 300 desks). */
  extraEndpoints?: string[];
}
