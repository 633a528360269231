// Callbacks owed to citizens who hung up while waiting: entries from the CTI bus, offers to ready
// operators (the desk shows them), dials through the outbound engine, outcomes and retries, counts.
export { install, type CallbacksCore, type CallbacksHandle } from './install.ts';
export type {
  CallbackItem,
  CallbackOffer,
  CallbackWithdrawn,
  CallbackCounts,
  CallbackHistory,
  CallbackPastCall,
  CallbackAttempt,
  CallbackOutcome,
  CallbackStatus,
} from './callback-types.ts';
export { CALLBACK_OUTCOMES } from './callback-types.ts';
