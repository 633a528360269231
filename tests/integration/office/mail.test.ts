import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { login } from '../../helpers/http.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';
import { addUser, hoodOfDistrict, notifications, REDIS_URL, registerPothole } from './office-fixtures.ts';

interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Quoted-printable (and the Q of encoded words) to UTF-8 text. */
function fromQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const flat = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    const hex = flat.slice(i + 1, i + 3);
    if (flat[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(flat[i]!));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The message as a reader sees it: the Subject's encoded words and the body's transfer encoding undone. */
function readMessage(raw: string): Omit<Received, 'to'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const words = (s: string) =>
    s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, t: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(t, 'base64').toString('utf8') : fromQuotedPrintable(t.replace(/_/g, ' ')),
    );
  const cte = header('content-transfer-encoding').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? fromQuotedPrintable(body)
        : body;
  return { from: words(header('from')), subject: words(header('subject')), text };
}

// Notifications by e-mail through a real SMTP server (smtp-server on a free port): the unit's
// people with an address get the message with the tracking code, in Persian and English; a refusal
// by the server is retried by the queue and never holds up the bell.
describe('notification e-mail', () => {
  let app: TestApp;
  let smtp: SMTPServer;
  const received: Received[] = [];
  let refuse = 0;
  let refused = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (refuse > 0) {
            refuse -= 1;
            refused += 1;
            return done(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
          }
          const to = session.envelope.rcptTo.map((r) => r.address);
          received.push({ ...readMessage(Buffer.concat(chunks).toString('utf8')), to });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const { port } = smtp.server.address() as AddressInfo;
    app = await startTestApp({
      REDIS_URL,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: '137 Hamedan <noreply@city.test>',
    });
    await addUser(app.db, {
      username: 'roads5-staff',
      role: 'unit',
      unitCode: 'district-5-roads',
      email: 'roads5@city.test',
    });
    await addUser(app.db, { username: 'roads5-nomail', role: 'unit', unitCode: 'district-5-roads' });
  });
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it('sends the new referral to the unit user with an address, with its tracking code, once', async () => {
    const req = await registerPothole(
      app.db,
      app.url,
      await login(app.url, 'operator1'),
      await hoodOfDistrict(app.db, 5),
    );
    const mail = await waitFor(() => received.find((m) => m.text.includes(req.trackingCode)), 5000, 'the e-mail');
    expect(mail.to).toEqual(['roads5@city.test']);
    expect(mail.from).toContain('noreply@city.test');
    expect(mail.subject).toContain(req.trackingCode);
    expect(mail.subject).toContain('New request');
    expect(mail.text).toContain('District 5 — Roads');
    expect(mail.text).toMatch(/ارجاع شد/); // the Persian half first
    expect(mail.text.indexOf('ارجاع شد')).toBeLessThan(mail.text.indexOf('was referred'));
    const emailed = async (username: string) => {
      const r = await app.db.query<{ emailed_at: Date | null }>(
        `SELECT n.emailed_at FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.request_id = $1 AND u.username = $2`,
        [req.id, username],
      );
      return r.rows[0] ?? null;
    };
    await waitFor(async () => (await emailed('roads5-staff'))?.emailed_at, 3000, 'emailed_at set');
    // The user without an address has the notification in the bell only.
    expect(await emailed('roads5-nomail')).toEqual({ emailed_at: null });
    await quietWindow(500); // a second message would follow the first within milliseconds
    expect(received.filter((m) => m.text.includes(req.trackingCode))).toHaveLength(1);
  });

  it('retries when the SMTP server refuses, while the bell has it at once', async () => {
    refuse = 1;
    const before = refused;
    const cookie = await login(app.url, 'roads5-staff');
    const req = await registerPothole(
      app.db,
      app.url,
      await login(app.url, 'operator1'),
      await hoodOfDistrict(app.db, 5),
    );
    await waitFor(() => refused > before, 5000, 'the refused attempt');
    const bell = await notifications(app.url, cookie);
    expect(bell.body.items[0]).toMatchObject({ kind: 'new-referral', trackingCode: req.trackingCode });
    expect(received.some((m) => m.text.includes(req.trackingCode))).toBe(false); // the retry waits its backoff
    const mail = await waitFor(
      () => received.find((m) => m.text.includes(req.trackingCode)),
      10_000,
      'the retried e-mail',
    );
    expect(mail.to).toEqual(['roads5@city.test']);
  });
});
