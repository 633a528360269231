import type { MemberFacts } from './queue-types.ts';

// The few typed telephony events the CTI state needs, made from AMI frames by telephony-parse.ts
// (which events are wanted at all: telephony-filter.ts).

export interface Base {
  serverId: string;
  /** Event time from Asterisk's Timestamp field (ms since epoch); our clock if absent. */
  at: number;
}
export interface ChannelRef {
  channel: string;
  uniqueid: string;
  linkedid: string;
  callerNum: string;
  callerName: string;
}
export interface MemberRef {
  queue: string;
  interface: string;
  memberName: string;
}

export type TelephonyEvent =
  | (Base & ChannelRef & { type: 'channel-new'; context: string; exten: string })
  | (Base & ChannelRef & { type: 'channel-hangup'; cause: number; causeTxt: string })
  /**
   * HangupRequest (the far end hung up) or SoftHangupRequest (the dialplan, AMI or ARI did).
   * A soft request's cause is the AST_SOFTHANGUP_* flag: 4 only from ast_softhangup_all(), i.e.
   * Asterisk shutting down or restarting (`core restart now`).
   */
  | (Base & ChannelRef & { type: 'hangup-request'; soft: boolean; cause: number })
  | (Base & ChannelRef & { type: 'queue-join'; queue: string; position: number; count: number })
  | (Base & ChannelRef & { type: 'queue-leave'; queue: string; position: number; count: number })
  | (Base &
      ChannelRef & {
        type: 'queue-abandon';
        queue: string;
        position: number;
        originalPosition: number;
        holdTime: number;
      })
  | (Base &
      ChannelRef &
      MemberRef & {
        type: 'agent-called';
        destChannel: string;
        destUniqueid: string;
        /** Found ringing at a resync (its AgentCalled came before this node's link). */
        rebuilt?: boolean;
      })
  | (Base & ChannelRef & MemberRef & { type: 'agent-ring-no-answer'; destChannel: string; ringTimeMs: number })
  | (Base &
      ChannelRef &
      MemberRef & {
        type: 'agent-connect';
        destChannel: string;
        destUniqueid: string;
        holdTime: number;
        ringTime: number;
      })
  | (Base &
      ChannelRef &
      MemberRef & { type: 'agent-complete'; destChannel: string; holdTime: number; talkTime: number; reason: string })
  | (Base & ChannelRef & MemberRef & { type: 'agent-dump'; destChannel: string })
  | (Base &
      MemberRef & {
        type: 'member-status';
        status: number;
        paused: boolean;
        pausedReason: string;
        inCall: boolean;
        stateInterface: string;
        facts: MemberFacts;
      })
  | (Base & MemberRef & { type: 'member-pause'; paused: boolean; reason: string })
  | (Base &
      MemberRef & { type: 'member-added'; paused: boolean; pausedReason: string; status: number; facts: MemberFacts })
  | (Base & MemberRef & { type: 'member-removed' })
  | (Base & ChannelRef & { type: 'hold' | 'unhold' })
  | (Base & ChannelRef & { type: 'dial-begin'; destChannel: string; destUniqueid: string; destCallerName: string })
  | (Base & ChannelRef & { type: 'dial-end'; destChannel: string; destCallerName: string; status: string })
  | (Base & {
      type: 'blind-transfer';
      result: string;
      transfererChannel: string;
      linkedid: string;
      transfereeLinkedid: string;
      extension: string;
      context: string;
    })
  | (Base & {
      type: 'attended-transfer';
      result: string;
      origTransfererChannel: string;
      origLinkedid: string;
      secondLinkedid: string;
      transfereeChannel: string;
      transfereeLinkedid: string;
      targetChannel: string;
      targetCallerName: string;
    })
  | (Base & { type: 'fully-booted' })
  /** Event: Shutdown, Asterisk's last word before it exits (after every channel's Hangup). */
  | (Base & { type: 'pbx-shutdown'; restart: boolean });

export type TelephonyEventType = TelephonyEvent['type'];
