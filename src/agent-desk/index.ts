// The operator desk's public face: its install (the /desk socket gateway and the screen-pop it
// builds) and its wire types, which the browser bundle takes too.
export type {
  ScreenPop,
  CallAnswered,
  CallEnded,
  DeskSnapshot,
  DeskServerEvents,
  DeskClientEvents,
} from './desk-events.ts';
export { install, type DeskCore, type DeskHandle } from './install.ts';
