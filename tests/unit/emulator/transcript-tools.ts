import { readFileSync } from 'node:fs';
import { AmiParser, type AmiMessage } from '../../../src/asterisk/ami/ami-codec.ts';

const FIXTURES = new URL('../../fixtures/emulator/', import.meta.url);

/** Every message Asterisk sent in a `*.server.raw` capture. */
export function loadRaw(name: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  const parser = new AmiParser({ message: (m) => out.push(m) }, { expectBanner: true });
  parser.push(readFileSync(new URL(name, FIXTURES)));
  return out;
}

export function loadJsonl(name: string): Array<Record<string, unknown>> {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export const keys = (m: AmiMessage): string[] => m.fields.map(([k]) => k);

/** A readable label: VarSet and Newexten carry their variable/application, dial events their status. */
export function label(m: AmiMessage): string {
  const e = m.event ?? '';
  if (e === 'VarSet') return `VarSet:${m.get('Variable')}`;
  if (e === 'Newexten') return `Newexten:${m.get('Application')}`;
  if (e === 'DialEnd' || e === 'DialState') return `${e}:${m.get('DialStatus')}`;
  if (e === 'Newstate') return `Newstate:${m.get('ChannelStateDesc')}`;
  return e;
}

/** Noise that only a real media stack produces, and Cdr whose place around Hangup varies. */
const IGNORED = new Set(['RTCPSent', 'RTCPReceived', 'Cdr']);

/**
 * Labels of the events of one channel (its own channel block first, so AgentCalled & co count for
 * the caller), from the first label matching `from` up to and including the first matching `to`.
 */
export function channelSequence(msgs: AmiMessage[], uniqueid: string, from?: string, to?: string): string[] {
  const all = msgs
    .filter((m) => m.event !== undefined && !IGNORED.has(m.event) && m.get('Uniqueid') === uniqueid)
    .map(label);
  const start = from ? all.indexOf(from) : 0;
  const rest = all.slice(Math.max(0, start));
  const end = to ? rest.indexOf(to) : -1;
  return end === -1 ? rest : rest.slice(0, end + 1);
}

export function firstEvent(
  msgs: AmiMessage[],
  name: string,
  pred: (m: AmiMessage) => boolean = () => true,
): AmiMessage {
  const m = msgs.find((x) => x.event === name && pred(x));
  if (!m) throw new Error(`no ${name} event`);
  return m;
}

/** Event name → its Privilege line, for every timestamped event in a capture. */
export function privileges(msgs: AmiMessage[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of msgs) {
    const p = m.get('Privilege');
    if (m.event && p) out.set(m.event, p);
  }
  return out;
}
