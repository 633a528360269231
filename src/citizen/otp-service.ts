import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { withTransaction, type Db } from '../db/index.ts';
import { AppError, type Logger } from '../shared/index.ts';
import type { SmsHandle } from '../sms/index.ts';
import * as repo from './citizen-repository.ts';
import type { OtpRow } from './citizen-repository.ts';
import type { CitizenLimiter } from './rate-limits.ts';

// One-time codes by SMS: the proof that whoever types on the page holds the phone. Six digits, five
// minutes, five wrong tries and the code is dead (a new one must be asked for), at most a few codes
// a number an hour. Only a salted HMAC of the code is stored: a copy of the database does not hand
// out live codes. (The SMS log keeps the message text as sent, like every SMS; the code is dead by
// the time anyone could read it there.)

export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_ATTEMPTS = 5;

export type Purpose = OtpRow['purpose'];

export interface Challenge {
  challengeId: string;
  expiresAt: string;
}

const hashOf = (salt: string, id: string, code: string) =>
  createHmac('sha256', salt).update(`${id}:${code}`).digest('hex');

function newCode(id: string): { code: string; salt: string; hash: string } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16).toString('hex');
  return { code, salt, hash: hashOf(salt, id, code) };
}

const challengeGone = () =>
  new AppError('CODE_NOT_FOUND', 404, 'This code is no longer valid; ask for a new code and try again');
const codeExpired = () => new AppError('CODE_EXPIRED', 410, 'The code has expired; ask for a new code');
const codeLocked = () =>
  new AppError('CODE_LOCKED', 423, 'Too many wrong codes; ask for a new code', { attemptsLeft: 0 });
const codeWrong = (attemptsLeft: number) =>
  new AppError('CODE_WRONG', 400, `The code is not right; ${attemptsLeft} tries left`, { attemptsLeft });
export const smsOff = () =>
  new AppError(
    'WEB_REPORTS_CLOSED',
    503,
    'Codes cannot be sent by SMS right now, so web reports are closed; please call 137',
  );

export interface Otps {
  /** Counts a code for `phone`: WEB_REPORTS_CLOSED without SMS, RATE_LIMITED when the number had its codes this hour. */
  allow(phone: string): Promise<void>;
  /** Sends a new code to `phone` for `subject` (`allowed`: allow() was asked already for it). */
  start(purpose: Purpose, subject: string, phone: string, allowed?: boolean): Promise<Challenge>;
  /** A fresh code for the same challenge (the old one stops working). */
  resend(challengeId: string): Promise<Challenge>;
  /** The challenge, used up, when the code is right; CODE_WRONG / CODE_LOCKED / CODE_EXPIRED otherwise. */
  verify(challengeId: string, code: string): Promise<OtpRow>;
  /** The work the code confirmed failed: let the citizen try the same code again. */
  release(challengeId: string): Promise<void>;
}

export function createOtps(d: { db: Db; sms: SmsHandle; limiter: CitizenLimiter; logger: Logger }): Otps {
  const { db, sms, limiter } = d;

  async function send(phone: string, code: string): Promise<void> {
    const sent = await sms.send({ to: phone, template: 'otp', params: { code } });
    if (!sent) throw smsOff();
  }

  async function allow(phone: string): Promise<void> {
    if (!sms.enabled) throw smsOff();
    await limiter.take('codesPerNumber', phone);
  }

  return {
    allow,

    async start(purpose, subject, phone, allowed = false) {
      if (!allowed) await allow(phone);
      const id = randomUUID();
      const { code, salt, hash } = newCode(id);
      const expiresAt = await repo.insertOtp(db, { id, purpose, subject, phone, salt, hash }, OTP_TTL_SECONDS);
      await send(phone, code);
      return { challengeId: id, expiresAt: expiresAt.toISOString() };
    },

    async resend(challengeId) {
      const row = await repo.otpById(db, challengeId);
      if (!row) throw challengeGone();
      await allow(row.phone);
      const { code, salt, hash } = newCode(challengeId);
      const expiresAt = await repo.renewOtp(db, challengeId, salt, hash, OTP_TTL_SECONDS);
      if (!expiresAt) throw challengeGone();
      await send(row.phone, code);
      return { challengeId, expiresAt: expiresAt.toISOString() };
    },

    async verify(challengeId, code) {
      // The wrong try must be counted even though the answer is an error: decide inside, throw after COMMIT.
      const out = await withTransaction(db, async (c) => {
        const row = await repo.lockOtp(c, challengeId);
        if (!row || row.usedAt) return { error: challengeGone() };
        if (row.attempts >= OTP_MAX_ATTEMPTS) return { error: codeLocked() };
        if (row.expired) return { error: codeExpired() };
        const want = Buffer.from(row.hash, 'hex');
        const got = Buffer.from(hashOf(row.salt, row.id, code), 'hex');
        if (!timingSafeEqual(want, got)) {
          const attempts = await repo.countAttempt(c, challengeId);
          const left = OTP_MAX_ATTEMPTS - attempts;
          return { error: left > 0 ? codeWrong(left) : codeLocked() };
        }
        await repo.markOtpUsed(c, challengeId);
        return { row };
      });
      if ('error' in out) throw out.error;
      return out.row;
    },

    async release(challengeId) {
      await repo.releaseOtp(db, challengeId);
    },
  };
}
