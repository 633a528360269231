// Sound names the IVR plays. Files live under docker/asterisk/sounds/<lang>/cti137/ (Persian
// first); `npm run prompts` regenerates them from text. Keep names stable: the dialplan contract
// and the emulator's duration table use them.
export const PROMPTS = {
  welcome: 'sound:cti137/welcome',
  menu: 'sound:cti137/menu',
  invalidOrNoInput: 'sound:cti137/invalid',
  enterTrackingCode: 'sound:cti137/enter-code',
  requestNotFound: 'sound:cti137/not-found',
  statusPrefix: 'sound:cti137/status-',
  transferring: 'sound:cti137/transferring',
  surveyIntro: 'sound:cti137/survey-intro',
  thankYou: 'sound:cti137/thank-you',
} as const;
