import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import type { Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import {
  callIntoQueue,
  callReachingOperator,
  hangUpCaller,
  hangUpPhone,
  live,
  press,
  talkFor,
} from '../../helpers/calls.ts';
import { emulator } from '../../helpers/emulator-control.ts';
import { waitForPlay } from '../../helpers/ivr.ts';
import { readyOperator, setState } from '../../helpers/operators.ts';
import { answersOf, callIdOf, finishedResponse } from '../../helpers/records.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** GET /metrics as a client at `remoteAddress` would send it (fastify inject: no socket of its own). */
async function scrape(app: TestApp, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) {
  const r = await app.http.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  return { status: r.statusCode, type: String(r.headers['content-type']), body: r.body };
}

/** The value of one series, e.g. `cti137_calls_offered_total{server="pbx1",queue="q137"}`; undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const metric = async (app: TestApp, series: string) => value((await scrape(app)).body, series);

/** Metrics of one node after real calls through the emulator: what a Prometheus scrape would read. */
describe('GET /metrics', () => {
  let app: TestApp;
  let desk: Socket | undefined;

  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN: TOKEN, METRICS_ALLOW: '10.9.0.0/16,192.0.2.7' });
  });
  afterAll(async () => {
    desk?.close();
    await app?.close();
  });

  it('counts a call offered, answered and surveyed, observes its screen-pop and shows the desk socket', async () => {
    const op = await readyOperator(app, 'operator1');
    desk = await openDesk(app.url, op.cookie);
    const before = await scrape(app);
    expect(before.status).toBe(200);
    expect(before.type).toContain('text/plain');
    expect(value(before.body, 'cti137_screen_pop_latency_seconds_count')).toBe(0);
    expect(value(before.body, 'cti137_survey_answers_total')).toBe(0);

    const channelId = await callReachingOperator(app, '09121230001', '1001');
    await talkFor(app, channelId, 11);
    await hangUpPhone(app, '1001');
    await waitForPlay(app, channelId, 'cti137/survey-courtesy');
    await press(app, channelId, '5');
    await waitForPlay(app, channelId, 'cti137/survey-registered');
    await press(app, channelId, '1');
    const response = await finishedResponse(app, await callIdOf(app, channelId));
    expect(await answersOf(app, response.id)).toHaveLength(2);

    const text = (await scrape(app)).body;
    expect(value(text, 'cti137_calls_offered_total{server="pbx1",queue="q137"}')).toBe(1);
    expect(value(text, 'cti137_calls_answered_total{server="pbx1",queue="q137"}')).toBe(1);
    expect(value(text, 'cti137_screen_pop_latency_seconds_count')).toBe(1);
    // The one pop took a real time: within the largest bucket, more than nothing.
    expect(value(text, 'cti137_screen_pop_latency_seconds_sum')).toBeGreaterThan(0);
    expect(value(text, 'cti137_screen_pop_latency_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(value(text, 'cti137_survey_answers_total')).toBe(2);
    expect(value(text, 'cti137_sockets{namespace="/desk"}')).toBe(1);
    expect(value(text, 'cti137_pbx_link_up{server="pbx1",link="ami"}')).toBe(1);
    expect(value(text, 'cti137_pbx_reconnects_total{server="pbx1",link="ami"}')).toBe(0);
    expect(value(text, 'cti137_lease_changes_total{server="pbx1"}')).toBe(0);
    // The pool, the job queue and the process (event-loop lag) are there, with plausible values.
    expect(value(text, 'cti137_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(value(text, 'cti137_db_pool_connections{state="waiting"}')).toBe(0);
    expect(value(text, 'cti137_job_queue_jobs{queue="cti137-timers",state="failed"}')).toBe(0);
    expect(value(text, 'cti137_job_queue_jobs{queue="cti137-timers",state="delayed"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'cti137_outbound_calls_dialling')).toBe(0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // Our own registry: prom-client's global one (shared by every app in a process) holds none of ours.
    expect(await globalRegistry.metrics()).not.toContain('cti137_');
    await setState(app, op, 'logged-out');
    desk.close();
    await waitFor(async () => (await metric(app, 'cti137_sockets{namespace="/desk"}')) === 0, 5000, 'desk socket gone');
  });

  it('shows a caller waiting, then counts the abandon when they hang up', async () => {
    // Nobody is ready: the caller waits in q137.
    const channelId = await callIntoQueue(app, '09121230002');
    await waitFor(
      async () => (await metric(app, 'cti137_queue_waiting_callers{server="pbx1",queue="q137"}')) === 1,
      5000,
      'one caller waiting',
    );
    await hangUpCaller(app, channelId);
    await waitFor(() => live(app, channelId) === undefined, 10_000, 'call over');
    const text = (await scrape(app)).body;
    expect(value(text, 'cti137_calls_abandoned_total{server="pbx1",queue="q137"}')).toBe(1);
    expect(value(text, 'cti137_calls_offered_total{server="pbx1",queue="q137"}')).toBe(2);
    expect(value(text, 'cti137_queue_waiting_callers{server="pbx1",queue="q137"}') ?? 0).toBe(0);
  });

  it('counts an AMI reconnect after the link drops', async () => {
    await emulator(app, 'POST', '/_emulator/ami/drop');
    await waitFor(
      async () => (await metric(app, 'cti137_pbx_reconnects_total{server="pbx1",link="ami"}')) === 1,
      10_000,
      'AMI reconnect counted',
    );
    expect(await metric(app, 'cti137_pbx_reconnects_total{server="pbx1",link="ari"}')).toBe(0);
  });

  it('answers loopback, listed addresses and the token only', async () => {
    expect((await scrape(app, '127.0.0.1')).status).toBe(200);
    expect((await scrape(app, '::1')).status).toBe(200);
    expect((await scrape(app, '10.9.44.2')).status).toBe(200);
    expect((await scrape(app, '192.0.2.7')).status).toBe(200);
    const outsider = await scrape(app, '203.0.113.5');
    expect(outsider.status).toBe(403);
    expect(JSON.parse(outsider.body).error.code).toBe('FORBIDDEN');
    expect(outsider.body).not.toContain('cti137_');
    expect((await scrape(app, '192.0.2.8')).status).toBe(403);
    expect((await scrape(app, '203.0.113.5', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    const wrong = await scrape(app, '203.0.113.5', { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    // A wrong token is refused even from loopback: whoever sends one meant to use it.
    expect((await scrape(app, '127.0.0.1', { authorization: 'Bearer nope' })).status).toBe(401);
  });
});
