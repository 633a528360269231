// Building outgoing action frames and naming the kinds of bad input the client skips.

import { type AmiFieldInput, type AmiParseProblem, encodeAmiFields } from './ami-codec.ts';

/**
 * Malformed input that was skipped. The codec's line-level problems, plus two the client finds at
 * message level: a frame cut short that ran into the next one, and a message that is neither an
 * event nor a response.
 */
export type AmiProblem =
  AmiParseProblem | { kind: 'truncated-message'; keys: string[] } | { kind: 'not-event-or-response'; keys: string[] };

/**
 * `Action` and `ActionID` always come first and are ours: a caller's own `Action`/`ActionID` keys
 * in `fields` are dropped so correlation can never be confused. Arrays become repeated keys
 * (`Variable: A=1`, `Variable: B=2`). Throws AmiHeaderInjectionError on CR/LF anywhere.
 */
export function buildActionFrame(action: string, actionId: string, fields: AmiFieldInput): string {
  const list: Array<[string, string]> = [
    ['Action', action],
    ['ActionID', actionId],
  ];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower === 'action' || lower === 'actionid') continue;
    if (Array.isArray(value)) for (const item of value) list.push([key, String(item)]);
    else list.push([key, String(value)]);
  }
  return encodeAmiFields(list);
}
