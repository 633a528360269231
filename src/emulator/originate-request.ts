// One AMI Originate as the emulator reads it (shared by ami-originate.ts and originate-citizen.ts).

export interface OriginateRequest {
  dial: string;
  endpoint?: string;
  app?: string;
  data: string;
  context: string;
  exten: string;
  priority: number;
  timeoutMs: number;
  cidNum: string;
  cidName: string;
  vars: Array<[string, string]>;
  /** ChannelId: the Uniqueid of the new channel (main/manager.c fast_originate, assignedids.uniqueid). */
  channelId: string;
}
