import type { AmiMessage } from '../asterisk/ami/index.ts';

// Asterisk's channels as the CTI core reads them: CoreShowChannels after a (re)connect, and the
// operator's phone behind a channel name.

/** What a channel looks like in CoreShowChannels. */
export interface ChannelInfo {
  channel: string;
  uniqueid: string;
  linkedid: string;
  callerNum: string;
  callerName: string;
  exten: string;
  application: string;
  applicationData: string;
  bridgeId: string;
  /** ChannelStateDesc: Down, Ring, Ringing, Up… */
  state: string;
  durationSeconds: number;
}

export function parseCoreShowChannels(items: AmiMessage[]): ChannelInfo[] {
  return items
    .filter((m) => m.event === 'CoreShowChannel')
    .map((m) => {
      const [h = 0, mi = 0, s = 0] = (m.get('Duration') ?? '0:0:0').split(':').map(Number);
      return {
        channel: m.get('Channel') ?? '',
        uniqueid: m.get('Uniqueid') ?? '',
        linkedid: m.get('Linkedid') ?? '',
        callerNum: m.get('CallerIDNum') ?? '',
        callerName: m.get('CallerIDName') ?? '',
        exten: m.get('Exten') ?? '',
        application: m.get('Application') ?? '',
        applicationData: m.get('ApplicationData') ?? '',
        bridgeId: m.get('BridgeId') ?? '',
        state: m.get('ChannelStateDesc') ?? '',
        durationSeconds: h * 3600 + mi * 60 + s,
      };
    });
}

/** `PJSIP/1001-0000000a` → `PJSIP/1001`: the member interface behind an operator leg. */
export const interfaceOfChannel = (channel: string) => channel.replace(/-[0-9a-f]+$/i, '');
