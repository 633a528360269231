import { amiChannelFields, type Channel } from './channel.ts';
import { OUTBOUND_CONTEXT, ringCitizen } from './citizen-call.ts';
import type { OriginateRequest } from './originate-request.ts';
import type { Pbx } from './ports.ts';

// Originate straight to a citizen: Channel PJSIP/<number>@trunk (or Local/<number>@cti137-outbound),
// then, once answered, the Application (Stasis for the IVR's feedback and closure calls).

const TRUNK_RE = /^PJSIP\/(\+?[0-9]{3,20})@trunk$/i;
const LOCAL_RE = new RegExp(`^Local/(\\+?[0-9]{3,20})@${OUTBOUND_CONTEXT}$`, 'i');

/** An Originate dials through ast_dial with no calling channel: DialBegin/DialEnd carry only the Dest… block. */
function dialEvent(pbx: Pbx, name: string, ch: Channel, last: [string, string]): void {
  pbx.ami.event(name, 'call,all', [...amiChannelFields(ch, 'Dest'), last]);
}

/**
 * True if this Originate is to a citizen (and is now running). Reasons as main/pbx.c
 * pbx_dial_reason gives them (22.11.0-rc1 lines 5963-5999): 4 answered, 5 busy (DialEnd BUSY is
 * published by main/dial.c line 599 before the hangup), 3 when Timeout ran out while ringing
 * (main/dial.c 733-738: no DialEnd, cause NO_ANSWER).
 */
export function originateToCitizen(
  pbx: Pbx,
  r: OriginateRequest,
  done: (ok: boolean, reason: number, ch?: Channel) => void,
): boolean {
  const m = TRUNK_RE.exec(r.dial) ?? LOCAL_RE.exec(r.dial);
  if (!m) return false;
  const number = m[1]!;
  let settled = false;
  const ring = ringCitizen(
    pbx,
    { number, id: r.channelId, callerNum: r.cidNum, callerName: r.cidName, local: r.dial.startsWith('Local/') },
    {
      answered: () => {
        if (settled) return;
        settled = true;
        timeout.cancel();
        dialEvent(pbx, 'DialEnd', ch, ['DialStatus', 'ANSWER']);
        done(true, 4, ch);
        afterAnswer(pbx, ch, r);
      },
      busy: () => end(5, 17, 'BUSY'),
    },
  );
  const ch = ring.leg;
  for (const [k, v] of r.vars) pbx.setVar(ch, k, v);
  function end(reason: number, cause: number, dialStatus: string | null): void {
    if (settled) return;
    settled = true;
    ring.stop();
    timeout.cancel();
    if (dialStatus) dialEvent(pbx, 'DialEnd', ch, ['DialStatus', dialStatus]);
    done(false, reason);
    pbx.destroy(ch, cause);
  }
  dialEvent(pbx, 'DialBegin', ch, ['DialString', `${number}@trunk`]);
  pbx.timers.after(120, () => !settled && dialEvent(pbx, 'DialState', ch, ['DialStatus', 'RINGING']));
  const timeout = pbx.timers.after(r.timeoutMs, () => end(3, 19, null));
  // Rejected while ringing (603 Decline → cause 21 CALL_REJECTED): CONGESTION, reason 8.
  ch.owner = { onHangup: () => end(8, 21, 'CONGESTION') };
  return true;
}

/** The answered citizen goes to the Application (Stasis → StasisStart with the args after the app name). */
function afterAnswer(pbx: Pbx, ch: Channel, r: OriginateRequest): void {
  ch.owner = { onHangup: (_c, req) => pbx.destroy(ch, req.origin === 'remote' ? 16 : req.cause) };
  const hangup = (): void => {
    if (ch.hangingUp || ch.destroyed) return;
    pbx.softHangupEvent(ch, 16);
    pbx.destroy(ch, 16);
  };
  if (r.app?.toLowerCase() === 'stasis') {
    const [app = '', ...args] = r.data.split(',');
    ch.appName = 'Stasis';
    ch.appData = r.data;
    pbx.newexten(ch, 1, 'Stasis', r.data);
    // When the app lets go (or Stasis fails) the originated channel has nothing more to run.
    pbx.stasis.enter(ch, app, args, hangup);
    return;
  }
  if (r.app) {
    ch.appName = r.app;
    ch.appData = r.data;
    return;
  }
  pbx.newexten(ch, r.priority, 'Wait', '3600');
}
