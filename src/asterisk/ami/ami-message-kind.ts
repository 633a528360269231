// What an incoming AMI message is, worked out in one pass over its fields: the client looks at
// every event (hundreds per call), so it does not call get() three times per message.

import { AmiMessage } from './ami-codec.ts';

export interface AmiMessageKind {
  /** `Event:` value; an event may also carry `Response:` (OriginateResponse does), Event wins. */
  event?: string;
  response?: string;
  actionId?: string;
  /** `EventList:` value (`start` on a list response, `Complete` on its terminal event). */
  eventList?: string;
  /** A second `Event:` (or a second `Response:` in a response) was seen: see splitRunOnMessage. */
  runOn?: boolean;
}

function is(key: string, lower: string): boolean {
  // Case-insensitive like Asterisk, without lower-casing every key of every event: the length and
  // the first letter rule out almost all of them (Uniqueid and Response are both 8 long).
  return (
    key.length === lower.length && (key.charCodeAt(0) | 0x20) === lower.charCodeAt(0) && key.toLowerCase() === lower
  );
}

export function classifyAmiMessage(msg: AmiMessage): AmiMessageKind {
  const kind: AmiMessageKind = {};
  let events = 0;
  let responses = 0;
  for (const [key, value] of msg.fields) {
    if (is(key, 'event')) {
      if (events++ === 0) kind.event = value;
    } else if (is(key, 'response')) {
      if (responses++ === 0) kind.response = value;
    } else if (kind.actionId === undefined && is(key, 'actionid')) kind.actionId = value;
    else if (kind.eventList === undefined && is(key, 'eventlist')) kind.eventList = value;
  }
  const startsWithResponse = is(msg.fields[0]?.[0] ?? '', 'response');
  if (events > 1 || (startsWithResponse && (events > 0 || responses > 1))) kind.runOn = true;
  return kind;
}

/** A list response: `Response: Success` + `EventList: start`; items and a `…Complete` event follow. */
export function isListStart(kind: AmiMessageKind): boolean {
  return kind.eventList?.toLowerCase() === 'start';
}

/** The terminal event of a list (`QueueStatusComplete`, `CoreShowChannelsComplete`, … with `EventList: Complete`). */
export function isListComplete(kind: AmiMessageKind): boolean {
  if (kind.eventList !== undefined) return kind.eventList.toLowerCase() === 'complete';
  return kind.event !== undefined && /Complete$/.test(kind.event);
}

/** Success-like responses. `Goodbye` answers Logoff; `Follows` is what older Asterisks send for Command. */
export function isSuccessResponse(response: string): boolean {
  const r = response.toLowerCase();
  return r === 'success' || r === 'goodbye' || r === 'follows';
}

// Actions that answer with an event list in Asterisk 22 (the ones a CTI server uses, plus common ones).
const LIST_ACTIONS = new Set(
  [
    'QueueStatus',
    'QueueSummary',
    'CoreShowChannels',
    'Status',
    'BridgeList',
    'BridgeInfo',
    'PJSIPShowContacts',
    'PJSIPShowEndpoints',
    'PJSIPShowEndpoint',
    'PJSIPShowAors',
    'PJSIPShowAuths',
    'PJSIPShowRegistrationsInbound',
    'PJSIPShowRegistrationsOutbound',
    'PJSIPShowSubscriptionsInbound',
    'DeviceStateList',
    'ExtensionStateList',
    'ShowDialPlan',
    'Agents',
    'ConfbridgeList',
    'ConfbridgeListRooms',
    'MeetmeList',
    'ParkedCalls',
    'Parkinglots',
    'DAHDIShowChannels',
    'CoreShowChannelMap',
    'PresenceStateList',
    'MailboxStatus',
    'VoicemailUsersList',
    'IAXpeerlist',
    'Sippeers',
  ].map((a) => a.toLowerCase()),
);

/** True for actions whose answer is a list: use actionList() for them, action() would only get the first response. */
export function isListAction(action: string): boolean {
  return LIST_ACTIONS.has(action.toLowerCase());
}

/**
 * A frame cut short (the peer lost bytes, or a buggy proxy) runs into the next frame, because only
 * a blank line ends a message: `Event: A`, `Privilege: …`, `Event: B`, …. A second `Event:` key never
 * occurs in a real message (checked against every capture), so split there: the head is the
 * truncated remains (reported, skipped), the tail is the real next message. A Response followed by
 * an `Event:` is cut the same way (responses never carry Event; OriginateResponse is an event).
 */
export function splitRunOnMessage(msg: AmiMessage): { truncated: AmiMessage[]; message: AmiMessage } {
  const f = msg.fields;
  let start = 0;
  const truncated: AmiMessage[] = [];
  for (let i = 1; i < f.length; i++) {
    const key = f[i]![0];
    if (is(key, 'event') || (is(key, 'response') && is(f[start]![0], 'response'))) {
      truncated.push(new AmiMessage(f.slice(start, i)));
      start = i;
    }
  }
  return start === 0 ? { truncated, message: msg } : { truncated, message: new AmiMessage(f.slice(start)) };
}
