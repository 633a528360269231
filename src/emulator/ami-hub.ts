import { encodeAmiFields } from '../asterisk/ami/index.ts';
import type { Fields } from './channel.ts';
import { amiTimestamp } from './time-format.ts';

/** One logged-in AMI connection, as seen by the broadcaster. */
export interface AmiEventSink {
  wantsEvent(privilege: string): boolean;
  write(frame: string): void;
}

const CRLF = /[\r\n]/g;

/** Values come from callers and apps (names, variables): never let them split a frame. */
export function clean(fields: Fields): Fields {
  return fields.map(([k, v]) => (v.includes('\r') || v.includes('\n') ? [k, v.replace(CRLF, ' ')] : [k, v]));
}

export function encodeFrame(fields: Fields): string {
  return encodeAmiFields(clean(fields));
}

/**
 * Broadcasts events to every session whose read mask covers the event's class. Frames are only
 * built when someone listens, so demo traffic costs nothing with no AMI client connected.
 */
export class AmiHub {
  private readonly sinks = new Set<AmiEventSink>();
  /** In-process listeners (tests, debugging) get the same field lists the wire gets. */
  private readonly taps = new Set<(fields: Fields) => void>();

  add(sink: AmiEventSink): void {
    this.sinks.add(sink);
  }
  remove(sink: AmiEventSink): void {
    this.sinks.delete(sink);
  }
  tap(fn: (fields: Fields) => void): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  /** `Event`, `Privilege`, `Timestamp`, then the body — the layout of every timestamped event. */
  event(name: string, privilege: string, body: Fields): void {
    this.emit([['Event', name], ['Privilege', privilege], ['Timestamp', amiTimestamp()], ...body], privilege);
  }

  /** For the few events whose header differs (OriginateResponse puts ActionID after Timestamp). */
  raw(fields: Fields, privilege: string): void {
    this.emit(fields, privilege);
  }

  private emit(fields: Fields, privilege: string): void {
    if (this.sinks.size === 0 && this.taps.size === 0) return;
    for (const t of this.taps) t(fields);
    let frame: string | undefined;
    for (const s of this.sinks) {
      if (!s.wantsEvent(privilege)) continue;
      frame ??= encodeFrame(fields);
      s.write(frame);
    }
  }

  clear(): void {
    this.sinks.clear();
  }
}
