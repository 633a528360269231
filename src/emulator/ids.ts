import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Asterisk's identifiers. Uniqueid is `<epoch of creation>.<global sequence>`; the sequence is
 * shared by every channel (Local channels take two), while channel-name suffixes are per driver
 * and printed as 8 lowercase hex digits. A restart starts all counters again from 0.
 */
export class IdAllocator {
  private seq = 0;
  private pjsip = 0;
  private local = 0;

  uniqueid(nowMs: number = Date.now()): string {
    return `${Math.floor(nowMs / 1000)}.${this.seq++}`;
  }

  /** `00000000`, `0000000a`, … for `PJSIP/trunk-00000000`. */
  channelSuffix(tech: 'PJSIP' | 'Local'): string {
    const n = tech === 'PJSIP' ? this.pjsip++ : this.local++;
    return n.toString(16).padStart(8, '0');
  }

  reset(): void {
    this.seq = 0;
    this.pjsip = 0;
    this.local = 0;
  }
}

export const uuid = (): string => randomUUID();

/** AMI `SessionID: 0x7f90b8001d40`. */
export function sessionId(): string {
  return `0x7f90${randomBytes(4).toString('hex')}`;
}

/** A SIP Call-ID in the shape sipp produced for the trunk: `1-22327@127.0.0.2`. */
export function trunkCallId(): string {
  return `${1 + Math.floor(Math.random() * 9)}-${10000 + Math.floor(Math.random() * 89999)}@127.0.0.2`;
}
