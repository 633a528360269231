// Privacy of the desk: a screen-pop (a citizen's number and history) reaches only the operator
// whose phone rings, whatever another desk sends; every view of a citizen's history is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { DeskSnapshot, ScreenPop } from '../../../src/agent-desk/index.ts';
import type { Ack } from '../../../src/shared/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { answerPhone, finishCall, placeCall } from '../../helpers/calls.ts';
import { api, login } from '../../helpers/http.ts';
import { setState, untilState } from '../../helpers/operators.ts';
import { watchQueries } from '../../helpers/probes.ts';
import { connected, connectOutcome, deskSocket, disconnected } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';

const CALLER = '09151234567';
const CALLER_E164 = '+989151234567';

/** Every server → desk event a socket received, in order. */
function recorder(s: Socket): Array<[string, unknown]> {
  const got: Array<[string, unknown]> = [];
  s.onAny((event: string, payload: unknown) => got.push([event, payload]));
  return got;
}

/** The connect error of a socket the server refuses (or null if it was let in). */
async function refusal(url: string, opts: Parameters<typeof ioClient>[1]): Promise<string | null> {
  // forceNew: never reuse another socket's connection (and so its cookie).
  const s = ioClient(`${url}/desk`, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  try {
    const outcome = await connectOutcome(s);
    return outcome === 'connected' ? null : outcome;
  } finally {
    s.close();
  }
}

const resync = (s: Socket, ...args: unknown[]) =>
  s
    .timeout(2000)
    .emitWithAck('resync', ...args)
    .then(
      (r: Ack<DeskSnapshot>) => r,
      () => null,
    );

describe('desk privacy', () => {
  let app: TestApp;
  let op1: { cookie: string; id: string; userId: string; socket: Socket; got: Array<[string, unknown]> };
  let op2: { cookie: string; id: string; userId: string; socket: Socket; got: Array<[string, unknown]> };
  let categoryId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const open = async (username: string, ext: string) => {
      const cookie = await login(app.url, username);
      const info = app.directory.byInterface(`PJSIP/${ext}`)!;
      const socket = deskSocket(app.url, cookie);
      const got = recorder(socket);
      await connected(socket);
      return { cookie, id: info.id, userId: info.userId, socket, got };
    };
    [op1, op2] = await Promise.all([open('operator1', '1001'), open('operator2', '1002')]);
    const cats = await api<Array<{ id: string; parentId: string | null; hazard: boolean }>>(
      app.url,
      op1.cookie,
      'GET',
      '/api/v1/categories',
    );
    categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
    // The caller is a known citizen: an earlier request registered by phone.
    const earlier = await api(app.url, op1.cookie, 'POST', '/api/v1/requests', {
      phone: CALLER,
      categoryId,
      description: 'چراغ کوچه خاموش است',
    });
    expect(earlier.status).toBe(201);
  });

  afterAll(async () => {
    op1?.socket.close();
    op2?.socket.close();
    await app?.close();
  });

  it('refuses a desk socket without an operator session, whatever identity it claims', async () => {
    const claim = { operatorId: op1.id, userId: op1.userId };
    expect(await refusal(app.url, { auth: claim, query: claim })).toMatch(/^UNAUTHENTICATED/);
    expect(await refusal(app.url, { extraHeaders: { cookie: 'cti137_session=forged' }, auth: claim })).toMatch(
      /^UNAUTHENTICATED/,
    );
    const supervisor = await login(app.url, 'supervisor1');
    expect(await refusal(app.url, { extraHeaders: { cookie: supervisor }, auth: claim })).toMatch(/^FORBIDDEN/);
  });

  it('sends the pop only to the ringing operator; forged operator ids from another desk change nothing', async () => {
    // operator2 is signed in with a desk open, but is not in the queue; operator1 is ready.
    await setState(app, op1, 'ready');
    const forged = { operatorId: op1.id, userId: op1.userId, room: `op:${op1.id}`, extension: '1001' };
    // operator2's desk tries to pass for operator1 on events it may and may not send.
    for (const event of ['join', 'subscribe', 'screen-pop', 'call:answered', 'operator:state', 'hello'])
      op2.socket.emit(event, forged);
    const claimed = await resync(op2.socket, forged);
    // Refused, with a reason — never operator1's desk.
    expect(claimed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    const call = await placeCall(app, CALLER);
    await untilState(app, '1001', 'ringing');
    await waitFor(() => op1.got.some(([e]) => e === 'screen-pop'), 5000, 'operator1 pop');
    const pop = op1.got.find(([e]) => e === 'screen-pop')![1] as ScreenPop;
    expect(pop.caller.phone).toBe(CALLER_E164);
    expect(pop.history.requests).toHaveLength(1);

    // operator2 asks again for "operator1's" picture while the call rings and is answered.
    expect(await resync(op2.socket, { operatorId: op1.id })).toMatchObject({ ok: false });
    expect(await resync(op1.socket, { operatorId: op2.id })).toMatchObject({ ok: false });
    await answerPhone(app, '1001');
    await waitFor(() => op1.got.some(([e]) => e === 'call:answered'), 5000, 'operator1 answered');

    // operator2's own picture: their own desk, no call.
    const own = await resync(op2.socket);
    expect(own?.ok).toBe(true);
    if (own?.ok) {
      expect(own.data.operator.id).toBe(op2.id);
      expect(own.data.currentCall).toBeNull();
    }
    // operator1's own picture has the call.
    const mine = await resync(op1.socket);
    expect(mine?.ok && mine.data.currentCall?.caller.phone).toBe(CALLER_E164);

    await finishCall(app, '1001', call);
    // Nothing of operator1's call ever reached operator2's socket.
    const leaked = op2.got.filter(([e, p]) => e !== 'operator:state' || JSON.stringify(p).includes(CALLER_E164));
    expect(leaked).toEqual([]);
    expect(JSON.stringify(op2.got)).not.toContain('915');
  });

  it("audits every look at a citizen's history: the screen-pop and a phone search", async () => {
    const rows = async (action: string) =>
      (
        await app.db.query<{ user_id: string; target: string }>(
          `SELECT user_id::text, target FROM audit_log WHERE action = $1 ORDER BY id`,
          [action],
        )
      ).rows;
    const citizen = await app.db.query<{ id: string }>(`SELECT id::text FROM citizens WHERE phone_e164 = $1`, [
      CALLER_E164,
    ]);
    // The pop of the previous test was shown to operator1 about this citizen.
    // (One row per pop: a ring that ran out and rang again popped, and was logged, again.)
    await waitFor(async () => (await rows('screen-pop')).length > 0, 5000, 'screen-pop audit row');
    const pops = await rows('screen-pop');
    expect(new Set(pops.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ user_id: op1.userId, target: `citizen:${citizen.rows[0]!.id}` })]),
    );

    // operator1's desk asked for its picture during the call (previous test): the history it
    // got again is a view too. operator2's resyncs carried no call and wrote nothing.
    expect(await rows('screen-pop-resync')).toEqual([
      { user_id: op1.userId, target: `citizen:${citizen.rows[0]!.id}` },
    ]);

    const found = await api<Array<{ id: string; trackingCode: string }>>(
      app.url,
      op2.cookie,
      'GET',
      `/api/v1/requests?phone=${encodeURIComponent('۰۹۱۵ ۱۲۳ ۴۵۶۷')}`,
    );
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(1);
    expect(await rows('citizen-history-viewed')).toEqual([{ user_id: op2.userId, target: CALLER_E164 }]);

    // A look by tracking code and at the request itself, over HTTP.
    const requestId = found.body[0]!.id;
    expect(
      (await api(app.url, op2.cookie, 'GET', `/api/v1/requests?trackingCode=${found.body[0]!.trackingCode}`)).status,
    ).toBe(200);
    expect((await api(app.url, op1.cookie, 'GET', `/api/v1/requests/${requestId}`)).status).toBe(200);
    expect(await rows('request-viewed')).toEqual([
      { user_id: op2.userId, target: `request:${requestId}` },
      { user_id: op1.userId, target: `request:${requestId}` },
    ]);
  });

  it('shows no history it could not audit: no pop, and a refused resync', async () => {
    // Any audit row of a desk view fails from now on (as if audit_log could not be written).
    await app.db.query(`CREATE FUNCTION refuse_desk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action IN ('screen-pop', 'screen-pop-resync') THEN RAISE EXCEPTION 'audit refused by test'; END IF; RETURN NEW; END $$`);
    await app.db.query(
      `CREATE TRIGGER refuse_desk_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_desk_audit()`,
    );
    try {
      const pops = () => op1.got.filter(([e]) => e === 'screen-pop').length;
      const before = pops();
      await setState(app, op1, 'ready');
      const audits = watchQueries(app, /INSERT INTO audit_log/);
      const call = await placeCall(app, CALLER);
      await untilState(app, '1001', 'ringing');
      await answerPhone(app, '1001');
      // The pop leaves only after its audit row is written; here the write is refused.
      await waitFor(() => audits.failed > 0, 5000, 'the screen-pop audit refused');
      audits.stop();
      // The desk still holds the previous call (kept for its wrap-up): its history is refused too.
      // (A round trip on the desk's socket: a pop sent before it would have arrived first.)
      const snap = await resync(op1.socket);
      expect(pops()).toBe(before);
      expect(snap).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(JSON.stringify(snap)).not.toContain('915');
      await finishCall(app, '1001', call);
    } finally {
      await app.db.query(`DROP TRIGGER refuse_desk_audit ON audit_log; DROP FUNCTION refuse_desk_audit()`);
    }
  });

  it('closes the desk sockets of an operator who signs out; the ended session cannot reconnect', async () => {
    // A second tab (its own session) forgotten on a shared PC; the operator signs out there.
    const forgotten = await login(app.url, 'operator2');
    const tab = deskSocket(app.url, forgotten);
    try {
      await connected(tab);
      const closed = disconnected(tab, 3000).catch(() => 'still connected');
      expect((await api(app.url, forgotten, 'POST', '/api/v1/auth/logout')).status).toBe(204);
      expect(await closed).toBe('io server disconnect');
      expect(await refusal(app.url, { extraHeaders: { cookie: forgotten } })).toMatch(/^UNAUTHENTICATED/);
      // The operator's other, still valid session gets back in.
      expect(await refusal(app.url, { extraHeaders: { cookie: op2.cookie } })).toBeNull();
    } finally {
      tab.close();
    }
  });
});
