// The one place that decides when a citizen may be called (windows, holidays, daily limit, pace) and
// places the call over AMI: feedback and closure checks into the IVR, callbacks operator first.
export { install, type OutboundCore, type OutboundConfig } from './install.ts';
export type {
  OutboundPurpose,
  OutboundOutcome,
  OutboundStatus,
  OutboundRequest,
  OutboundResult,
  OutboundHandle,
  CallingWindows,
} from './outbound-types.ts';
export { parseWindows, parseHolidays, nextWindowOpening, retryDelayMs, DEFAULT_WINDOWS } from './calling-windows.ts';
export { OUTBOUND_CONTEXT, outcomeOfReason, outcomeOfDialStatus } from './originate.ts';
