// The feedback domain's only public face: install(core) listens for "done" and asks the citizen;
// the IVR reads the call's facts and hands back the answer through FeedbackHandle.
export { install, type FeedbackCore, type FeedbackHandle } from './install.ts';
export type { AnswerInput, AnswerEffect } from './feedback-service.ts';
export type { CallFacts, FeedbackKind, AnswerKind } from './feedback-repository.ts';
