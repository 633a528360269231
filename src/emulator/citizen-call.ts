import type { Bridge } from './bridge.ts';
import { closeBridge, openBridge } from './bridge-ops.ts';
import { startCdr } from './cdr.ts';
import { pairFields, type Channel, type HangupRequest } from './channel.ts';
import { citizenBehaviour } from './citizen-phones.ts';
import { receiveDtmf } from './dtmf.ts';
import { uuid } from './ids.ts';
import type { Pbx } from './ports.ts';

// A call out through the trunk to a citizen's phone, whose behaviour the control API sets
// (citizen-phones.ts): rings, then answers, stays silent or is busy; once answered it keys digits.

export const OUTBOUND_CONTEXT = 'cti137-outbound';
/** Dial(PJSIP/${EXTEN}@trunk,45) in docker/asterisk/extensions.conf's [cti137-outbound]. */
const OUTBOUND_DIAL_SEC = 45;

export interface CitizenRing {
  leg: Channel;
  stop(): void;
}

export interface CitizenLegInput {
  number: string;
  /** Our ChannelId (Originate's ChannelId): the Uniqueid of the leg. */
  id?: string;
  linkedid?: string;
  callerNum: string;
  callerName: string;
  /** 'PJSIP/trunk-…' or a Local channel name for Local/<n>@cti137-outbound. */
  local?: boolean;
}

/** The outgoing leg to the citizen: Down, then Ringing; `answered` or `busy` when the phone says so. */
export function ringCitizen(pbx: Pbx, i: CitizenLegInput, h: { answered(): void; busy(): void }): CitizenRing {
  const id = i.id || pbx.ids.uniqueid();
  const leg = pbx.createChannel({
    id,
    linkedid: i.linkedid ?? id,
    name: i.local
      ? `Local/${i.number}@${OUTBOUND_CONTEXT}-${pbx.ids.channelSuffix('Local')};1`
      : `PJSIP/trunk-${pbx.ids.channelSuffix('PJSIP')}`,
    tech: i.local ? 'Local' : 'PJSIP',
    endpoint: 'trunk',
    kind: 'citizen',
    state: 0,
    callerNum: i.callerNum,
    callerName: i.callerName,
    connectedNum: i.number,
    context: OUTBOUND_CONTEXT,
    exten: i.number,
    protocolId: uuid(),
  });
  startCdr(leg);
  const b = citizenBehaviour(pbx, i.number);
  // 180 Ringing from the far end a moment after the INVITE.
  const ringing = pbx.timers.after(100, () => !leg.hangingUp && pbx.setState(leg, 5));
  const decide =
    b.answer === 'no-answer'
      ? null
      : pbx.timers.after(Math.max(b.afterMs, 150), () => {
          if (leg.hangingUp || leg.destroyed) return;
          if (b.answer === 'busy') return h.busy();
          pbx.setState(leg, 6);
          leg.answeredAt = Date.now();
          h.answered();
          keyDigits(pbx, leg, b.keys, b.keysDelayMs);
        });
  return {
    leg,
    stop: () => {
      ringing.cancel();
      decide?.cancel();
    },
  };
}

/** The citizen's keys after the answer; ',' is a one-second pause. */
function keyDigits(pbx: Pbx, leg: Channel, keys: string, delayMs: number): void {
  let at = delayMs;
  for (const part of keys.split(/(,)/)) {
    if (!part) continue;
    if (part === ',') {
      at += 1000;
      continue;
    }
    pbx.timers.after(at, () => !leg.destroyed && receiveDtmf(pbx, leg, part));
    at += part.length * 500;
  }
}

