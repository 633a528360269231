// Sound names the IVR plays. Files live under docker/asterisk/sounds/<lang>/cti137/ (Persian
// first); `npm run prompts` regenerates them from scripts/prompts.tsv. Keep names stable: the
// table, the emulator's duration lookup and survey_questions.prompt use them.
export const PROMPTS = {
  welcome: 'sound:cti137/welcome',
  menu: 'sound:cti137/menu',
  invalidOrNoInput: 'sound:cti137/invalid',
  enterTrackingCode: 'sound:cti137/enter-code',
  requestNotFound: 'sound:cti137/not-found',
  statusIs: 'sound:cti137/status-is',
  statusPrefix: 'sound:cti137/status-',
  deadlineIs: 'sound:cti137/deadline-is',
  statusNext: 'sound:cti137/status-next',
  transferring: 'sound:cti137/transferring',
  goodbye: 'sound:cti137/goodbye',
  surveyIntro: 'sound:cti137/survey-intro',
  thankYou: 'sound:cti137/thank-you',
  feedbackIntro: 'sound:cti137/feedback-intro',
  feedbackCategory: 'sound:cti137/feedback-category',
  categoryPrefix: 'sound:cti137/category-',
  closureIntro: 'sound:cti137/closure-intro',
  feedbackResolved: 'sound:cti137/feedback-resolved',
  feedbackRate: 'sound:cti137/feedback-rate',
  feedbackClosed: 'sound:cti137/feedback-closed',
  feedbackFollowUp: 'sound:cti137/feedback-follow-up',
  statusNextReopen: 'sound:cti137/status-next-reopen',
  callbackOffer: 'sound:cti137/callback-offer',
  callbackConfirmed: 'sound:cti137/callback-confirmed',
} as const;

/** The language the prompts are played in: Persian first (ARI play `lang`). */
export const IVR_LANGUAGE = 'fa';

/** `cti137/num-5` → `sound:cti137/num-5` */
export const asMedia = (names: string[]): string[] => names.map((n) => (n.includes(':') ? n : `sound:${n}`));
