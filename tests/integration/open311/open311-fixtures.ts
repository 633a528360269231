import { XMLParser } from 'fast-xml-parser';
import { api, login } from '../../helpers/http.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';

// An app with Redis (the rate limits are shared counts there), admin and supervisor signed in,
// and an Open311 key issued the way an admin does it.

export interface Open311Rig {
  app: TestApp;
  admin: string;
  supervisor: string;
  key: string;
  keyId: number;
  close(): Promise<void>;
}

export async function openRig(): Promise<Open311Rig> {
  const app = await startTestApp({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  const admin = await login(app.url, 'admin');
  const supervisor = await login(app.url, 'supervisor1');
  const made = await api<{ key: string; id: number }>(app.url, admin, 'POST', '/api/v1/open311/keys', {
    name: 'FixMyStreet test',
    perMinute: 1000,
  });
  if (made.status !== 201) throw new Error(`key: ${made.status}`);
  return { app, admin, supervisor, key: made.body.key, keyId: made.body.id, close: () => app.close() };
}

/** A GET under /open311/v2: status, content type, the raw text and, for JSON, the parsed body. */
export async function get(rig: Open311Rig, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${rig.app.url}/open311/v2/${path}`, { headers });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, body: type.includes('json') ? JSON.parse(text) : undefined };
}

/** POST requests as a form (what FixMyStreet sends) or as JSON. */
export async function post(rig: Open311Rig, file: string, fields: Record<string, string | string[]>, json = false) {
  let body: string;
  if (json) body = JSON.stringify(fields);
  else {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
    body = form.toString();
  }
  const res = await fetch(`${rig.app.url}/open311/v2/${file}`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body,
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, body: type.includes('json') ? JSON.parse(text) : undefined };
}

/** XML read back as FixMyStreet's XML::Simple does: the group tags' items always lists. */
const LISTS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format']);
const parser = new XMLParser({ isArray: (name) => LISTS.has(name), parseTagValue: false });
export const parseXml = (text: string) => parser.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
