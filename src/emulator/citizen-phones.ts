import { HttpError, route, sendJson, type Route } from './http-util.ts';
import type { Pbx } from './ports.ts';

// Citizens' phones beyond the trunk: what each number does when cti137 calls it out (feedback,
// closure checks, callbacks). Set per number through the control API; unset numbers answer after 2 s.

export type CitizenAnswer = 'answer' | 'no-answer' | 'busy';

export interface CitizenBehaviour {
  answer: CitizenAnswer;
  /** Emulated ms until the phone answers (or signals busy). */
  afterMs: number;
  /** Digits keyed once answered; each ',' is a pause of one second (as in a dial string). */
  keys: string;
  /** Emulated ms after the answer before the first key. */
  keysDelayMs: number;
}

export const DEFAULT_CITIZEN: CitizenBehaviour = { answer: 'answer', afterMs: 2000, keys: '', keysDelayMs: 3000 };

const books = new WeakMap<Pbx, Map<string, CitizenBehaviour>>();

/** Same number whatever form it is dialled in: 09121234567, +989121234567, 00989121234567. */
export function citizenKey(number: string): string {
  const d = number.replace(/\D/g, '');
  if (d.startsWith('0098')) return `0${d.slice(4)}`;
  if (d.startsWith('98') && d.length === 12) return `0${d.slice(2)}`;
  return d;
}

export function citizenBehaviour(pbx: Pbx, number: string): CitizenBehaviour {
  return books.get(pbx)?.get(citizenKey(number)) ?? DEFAULT_CITIZEN;
}

export function forgetCitizens(pbx: Pbx): void {
  books.get(pbx)?.clear();
}

function parseBehaviour(body: unknown): CitizenBehaviour {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const answer = b.answer ?? 'answer';
  if (answer !== 'answer' && answer !== 'no-answer' && answer !== 'busy')
    throw new HttpError(400, '"answer" must be "answer", "no-answer" or "busy"');
  const ms = (key: string, dflt: number): number => {
    const v = b[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 600_000)
      throw new HttpError(400, `"${key}" must be 0 to 600000 (emulated ms)`);
    return v;
  };
  const keys = b.keys ?? '';
  if (typeof keys !== 'string' || !/^[0-9*#A-D,]{0,64}$/.test(keys))
    throw new HttpError(400, '"keys" must be up to 64 of 0-9, *, #, A-D and "," (a one-second pause)');
  return {
    answer,
    afterMs: ms('afterMs', answer === 'busy' ? 500 : DEFAULT_CITIZEN.afterMs),
    keys,
    keysDelayMs: ms('keysDelayMs', DEFAULT_CITIZEN.keysDelayMs),
  };
}

/** POST /control/citizens/:number (also under /_emulator/) sets it; GET reads it; DELETE resets it. */
export function citizenRoutes(pbx: Pbx): Route[] {
  const book = (): Map<string, CitizenBehaviour> => {
    let m = books.get(pbx);
    if (!m) books.set(pbx, (m = new Map()));
    return m;
  };
  const num = (n: string | undefined): string => {
    const k = citizenKey(n ?? '');
    if (k.length < 4 || k.length > 20) throw new HttpError(400, 'the number must have 4 to 20 digits');
    return k;
  };
  return ['/control', '/_emulator'].flatMap((base) => [
    route('POST', `${base}/citizens/:number`, (c) => {
      const b = parseBehaviour(c.body);
      book().set(num(c.params.number), b);
      sendJson(c.res, 200, { number: num(c.params.number), ...b });
    }),
    route('GET', `${base}/citizens/:number`, (c) =>
      sendJson(c.res, 200, { number: num(c.params.number), ...citizenBehaviour(pbx, num(c.params.number)) }),
    ),
    route('DELETE', `${base}/citizens/:number`, (c) => {
      book().delete(num(c.params.number));
      sendJson(c.res, 200, { number: num(c.params.number), ...DEFAULT_CITIZEN });
    }),
  ]);
}
