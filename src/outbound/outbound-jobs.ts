// The outbound engine's jobs, by declaration merging into the app's job table (src/jobs).

export interface OutboundDialJob {
  id: string;
  /** The planned moment (ms): a job for an older plan of the same call finds the row moved and does nothing. */
  at: number;
}

export interface OutboundWatchJob {
  id: string;
  attempt: number;
}

declare module '../jobs/index.ts' {
  interface JobPayloads {
    'outbound-dial': OutboundDialJob;
    'outbound-watch': OutboundWatchJob;
  }
}

/** One job per call and plan (BullMQ ignores a second add with the same id: cluster-safe). */
export const dialJobId = (id: string, at: number): string => `outbound-${id}-${at}`;
export const watchJobId = (id: string, attempt: number): string => `outbound-watch-${id}-${attempt}`;

/** Our ChannelId on the first leg: DialEnd/OriginateResponse of that leg name the call and attempt. */
export const channelIdOf = (id: string, attempt: number): string => `cti137-out-${id}-${attempt}`;
export function parseChannelId(uniqueid: string | undefined): { id: string; attempt: number } | null {
  const m = /^cti137-out-(\d+)-(\d+)$/.exec(uniqueid ?? '');
  return m ? { id: m[1]!, attempt: Number(m[2]) } : null;
}
