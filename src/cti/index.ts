// The CTI core's public face (in progress: the rest of cti's exports move here).
export type { OperatorState, PauseReason, OperatorStateChanged, PastCall } from './operator-types.ts';
