// The server's own types, so the browser and the API cannot drift apart. Type-only imports from
// each owning domain's index.ts (esbuild erases them; no server code reaches the bundle).
export type { Ack } from '../../../src/shared/index.ts';
export type { Role, SessionUser } from '../../../src/auth/index.ts';
// Values taken as types: the web's own copies are declared `typeof` these, so tsc fails if they drift.
export type { JALALI_MONTHS_FA, JALALI_MONTHS_EN } from '../../../src/calendar/index.ts';
export type { OperatorState, PauseReason, OperatorStateChanged, PastCall } from '../../../src/cti/index.ts';
export type {
  PastEvent,
  PastRequest,
  CategoryView,
  DistrictView,
  NeighbourhoodView,
  RequestDetail,
  WorklistItem,
  ReferralView,
  PastReferral,
  AttachmentView,
  PendingExtension,
  DuplicateLink,
  AnswerTemplate,
  CategoryAdminView,
  InboxItem,
  InboxCounters,
  InboxPage,
  InboxView,
  ExtensionView,
} from '../../../src/requests/index.ts';
export type { UnitView, UnitKind, UnitRouteView, UnitMemberView } from '../../../src/units/index.ts';
export type { AdminUser } from '../../../src/admin/index.ts';
export type {
  AnalyticsCounts,
  AnalyticsPeriodRow,
  AnalyticsPeriodInfo,
  AnalyticsResolutionRow,
  AnalyticsUnitRow,
  AnalyticsHeat,
  AnalyticsHotspot,
  AnalyticsMap,
} from '../../../src/analytics/index.ts';
export type { TrackView, TrackStep } from '../../../src/citizen/index.ts';
export type { Handover, HandoverOperator, OpenRequest as HandoverRequest } from '../../../src/shifts/index.ts';
export type {
  InboxChanged,
  NotificationItem,
  NotificationKind,
  NotificationPage,
  OfficeServerEvents,
  OfficeClientEvents,
} from '../../../src/office/index.ts';
export type {
  ScreenPop,
  CallAnswered,
  CallEnded,
  DeskSnapshot,
  DeskServerEvents,
  DeskClientEvents,
} from '../../../src/agent-desk/index.ts';
export type {
  CallbackItem,
  CallbackOffer,
  CallbackWithdrawn,
  CallbackPastCall,
  CallbackOutcome,
} from '../../../src/callbacks/index.ts';
export type {
  TriageItem,
  TriageOffer,
  TriageWithdrawn,
  TriageReason,
  TriageSource,
} from '../../../src/triage/index.ts';
export type {
  OperatorScore,
  QuestionMean,
  QuestionVersion,
  ScoreBoard,
  ScoreWeeks,
} from '../../../src/survey/index.ts';
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