/**
 * [cti137-outbound] of docker/asterisk/extensions.conf, once the operator's phone is up
 * (operator-first Originate with Context/Exten):
 *   exten => _X.,1,NoOp(outbound call ${CTI137_OUTBOUND} to ${EXTEN})
 *    same => n,ExecIf($["${CTI137_CALLERID}"=""]?Set(CTI137_CALLERID=137))
 *    same => n,Set(CALLERID(all)=${CTI137_CALLERID} <${CTI137_CALLERID}>)
 *    same => n,Dial(PJSIP/${EXTEN}@trunk,45)
 *    same => n,Hangup()
 * app_dial posts DialBegin / DialState / DialEnd with the operator's channel as Channel and the
 * citizen's leg as DestChannel (main/manager_channels.c channel_dial_cb), DialStatus ANSWER, BUSY, NOANSWER.
 */
export function runOutboundContext(pbx: Pbx, from: Channel, exten: string): void {
  const cid = from.vars.get('CTI137_CALLERID') || '137';
  const where = { context: OUTBOUND_CONTEXT, exten };
  pbx.newexten(from, 1, 'NoOp', `outbound call ${from.vars.get('CTI137_OUTBOUND') ?? ''} to ${exten}`, where);
  pbx.newexten(from, 2, 'ExecIf', '$["${CTI137_CALLERID}"=""]?Set(CTI137_CALLERID=137)', where);
  pbx.newexten(from, 3, 'Set', `CALLERID(all)=${cid} <${cid}>`, where);
  pbx.newexten(from, 4, 'Dial', `PJSIP/${exten}@trunk,${OUTBOUND_DIAL_SEC}`, where);
  let settled = false;
  const ring = ringCitizen(
    pbx,
    { number: exten, linkedid: from.linkedid, callerNum: cid, callerName: cid },
    { answered: () => settle('ANSWER'), busy: () => settle('BUSY', 17) },
  );
  const leg = ring.leg;
  const timer = pbx.timers.after(OUTBOUND_DIAL_SEC * 1000, () => settle('NOANSWER', 0));
  function settle(status: string, cause = 16): void {
    if (settled) return;
    settled = true;
    ring.stop();
    timer.cancel();
    pbx.ami.event('DialEnd', 'call,all', [...pairFields(from, leg), ['DialStatus', status]]);
    pbx.setVar(from, 'DIALSTATUS', status);
    if (status === 'ANSWER') return talk(pbx, from, leg, openBridge(pbx, [from, leg]));
    pbx.destroy(leg, cause);
    if (status !== 'CANCEL') hangupAfterDial(pbx, from);
  }
  pbx.ami.event('DialBegin', 'call,all', [...pairFields(from, leg), ['DialString', `${exten}@trunk`]]);
  pbx.timers.after(120, () => {
    if (!settled) pbx.ami.event('DialState', 'call,all', [...pairFields(from, leg), ['DialStatus', 'RINGING']]);
  });
  leg.owner = { onHangup: () => settle('BUSY', 17) };
  from.owner = {
    onHangup: (_c, req: HangupRequest) => {
      settle('CANCEL', 0);
      pbx.destroy(from, req.origin === 'remote' ? 16 : req.cause);
    },
  };
}

function hangupAfterDial(pbx: Pbx, from: Channel): void {
  if (from.hangingUp || from.destroyed) return;
  from.owner = undefined;
  pbx.newexten(from, 5, 'Hangup', '', { context: OUTBOUND_CONTEXT, exten: from.exten });
  pbx.softHangupEvent(from, 16);
  pbx.destroy(from, 16);
}

/** Operator and citizen talk; whoever hangs up ends the call for both. */
function talk(pbx: Pbx, a: Channel, b: Channel, bridge: Bridge): void {
  const end = (first: Channel, other: Channel, req: HangupRequest): void => {
    closeBridge(pbx, bridge, first);
    pbx.softHangupEvent(other, 16);
    pbx.destroy(other, 16);
    pbx.destroy(first, req.origin === 'remote' ? 16 : req.cause);
  };
  a.owner = { onHangup: (_c, req) => end(a, b, req) };
  b.owner = { onHangup: (_c, req) => end(b, a, req) };
}
