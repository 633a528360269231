// The server's own types, so the browser and the API cannot drift apart. Type-only imports from
// each owning domain's index.ts (esbuild erases them; no server code reaches the bundle).
export type { Ack } from '../../../src/shared/index.ts';
export type { Role, SessionUser } from '../../../src/auth/index.ts';
export type { OperatorState, PauseReason, OperatorStateChanged, PastCall } from '../../../src/cti/index.ts';
export type {
  PastEvent,
  PastRequest,
  CategoryView,
  DistrictView,
  NeighbourhoodView,
} from '../../../src/requests/index.ts';
export type {
  ScreenPop,
  CallAnswered,
  CallEnded,
  DeskSnapshot,
  DeskServerEvents,
  DeskClientEvents,
} from '../../../src/agent-desk/index.ts';
export type { OperatorScore, QuestionMean, ScoreBoard, ScoreWeeks } from '../../../src/survey/index.ts';
export type {
  WallboardSnapshot,
  WallboardUpdate,
  WallboardServerEvents,
  WallboardClientEvents,
  OperatorRow,
  QueueView,
  WaitingView,
  KpiBoard,
  KpiFigures,
  KpiPeriod,
  Series,
  SeriesPoint,
  ShiftView,
  SpyMode,
  SpyStarted,
} from '../../../src/wallboard/index.ts';
