// Typed socket.io events of the supervisor's wallboard (namespace `/wallboard`). The browser
// bundle imports this file too, so it must stay free of Node imports (type imports only).
import type { Ack } from '../shared/index.ts';
import type { Kpis, OperatorState } from '../cti/index.ts';

export type { Ack, OperatorState };

/** A caller waiting in a queue. The number is masked: the wallboard is seen by a whole room. */
export interface WaitingView {
  callId: string | null;
  callerMasked: string | null;
  /** ISO UTC; the browser counts the wait up from here against the server clock. */
  waitingSince: string;
  hazard: boolean;
  ivrChoice: string | null;
  /** Display names of the operators whose phones ring for this caller now. */
  ringing: string[];
}

export interface QueueView {
  name: string;
  /** The Asterisk server of the queue: q137 on two servers is two rows. */
  serverId: string;
  /** Longest waiting first. */
  waiting: WaitingView[];
  /** Members as Asterisk reports them. */
  members: number;
  paused: number;
  talking: number;
}

/** The KPIs without the per-operator part (that goes to the operators grid). */
export type KpiFigures = Omit<Kpis, 'perOperator'>;

export interface KpiPeriod {
  /** The shift (name + local date it began), or only the date for the operational day. */
  shiftName: string | null;
  shiftDate: string;
  all: KpiFigures;
  byQueue: Record<string, KpiFigures>;
}

export interface KpiBoard {
  /** The current shift. */
  shift: KpiPeriod;
  /** The operational day: every shift that began on the current shift's date. */
  today: KpiPeriod;
  /** The same shift seven days earlier, for comparison. */
  lastWeek: KpiPeriod;
  /** Callbacks owed to callers who hung up (now), and those made and reached this shift. */
  callbacks?: { owed: number; made: number; reached: number };
  /** Web, SMS and Open311 items waiting for a person now, and when the oldest came in (its age on the board). */
  triage?: { waiting: number; oldestAt: string | null };
  computedAt: string;
}

/** Calls of one 15-minute interval, by the time they entered the queue. */
export interface SeriesPoint {
  at: string;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredInSl: number;
}

export interface Series {
  bucketMinutes: number;
  /** The shift's window (ISO UTC); points cover it up to now, empty intervals included. */
  from: string;
  to: string;
  points: SeriesPoint[];
}

export interface OperatorCallView {
  phase: 'ringing' | 'talking';
  callerMasked: string | null;
  /** When the phone started ringing, or when the operator answered. */
  since: string;
  queue: string | null;
  hazard: boolean;
}

export interface OperatorRow {
  id: string;
  displayName: string;
  extension: string;
  state: OperatorState;
  reason: string | null;
  /** ISO UTC: when this state began. */
  since: string;
  /** Wrap-up: when it ends. */
  until: string | null;
  /** A pause (its reason) ordered during the call on the phone: it begins when the call is over. */
  pendingPause?: string | null;
  /** Who ordered the pause (shown or pending) when it was not the operator. */
  pausedBy?: string | null;
  call: OperatorCallView | null;
  /** Calls answered this shift and their average handle time (s), from the call records. */
  handled: number;
  aht: number | null;
  /**
   * Bayesian survey score over the last 30 days, and how many unflagged responses it rests on
   * (the ranking's n). Fewer than settings.scoreMinResponses: shown, but unranked (rank null).
   */
  score: number | null;
  scoreResponses: number;
  scoreRanked: boolean;
  /** Place among the ranked operators (1 = best), null when unranked. */
  scoreRank: number | null;
  /** Rings in a row this operator let ring out; 2 or more raise an alert. */
  rnaStreak: number;
  /** While paused: the allowance of the reason, in seconds (the browser raises the alert when it runs out). */
  pauseAllowanceSeconds: number | null;
  /** Logged out while rostered for this shift (always false until rosters exist). */
  absent: boolean;
}

export interface ShiftView {
  name: string;
  date: string;
  from: string;
  to: string;
}

export interface WallboardSettings {
  serviceLevelSeconds: number;
  /** Pause allowances in minutes, per reason. */
  pauseAllowances: Record<string, number>;
  /** The phone listen/whisper/barge rings (PJSIP/2001), or null: those actions are disabled. */
  phone: string | null;
  /** Fewest unflagged survey responses for a rank (SURVEY_MIN_RESPONSES). */
  scoreMinResponses: number;
  /** The centre's shift names in configuration order (the scores page filters by them). */
  shifts: string[];
}

export interface WallboardSnapshot {
  /** Updates with a higher seq follow; older ones are stale. */
  seq: number;
  /** ms since epoch on the server, to count live timers against the server's clock. */
  serverTime: number;
  shift: ShiftView;
  queues: QueueView[];
  operators: OperatorRow[];
  kpis: KpiBoard | null;
  series: Series | null;
  settings: WallboardSettings;
}

/** Only what changed since the previous update; each section present replaces the old one whole. */
export interface WallboardUpdate {
  seq: number;
  serverTime: number;
  shift?: ShiftView;
  queues?: QueueView[];
  /** Rows that changed or appeared, and ids that left. */
  operators?: { rows: OperatorRow[]; removed: string[] };
  kpis?: KpiBoard;
  series?: Series;
  pauseAllowances?: Record<string, number>;
}

/** Server → wallboard. */
export interface WallboardServerEvents {
  /** Coalesced: at most one per push interval (50 ms by default), only when something changed. */
  update: (u: WallboardUpdate) => void;
}

/** Wallboard → server. */
export interface WallboardClientEvents {
  /** After every (re)connect, before any update: the whole picture; updates follow it. */
  snapshot: (ack: (r: Ack<WallboardSnapshot>) => void) => void;
}

export type SpyMode = 'listen' | 'whisper' | 'barge';

/** Answer of POST /api/v1/supervision/:operatorId/:mode (202). */
export interface SpyStarted {
  actionId: string;
  mode: SpyMode;
  operatorId: string;
  phone: string;
  data: string;
}
