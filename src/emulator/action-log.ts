import type { AmiMessage } from '../asterisk/ami/index.ts';

export type LoggedAction =
  | { proto: 'ami'; action: string; fields: Record<string, string | string[]>; t: number }
  | {
      proto: 'ari';
      method: string;
      path: string;
      query: Record<string, string>;
      body: unknown;
      t: number;
    };

/** Cap so a demo left running for days does not grow without bound. */
const MAX_ENTRIES = 10_000;
const SECRET_KEYS = new Set(['secret', 'api_key', 'password']);

/**
 * Everything cti137 asked of the emulator, newest last — what tests assert on. Secrets are
 * masked: the log is served without authentication.
 */
export class ActionLog {
  private entries: LoggedAction[] = [];

  ami(msg: AmiMessage): void {
    const fields: Record<string, string | string[]> = {};
    for (const [k, raw] of msg.fields) {
      const v = SECRET_KEYS.has(k.toLowerCase()) ? '***' : raw;
      const prev = fields[k];
      if (prev === undefined) fields[k] = v;
      else fields[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    this.push({ proto: 'ami', action: msg.get('Action') ?? '', fields, t: Date.now() });
  }

  ari(method: string, path: string, query: URLSearchParams, body: unknown): void {
    const q: Record<string, string> = {};
    for (const [k, v] of query) q[k] = SECRET_KEYS.has(k.toLowerCase()) ? '***' : v;
    this.push({ proto: 'ari', method, path, query: q, body: body ?? null, t: Date.now() });
  }

  list(): LoggedAction[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }

  private push(e: LoggedAction): void {
    this.entries.push(e);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
}
