import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriageItem, TriageOffer } from '../../../src/triage/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { setState, signIn, type Operator } from '../../helpers/operators.ts';
import { openDesk } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';
import { hoodOfDistrict, registerPothole, unitIdOf } from '../office/office-fixtures.ts';

// An item about a request (as Open311 or the citizen page hand over: unclear category): offered to
// a ready operator, who corrects the category through POST /requests/:id/triage-fix (history
// old → new, re-referred to the unit the new category routes to) and closes the item.
describe('triage: correcting a request', () => {
  let app: TestApp;
  let op: Operator;
  let supervisor: string;
  let desk: Socket;
  const offers: TriageOffer[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    supervisor = await login(app.url, 'supervisor1');
    op = await signIn(app, 'operator1');
    await setState(app, op, 'ready');
    await setState(app, op, 'paused', 'break');
    desk = await openDesk(app.url, op.cookie);
    desk.on('triage:offer', (o: TriageOffer) => offers.push(o));
  });
  afterAll(async () => {
    desk?.close();
    await app?.close();
  });

  it('offers the item, re-routes the corrected category, keeps old → new in the history, closes it', async () => {
    const req = await registerPothole(app.db, app.url, supervisor, await hoodOfDistrict(app.db, 5));
    const roads = await unitIdOf(app.db, 'district-5-roads');
    const waste = await unitIdOf(app.db, 'district-5-waste');
    const before = await app.db.query(`SELECT unit_id FROM requests WHERE id = $1`, [req.id]);
    expect(before.rows[0]).toEqual({ unit_id: roads });
    const ins = await app.db.query<{ id: string }>(
      `INSERT INTO triage_items (source, request_id, text, reasons) VALUES ('open311', $1, 'زباله ریخته شده', '{unclear-category}')
       RETURNING id::text`,
      [req.id],
    );
    const itemId = ins.rows[0]!.id;
    await setState(app, op, 'ready');
    const offer = await waitFor(() => offers.find((o) => o.item.id === itemId), 10_000, 'the offer');
    expect(offer.item).toMatchObject({ requestId: req.id, trackingCode: req.trackingCode, source: 'open311' });
    expect(offer.history.requests).toEqual([]); // no phone: no history

    const garbage = (await app.db.query<{ id: number }>(`SELECT id FROM categories WHERE code = 'garbage-collection'`))
      .rows[0]!.id;
    const fixed = await api<{ id: string }>(app.url, op.cookie, 'POST', `/api/v1/requests/${req.id}/triage-fix`, {
      categoryId: garbage,
      note: 'موضوع اصلاح شد',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const after = await app.db.query(`SELECT category_id, unit_id, status FROM requests WHERE id = $1`, [req.id]);
    expect(after.rows[0]).toEqual({ category_id: garbage, unit_id: waste, status: 'referred' });
    const events = await app.db.query<{ kind: string; note: string | null; details: Record<string, unknown> }>(
      `SELECT kind, note, details FROM request_events WHERE request_id = $1 ORDER BY id`,
      [req.id],
    );
    const fix = events.rows.find((e) => e.details['triageFix']);
    expect(fix).toMatchObject({ kind: 'note', note: 'موضوع اصلاح شد' });
    expect(fix!.details['from']).toMatchObject({ categoryId: expect.any(Number) });
    expect((fix!.details['to'] as { categoryId: number }).categoryId).toBe(garbage);
    expect(events.rows.at(-1)).toMatchObject({ kind: 'referred' });

    const closed = await api<{ item: TriageItem }>(app.url, op.cookie, 'POST', `/api/v1/triage/${itemId}/resolve`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.item).toMatchObject({ status: 'done', resultRequestId: req.id });
    // Settled once: a second close is refused.
    expect((await api(app.url, op.cookie, 'POST', `/api/v1/triage/${itemId}/resolve`)).status).toBe(409);
    const list = await api<{ items: TriageItem[] }>(app.url, supervisor, 'GET', '/api/v1/triage?status=done');
    expect(list.body.items.map((i) => i.id)).toContain(itemId);
    expect((await api(app.url, op.cookie, 'GET', '/api/v1/triage')).status).toBe(403);
  });
});
