// Loading the real Asterisk captures in tests/fixtures/asterisk (see that folder's README.md).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../../fixtures/asterisk/', import.meta.url));

export const AMI_CAPTURES = [
  'ami-actions',
  'ami-agent-register',
  'ami-login-failure',
  'ami-queue-abandon',
  'ami-queue-call',
  'ami-queue-ringnoanswer',
  'ami-queue-then-stasis',
  'ami-stasis-survey',
] as const;

export type AmiCapture = (typeof AMI_CAPTURES)[number];

/** The exact bytes Asterisk sent. */
export function readRaw(name: AmiCapture): Buffer {
  return readFileSync(`${DIR}${name}.server.raw`);
}

/** The bytes Asterisk sent, in the TCP reads that really happened. */
export function readInChunks(name: AmiCapture): Buffer[] {
  return readFileSync(`${DIR}${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { dir: string; data: string })
    .filter((c) => c.dir === 'in')
    .map((c) => Buffer.from(c.data, 'utf8'));
}

export interface TxtEntry {
  /** 'in' = asterisk -> client, 'out' = client -> asterisk */
  dir: 'in' | 'out';
  text: string;
}

/** The readable transcript: each message with its direction, verbatim (CRLF kept); NOTE lines dropped. */
export function readTxt(name: AmiCapture): TxtEntry[] {
  const text = readFileSync(`${DIR}${name}.txt`, 'utf8');
  const out: TxtEntry[] = [];
  const parts = text.split(/^(#### .*)\r?\n/m);
  for (let i = 1; i < parts.length; i += 2) {
    const marker = parts[i]!;
    const body = parts[i + 1] ?? '';
    if (marker.startsWith('#### <<<')) out.push({ dir: 'in', text: body });
    else if (marker.startsWith('#### >>>')) out.push({ dir: 'out', text: body });
  }
  return out;
}

/** ActionID of a captured client message. */
export function actionIdOf(text: string): string | undefined {
  return /^ActionID: (.*)\r$/m.exec(text)?.[1];
}

export function actionOf(text: string): string | undefined {
  return /^Action: (.*)\r$/m.exec(text)?.[1];
}

/** One WebSocket text frame per line, exactly as received. */
export function readAriFrames(name: 'ari-stasis-survey' | 'ari-queue-then-stasis'): string[] {
  return readFileSync(`${DIR}${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

export interface AriHttpRecord {
  method: string;
  path: string;
  status: number;
  response_body: unknown;
}

export function readAriHttp(
  name: 'ari-rest-basics' | 'ari-stasis-survey.timeline' | 'ari-queue-then-stasis.timeline',
): AriHttpRecord[] {
  return readFileSync(`${DIR}${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AriHttpRecord & { kind?: string })
    .filter((r) => r.kind === undefined || r.kind === 'http');
}
