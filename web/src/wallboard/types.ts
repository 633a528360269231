// The wallboard's shapes: the shared socket types from the server, nothing else.
export type {
  WallboardSnapshot, WallboardUpdate, WallboardServerEvents, WallboardClientEvents, OperatorRow, QueueView,
  WaitingView, KpiBoard, KpiFigures, KpiPeriod, Series, SeriesPoint, ShiftView, SpyMode, SpyStarted, OperatorState, Ack,
} from '../../../src/wallboard/wallboard-events.ts';
