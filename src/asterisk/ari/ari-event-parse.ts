// Turning one WebSocket text frame into an AriEvent. Only the fields the typed events promise
// (the channel, playback or bridge with its id, the digit, …) are checked: a frame that lacks them
// is reported instead of handed on to crash a consumer later. Everything else passes untouched.

import type { AriEvent, AriKnownEvent } from './ari-events.ts';

export type AriParseResult = { ok: true; event: AriEvent } | { ok: false; reason: string };

type Check = (e: Record<string, unknown>) => string | undefined;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasId =
  (key: string): Check =>
  (e) => {
    const v = e[key];
    return isObject(v) && typeof v.id === 'string' ? undefined : `${key}.id missing`;
  };
const isString =
  (key: string): Check =>
  (e) =>
    typeof e[key] === 'string' ? undefined : `${key} is not a string`;
const optionalId =
  (key: string): Check =>
  (e) =>
    e[key] === undefined ? undefined : hasId(key)(e);

const channel = hasId('channel');

const CHECKS: Record<AriKnownEvent['type'], Check[]> = {
  StasisStart: [channel, (e) => (Array.isArray(e.args) ? undefined : 'args is not an array')],
  StasisEnd: [channel],
  ChannelCreated: [channel],
  ChannelStateChange: [channel],
  ChannelDtmfReceived: [channel, isString('digit')],
  ChannelHangupRequest: [channel],
  ChannelDestroyed: [channel],
  ChannelVarset: [isString('variable'), optionalId('channel')],
  ChannelDialplan: [channel],
  ChannelCallerId: [channel],
  ChannelConnectedLine: [channel],
  ChannelUserevent: [isString('eventname'), optionalId('channel')],
  ChannelHold: [channel],
  ChannelUnhold: [channel],
  ChannelTalkingStarted: [channel],
  ChannelTalkingFinished: [channel],
  ChannelEnteredBridge: [channel, hasId('bridge')],
  ChannelLeftBridge: [channel, hasId('bridge')],
  BridgeCreated: [hasId('bridge')],
  BridgeDestroyed: [hasId('bridge')],
  PlaybackStarted: [hasId('playback')],
  PlaybackContinuing: [hasId('playback')],
  PlaybackFinished: [hasId('playback')],
  Dial: [hasId('peer')],
};

export function isKnownAriEventType(type: string): type is AriKnownEvent['type'] {
  return Object.prototype.hasOwnProperty.call(CHECKS, type);
}

export function parseAriEvent(text: string): AriParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (!isObject(value)) return { ok: false, reason: 'not a JSON object' };
  const type = value.type;
  if (typeof type !== 'string' || type === '') return { ok: false, reason: 'no "type" field' };
  if (!isKnownAriEventType(type)) {
    const str = (k: string): string | undefined => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
    return {
      ok: true,
      event: {
        type: 'Unknown',
        eventType: type,
        timestamp: str('timestamp'),
        application: str('application'),
        asterisk_id: str('asterisk_id'),
        raw: value,
      },
    };
  }
  for (const check of CHECKS[type]) {
    const problem = check(value);
    if (problem) return { ok: false, reason: `${type}: ${problem}` };
  }
  return { ok: true, event: value as unknown as AriKnownEvent };
}
