// A call played the way people make it, through the emulator's control API: a citizen dials 137,
// presses a key once the menu is heard, waits in the queue; the operator's phone rings and is
// picked up, the call lasts a while, someone hangs up. Waits follow the server's live picture.
import type { LiveCall } from '../../src/cti/index.ts';
import { realMs, type TestApp } from './app.ts';
import { api } from './http.ts';
import { emulator, type EmulatorAt } from './emulator-control.ts';
import { waitForPlay } from './ivr.ts';
import { operatorState, untilReady } from './operators.ts';
import { waitFor } from './wait.ts';

export interface PlacedCall {
  /** The caller's channel; on the emulator it is also the call's Linkedid. */
  channelId: string;
  linkedid: string;
}

/** The live call the server tracks for this Linkedid (undefined once it is over). */
export const live = (app: TestApp, linkedid: string, serverId = 'pbx1'): LiveCall | undefined =>
  app.tracker.get(serverId, linkedid);

/** A citizen dials 137 from `from` ("anonymous" for a hidden number); the IVR answers. */
export const dial = (app: EmulatorAt, from: string) =>
  emulator<PlacedCall>(app, 'POST', '/_emulator/calls', { from, to: '137' });

/** The caller presses keys (DTMF). */
export async function press(app: EmulatorAt, channelId: string, digits: string): Promise<void> {
  await emulator(app, 'POST', `/_emulator/channels/${channelId}/dtmf`, { digits });
}

/**
 * A citizen calls 137 and, once the welcome menu plays, presses `key` (1 = new request, 2 =
 * status, 9 = hazard). The call then goes on to the queue.
 */
export async function placeCall(app: EmulatorAt, from: string, key = '1'): Promise<PlacedCall> {
  const call = await dial(app, from);
  await waitForPlay(app, call.channelId, 'cti137/menu');
  await press(app, call.channelId, key);
  return call;
}

/** `placeCall`, then until the caller waits in a queue; returns the caller channel (= Linkedid). */
export async function callIntoQueue(app: TestApp, from: string, key = '1'): Promise<string> {
  const { channelId } = await placeCall(app, from, key);
  await waitFor(() => live(app, channelId)?.queue, 10_000, 'caller queued');
  return channelId;
}

/**
 * The operator's phone (e.g. "1001") picks up, on the next ring if one ran out meanwhile (the
 * tests' clock runs 20x fast, a ring lasts a second or so). Given the call, it is that call
 * ringing this phone that is answered, and the call talking with it that is awaited.
 */
export async function answerPhone(app: TestApp, ext: string, linkedid?: string): Promise<void> {
  const iface = `PJSIP/${ext}`;
  const ringing = () =>
    linkedid === undefined
      ? operatorState(app, ext) === 'ringing'
      : live(app, linkedid)?.rings.some((r) => r.interface === iface && r.outcome === 'ringing') === true;
  const talking = () => {
    if (linkedid === undefined) return operatorState(app, ext) === 'talking';
    const c = live(app, linkedid);
    return c?.memberInterface === iface && c.phase === 'talking';
  };
  await waitFor(
    async () => {
      if (ringing()) await emulator(app, 'POST', `/_emulator/endpoints/${ext}/answer`).catch(() => undefined);
      return talking();
    },
    10_000,
    `${iface} answered`,
  );
}

/** A citizen's call answered by the operator on `ext`: the menu, `key`, the queue, the pick-up. */
export async function callReachingOperator(app: TestApp, from: string, ext: string, key = '1'): Promise<string> {
  const { channelId } = await placeCall(app, from, key);
  await answerPhone(app, ext, channelId);
  return channelId;
}

/** The operator on `ext` hangs up (throws if the phone has no call). */
export async function hangUpPhone(app: EmulatorAt, ext: string): Promise<void> {
  await emulator(app, 'POST', `/_emulator/endpoints/${ext}/hangup`);
}

/** The caller hangs up (throws if the channel is gone). */
export async function hangUpCaller(app: EmulatorAt, channelId: string): Promise<void> {
  await emulator(app, 'POST', `/_emulator/channels/${channelId}/hangup`);
}

/** Both ends hang up, whichever are still there. */
export async function hangUpBoth(app: TestApp, ext: string, channelId: string): Promise<void> {
  await hangUpPhone(app, ext).catch(() => undefined);
  await hangUpCaller(app, channelId).catch(() => undefined);
}

/**
 * The operator hangs up, the caller (sent to the survey) hangs up too, and the operator is ready
 * again (wrap-up is 1 s in tests), so the next call can ring them.
 */
export async function finishCall(app: TestApp, ext: string, call: PlacedCall): Promise<void> {
  await hangUpPhone(app, ext);
  await hangUpCaller(app, call.channelId).catch(() => undefined);
  await untilReady(app, ext);
}

/** When the operator talking now picked up (after a transfer, the new operator's answer). */
function legAnsweredAt(c: LiveCall | undefined): number | null | undefined {
  if (c?.phase !== 'talking') return undefined;
  const ring = c.rings.filter((r) => r.outcome === 'answered' && r.interface === c.memberInterface).at(-1);
  return ring?.endedAt ?? c.answeredAt;
}

/**
 * Until the operator talking now has talked `seconds` of the app's clock (emulated: 12 s are
 * 600 ms real at the tests' scale), counted from their answer as the server saw it: how a test
 * lets a call last (the PBX's TalkTime and the survey's short-call rule count emulated seconds).
 */
export async function talkFor(app: TestApp, linkedid: string, seconds: number): Promise<void> {
  const answeredAt = await waitFor(() => legAnsweredAt(live(app, linkedid)), 10_000, 'call answered');
  await waitFor(() => Date.now() - answeredAt >= realMs(app, seconds), 10_000, `${seconds} s of talk`);
}

/** Until the caller has waited `seconds` (emulated) in the queue, counted from joining it. */
export async function queuedFor(app: TestApp, linkedid: string, seconds: number): Promise<void> {
  const queuedAt = await waitFor(() => live(app, linkedid)?.queuedAt, 10_000, 'caller queued');
  await waitFor(() => Date.now() - queuedAt >= realMs(app, seconds), 10_000, `${seconds} s in the queue`);
}

/**
 * Until the caller has been on hold `ms` real milliseconds (the CTI counts hold in real time,
 * from the Hold event's timestamp), counted from the hold the server saw.
 */
export async function heldFor(app: TestApp, linkedid: string, ms: number): Promise<void> {
  const since = await waitFor(() => live(app, linkedid)?.onHoldSince, 10_000, 'caller on hold');
  await waitFor(() => Date.now() - since >= ms, 10_000, `${ms} ms on hold`);
}

/** A call as GET /api/v1/calls?active=true lists it. */
export interface ActiveCall {
  linkedid: string;
  rings: Array<{ interface: string; outcome: string }>;
  [field: string]: unknown;
}

/** The calls GET /api/v1/calls?active=true lists (a supervisor's view). */
export async function activeCalls(app: TestApp, cookie: string): Promise<ActiveCall[]> {
  return (await api<ActiveCall[]>(app.url, cookie, 'GET', '/api/v1/calls?active=true')).body;
}
