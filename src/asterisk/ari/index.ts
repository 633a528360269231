// Public surface of the ARI layer: the client, its errors and the typed events.

export { AriClient, type AriClientOptions, type AriClientEvents } from './ari-client.ts';
export { AriHttpError, AriRequestError, type AriMethod, type AriQuery } from './ari-http.ts';
export { parseAriEvent, isKnownAriEventType, type AriParseResult } from './ari-event-parse.ts';
export type * from './ari-events.ts';
