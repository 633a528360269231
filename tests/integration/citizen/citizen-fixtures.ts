// (The code's SMS is one UCS-2 segment, 55 characters: each message is one `received` entry.)
// Set-up for the citizen page's tests: cti137 with SMS through a real SMSC (the `smpp` server of
// tests/integration/sms/smsc.ts), calls to /citizen/api with no cookie, and the code read from the
// SMS the SMSC received, as the citizen reads it on their phone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../src/db/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/wait.ts';
import { PASSWORD, startSmsc, SYSTEM_ID, type Smsc } from '../sms/smsc.ts';

export { REDIS_URL } from '../office/office-fixtures.ts';

export interface CitizenRig {
  app: TestApp;
  smsc: Smsc;
  /** ATTACHMENTS_DIR of this app (a folder of its own). */
  attachmentsDir: string;
  close(): Promise<void>;
}

export async function startCitizenRig(env: Record<string, string> = {}, feedbackDelayMs?: number): Promise<CitizenRig> {
  const smsc = await startSmsc();
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'cti137-citizen-'));
  const sms = { SMS_SMPP_URL: `smpp://${SYSTEM_ID}:${PASSWORD}@127.0.0.1:${smsc.port}`, SMS_SENDER: '10005137' };
  const app = await startTestApp({ ...sms, ATTACHMENTS_DIR: attachmentsDir, ...env }, { feedbackDelayMs });
  return {
    app,
    smsc,
    attachmentsDir,
    async close() {
      await app.close();
      await smsc.close();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A call to the public API as a phone's browser makes it: no cookie, JSON. */
export async function pub<T = Record<string, unknown>>(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));

/** The code in the newest SMS to `national` (09…) after `seen` messages: as the citizen reads it. */
export async function codeSentTo(smsc: Smsc, national: string, seen = 0): Promise<string> {
  const tail = national.slice(1);
  const msg = await waitFor(
    () =>
      smsc.received
        .filter((m) => m.destination.endsWith(tail) && m.text.includes('کد تأیید'))
        .slice(seen)
        .at(-1),
    20_000,
    `a code SMS to ${national}`,
  );
  const m = /(\d{6})/.exec(toLatin(msg.text));
  if (!m) throw new Error(`no code in ${msg.text}`);
  return m[1]!;
}

export function codesSentTo(smsc: Smsc, national: string): number {
  const tail = national.slice(1);
  return smsc.received.filter((m) => m.destination.endsWith(tail) && m.text.includes('کد تأیید')).length;
}

export async function categoryId(db: Db, code: string): Promise<number> {
  const r = await db.query<{ id: number }>(`SELECT id FROM categories WHERE code = $1`, [code]);
  return r.rows[0]!.id;
}

export async function hoodOf(db: Db, districtPosition: number, nth = 0): Promise<number> {
  const r = await db.query<{ id: number }>(
    `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id WHERE d.position = $1 ORDER BY n.id OFFSET $2 LIMIT 1`,
    [districtPosition, nth],
  );
  return r.rows[0]!.id;
}
