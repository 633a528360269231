// The CTI core's public face: AMI events → telephony events → live calls, queues and operators;
// the call records (CDR) and the KPIs computed from them; the operator and call routes.
export {
  install,
  type CtiCore,
  type CtiHandle,
  type CtiServer,
  type WrapUpJobs,
  type CallbackCountsFn,
} from './install.ts';
export type { WrapUpEnd } from './cti-jobs.ts';
export type { OperatorState, PauseReason, OperatorStateChanged, PastCall, OperatorInfo } from './operator-types.ts';
export {
  CtiBus,
  type CtiEvents,
  type LiveCall,
  type RingAttempt,
  type CallPhase,
  type MemberChange,
} from './cti-events.ts';
export type { WaitingCaller, MemberFacts, QueueMember, QueueLive, Kpis } from './queue-types.ts';
export { CallTracker, type CallTrackerOptions } from './call-tracker.ts';
export { CallRecorder, type CallRecorderDeps } from './call-recorder.ts';
export { OperatorDirectory, phoneKey } from './operator-directory.ts';
export { OperatorService, type OperatorServiceDeps } from './operator-service.ts';
export type { PbxActions } from './operator-pbx.ts';
export { WRAP_UP_REASON, type OperatorFacts } from './operator-state.ts';
export { QueueState } from './queue-state.ts';
export { computeKpis, type KpiQuery } from './kpi-service.ts';
export {
  answeredCallsByOperator,
  operatorTimes,
  type AnsweredCalls,
  type OperatorTime,
} from './operator-stats-repository.ts';
export {
  findCallCaller,
  findCallByLinkedid,
  pastCallsOfCitizen,
  type StoredCallFacts,
  type CitizenCallRow,
} from './call-repository.ts';
export { linkPbx, type PbxLinkOptions } from './pbx-link.ts';
export type { TelephonyEvent, TelephonyEventType } from './telephony-events.ts';
export { toTelephonyEvent } from './telephony-parse.ts';
export { isWanted } from './telephony-filter.ts';
// What other domains need of AMI frames (supervision follows OriginateResponse and ChanSpy events).
export type { AmiMessage } from '../asterisk/ami/index.ts';
