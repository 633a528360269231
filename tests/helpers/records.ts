// What the server stored, read straight from the database: a row polled for until it is there
// (the recorder writes behind the live state), and the call, ring, interval and survey rows the
// tests check.
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import type { Operator } from './operators.ts';
import { live } from './calls.ts';
import { waitFor } from './wait.ts';

/** Polls a query until it returns a row; returns that row. */
export async function waitForRow<R extends object>(
  app: Pick<TestApp, 'db'>,
  sql: string,
  params: unknown[],
  what: string,
  timeoutMs = 10_000,
): Promise<R> {
  return waitFor(async () => (await app.db.query<R & object>(sql, params)).rows[0], timeoutMs, what);
}

/** The call record's id once the recorder has written it. */
export async function callIdOf(app: TestApp, linkedid: string): Promise<string> {
  const row = await waitForRow<{ id: string }>(
    app,
    `SELECT id::text FROM calls WHERE linkedid = $1`,
    [linkedid],
    'call record',
  );
  return row.id;
}

/** A stored call, every column (ids as text). */
export type CallRow = Record<string, unknown> & { id: string; operator_id: string | null };

/** The call record once the caller has gone and the recorder has written everything. */
export async function finishedCall(app: TestApp, linkedid: string): Promise<CallRow> {
  await waitFor(() => live(app, linkedid) === undefined, 10_000, 'call over');
  await app.recorder.flush();
  const r = await app.db.query<CallRow>(
    `SELECT *, id::text AS id, operator_id::text AS operator_id FROM calls WHERE linkedid = $1`,
    [linkedid],
  );
  expect(r.rowCount).toBe(1);
  return r.rows[0]!;
}

/** The call's ring attempts as stored, oldest first, as `interface:outcome`. */
export async function ringsOf(app: TestApp, callId: string): Promise<string[]> {
  const r = await app.db.query<{ interface: string; outcome: string }>(
    `SELECT interface, outcome FROM call_ring_attempts WHERE call_id = $1 ORDER BY started_at, id`,
    [callId],
  );
  return r.rows.map((x) => `${x.interface}:${x.outcome}`);
}

/** The operator's stored state intervals, oldest first, as `state(reason)`. */
export async function intervalsOf(app: TestApp, op: Pick<Operator, 'id'>): Promise<string[]> {
  const r = await app.db.query<{ state: string; reason: string | null }>(
    `SELECT state, reason FROM operator_state_intervals WHERE operator_id = $1 ORDER BY started_at, id`,
    [op.id],
  );
  return r.rows.map((x) => (x.reason ? `${x.state}(${x.reason})` : x.state));
}

export interface StoredResponse {
  id: string;
  status: string;
  flags: string[];
  operator_id: string | null;
}

export async function responseOf(app: TestApp, callId: string): Promise<StoredResponse | undefined> {
  const r = await app.db.query<StoredResponse>(
    `SELECT id::text, status, flags, operator_id::text FROM survey_responses WHERE call_id = $1`,
    [callId],
  );
  return r.rows[0];
}

/** Waits until the survey of this call has ended (finished_at set); returns the response. */
export async function finishedResponse(app: TestApp, callId: string): Promise<StoredResponse> {
  return waitForRow<StoredResponse>(
    app,
    `SELECT id::text, status, flags, operator_id::text FROM survey_responses WHERE call_id = $1 AND finished_at IS NOT NULL`,
    [callId],
    'survey finished',
  );
}

/** Answers of a response: question code, version and value, in question order. */
export async function answersOf(
  app: TestApp,
  responseId: string,
): Promise<Array<{ code: string; version: number; value: number }>> {
  const r = await app.db.query<{ code: string; version: number; value: number }>(
    `SELECT q.code, q.version, a.value FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id WHERE a.response_id = $1 ORDER BY q.position`,
    [responseId],
  );
  return r.rows;
}
