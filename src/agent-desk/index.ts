// The operator desk's public face: the socket gateway, the screen-pop it builds and its wire types.
export type {
  ScreenPop,
  CallAnswered,
  CallEnded,
  DeskSnapshot,
  DeskServerEvents,
  DeskClientEvents,
} from './desk-events.ts';
export { DeskGateway } from './desk-gateway.ts';
export { ScreenPopService } from './screen-pop-service.ts';
