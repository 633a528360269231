import type { AmiMessage } from '../cti/index.ts';
import { formatPhoneNational } from '../shared/index.ts';
import type { OutboundOutcome, OutboundRequest } from './outbound-types.ts';

// The AMI side of an outbound attempt: the Originate fields, and the outcome read back from
// OriginateResponse (IVR targets) or from DialEnd (operator-first callbacks).

/** The dialplan context that dials the citizen once the operator's phone is up (docker/asterisk/extensions.conf). */
export const OUTBOUND_CONTEXT = 'cti137-outbound';
/** The PJSIP endpoint of the citizens' trunk. */
export const TRUNK = 'trunk';

/** +989121234567 → 09121234567: what the trunk is dialled with. */
export function nationalNumber(e164: string): string {
  return (formatPhoneNational(e164) ?? e164).replace(/\D/g, '');
}

export interface OriginateInput {
  callId: string;
  phone: string;
  target: OutboundRequest['target'];
  /** PJSIP/1001 for operator-first targets. */
  operatorInterface: string | null;
  ariApp: string;
  callerId: string;
  channelId: string;
  timeoutMs: number;
}

/**
 * Originate with Async (the answer comes later as OriginateResponse with our ActionID), our own
 * ChannelId (the Uniqueid of the first leg, so DialBegin/DialEnd of that leg are ours), and
 * CTI137_OUTBOUND=<id> on the channel, so the IVR and the CDR can tell an outbound call.
 */
export function originateFields(o: OriginateInput): Record<string, string | number> {
  const national = nationalNumber(o.phone);
  const common = {
    Async: 'true',
    ChannelId: o.channelId,
    Timeout: o.timeoutMs,
    Variable: `CTI137_OUTBOUND=${o.callId}`,
  };
  if (o.target.kind === 'stasis') {
    return {
      ...common,
      Channel: `PJSIP/${national}@${TRUNK}`,
      Application: 'Stasis',
      Data: [o.ariApp, ...o.target.args].join(','),
      // What the citizen's phone shows: the centre's number.
      CallerID: `"${o.callerId}" <${o.callerId}>`,
    };
  }
  if (!o.operatorInterface) throw new Error('operator target without an interface');
  return {
    ...common,
    // The trunk's caller id for the citizen's leg, set by [cti137-outbound] (CALLERID(all)).
    Variable: `CTI137_OUTBOUND=${o.callId},CTI137_CALLERID=${o.callerId}`,
    Channel: o.operatorInterface,
    Context: OUTBOUND_CONTEXT,
    Exten: national,
    Priority: 1,
    // The operator's phone shows whom it is about to call back; the context sets the trunk's caller id.
    CallerID: `"Callback" <${national}>`,
  };
}

/**
 * OriginateResponse Reason (main/manager.c fast_originate, 22.11.0-rc1 lines 4443-4500) is the old
 * originate reason that main/pbx.c pbx_dial_reason (lines 5963-5999) derives from the dial: 4 ANSWER,
 * 1 HANGUP (the dial was hung up), 5 BUSY (cause 17), 8 CONGESTION (rejected, circuits down),
 * 3 RINGING (no answer: ast_dial's timeout sets cause NO_ANSWER, main/dial.c lines 733-738), and 0
 * for any other failure (unallocated number, channel not created). Frame values: include/asterisk/frame.h 278-285.
 */
export function outcomeOfReason(reason: number): OutboundOutcome {
  if (reason === 4) return 'answered';
  if (reason === 5) return 'busy';
  if (reason === 3) return 'no-answer';
  return 'failed';
}

/** Dial()'s DIALSTATUS as DialEnd reports it (apps/app_dial.c). */
export function outcomeOfDialStatus(status: string): OutboundOutcome {
  if (status === 'ANSWER') return 'answered';
  if (status === 'BUSY') return 'busy';
  if (status === 'NOANSWER' || status === 'CANCEL') return 'no-answer';
  return 'failed';
}

export interface OriginateAnswer {
  actionId: string;
  success: boolean;
  reason: number;
  channel: string | null;
  uniqueid: string | null;
}

export function readOriginateResponse(m: AmiMessage): OriginateAnswer | null {
  if (m.event !== 'OriginateResponse' || !m.actionId) return null;
  return {
    actionId: m.actionId,
    success: m.get('Response') === 'Success',
    reason: Number(m.get('Reason') ?? '0'),
    channel: m.get('Channel') ?? null,
    uniqueid: m.get('Uniqueid') ?? null,
  };
}
