import type { Db, DbClient } from '../db/index.ts';

// The citizen page's tables (migration 026): reports waiting for their code, their photos, the
// one-time codes (hashes only) and the rate counters used when there is no Redis.

type Queryable = Db | DbClient;

export interface NewSubmission {
  id: string;
  phone: string;
  categoryId: number;
  neighbourhoodId: number | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  description: string;
  clientIp: string;
  photos: Array<{ mime: string; data: Buffer }>;
}

export interface SubmissionRow {
  id: string;
  phone: string;
  categoryId: number;
  neighbourhoodId: number | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  description: string;
  state: 'pending' | 'registered' | 'linked';
  requestId: string | null;
}

export async function insertSubmission(c: DbClient, s: NewSubmission): Promise<void> {
  await c.query(
    `INSERT INTO citizen_submissions
       (id, phone_e164, category_id, neighbourhood_id, lat, lng, address, description, client_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [s.id, s.phone, s.categoryId, s.neighbourhoodId, s.lat, s.lng, s.address, s.description, s.clientIp],
  );
  for (const [i, p] of s.photos.entries()) {
    await c.query(
      `INSERT INTO citizen_submission_photos (submission_id, position, mime, data) VALUES ($1, $2, $3, $4)`,
      [s.id, i + 1, p.mime, p.data],
    );
  }
}

/** The submission, locked until COMMIT so that one code confirms it once. */
export async function lockSubmission(c: DbClient, id: string): Promise<SubmissionRow | null> {
  const r = await c.query<{
    id: string;
    phone_e164: string;
    category_id: number;
    neighbourhood_id: number | null;
    lat: number | null;
    lng: number | null;
    address: string | null;
    description: string;
    state: SubmissionRow['state'];
    request_id: string | null;
  }>(
    `SELECT id::text, phone_e164, category_id, neighbourhood_id, lat, lng, address, description, state,
            request_id::text
       FROM citizen_submissions WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    phone: row.phone_e164,
    categoryId: row.category_id,
    neighbourhoodId: row.neighbourhood_id,
    lat: row.lat,
    lng: row.lng,
    address: row.address,
    description: row.description,
    state: row.state,
    requestId: row.request_id,
  };
}

export async function submissionPhotos(db: Queryable, id: string): Promise<Array<{ mime: string; data: Buffer }>> {
  const r = await db.query<{ mime: string; data: Buffer }>(
    `SELECT mime, data FROM citizen_submission_photos WHERE submission_id = $1 ORDER BY position`,
    [id],
  );
  return r.rows;
}

/** Decided: the request it became (or was linked to); its photos are no longer needed here. */
export async function decideSubmission(
  db: Queryable,
  id: string,
  state: 'registered' | 'linked',
  requestId: string,
): Promise<void> {
  await db.query(`UPDATE citizen_submissions SET state = $2, request_id = $3, decided_at = now() WHERE id = $1`, [
    id,
    state,
    requestId,
  ]);
  await db.query(`DELETE FROM citizen_submission_photos WHERE submission_id = $1`, [id]);
}

/** Reports never confirmed, and codes long past use: nothing personal is kept longer than a day. */
export async function sweepStale(db: Queryable, olderThanHours: number): Promise<number> {
  const s = await db.query(
    `DELETE FROM citizen_submissions WHERE state = 'pending' AND created_at < now() - make_interval(hours => $1)`,
    [olderThanHours],
  );
  await db.query(`DELETE FROM citizen_otps WHERE created_at < now() - make_interval(hours => $1)`, [olderThanHours]);
  await db.query(`DELETE FROM citizen_rate_hits WHERE window_start < now() - make_interval(hours => $1)`, [
    olderThanHours,
  ]);
  return s.rowCount ?? 0;
}

export interface OtpRow {
  id: string;
  purpose: 'report' | 'feedback';
  subject: string;
  phone: string;
  salt: string;
  hash: string;
  attempts: number;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function insertOtp(
  db: Queryable,
  o: { id: string; purpose: OtpRow['purpose']; subject: string; phone: string; salt: string; hash: string },
  ttlSeconds: number,
): Promise<Date> {
  const r = await db.query<{ expires_at: Date }>(
    `INSERT INTO citizen_otps (id, purpose, subject, phone_e164, code_salt, code_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7)) RETURNING expires_at`,
    [o.id, o.purpose, o.subject, o.phone, o.salt, o.hash, ttlSeconds],
  );
  return r.rows[0]!.expires_at;
}

/** A new code for the same challenge: the old one stops working, the attempts start again. */
export async function renewOtp(
  db: Queryable,
  id: string,
  salt: string,
  hash: string,
  ttlSeconds: number,
): Promise<Date | null> {
  const r = await db.query<{ expires_at: Date }>(
    `UPDATE citizen_otps
        SET code_salt = $2, code_hash = $3, attempts = 0, sent_count = sent_count + 1,
            expires_at = now() + make_interval(secs => $4)
      WHERE id = $1 AND used_at IS NULL
      RETURNING expires_at`,
    [id, salt, hash, ttlSeconds],
  );
  return r.rows[0]?.expires_at ?? null;
}

export async function lockOtp(c: DbClient, id: string): Promise<(OtpRow & { expired: boolean }) | null> {
  const r = await c.query<{
    id: string;
    purpose: OtpRow['purpose'];
    subject: string;
    phone_e164: string;
    code_salt: string;
    code_hash: string;
    attempts: number;
    expires_at: Date;
    used_at: Date | null;
    expired: boolean;
  }>(
    `SELECT id::text, purpose, subject, phone_e164, code_salt, code_hash, attempts, expires_at, used_at,
            expires_at <= now() AS expired
       FROM citizen_otps WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    purpose: row.purpose,
    subject: row.subject,
    phone: row.phone_e164,
    salt: row.code_salt,
    hash: row.code_hash,
    attempts: row.attempts,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    expired: row.expired,
  };
}

export async function otpById(db: Queryable, id: string): Promise<OtpRow | null> {
  const r = await db.query<{ id: string; purpose: OtpRow['purpose']; subject: string; phone_e164: string }>(
    `SELECT id::text, purpose, subject, phone_e164 FROM citizen_otps WHERE id = $1 AND used_at IS NULL`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    ...{ id: row.id, purpose: row.purpose, subject: row.subject, phone: row.phone_e164 },
    ...{ salt: '', hash: '', attempts: 0, expiresAt: new Date(0), usedAt: null },
  };
}

export async function countAttempt(c: DbClient, id: string): Promise<number> {
  const r = await c.query<{ attempts: number }>(
    `UPDATE citizen_otps SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
    [id],
  );
  return r.rows[0]!.attempts;
}

export async function markOtpUsed(c: DbClient, id: string): Promise<void> {
  await c.query(`UPDATE citizen_otps SET used_at = now() WHERE id = $1`, [id]);
}

export async function releaseOtp(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE citizen_otps SET used_at = NULL WHERE id = $1`, [id]);
}

/** One hit in a fixed window; the window's count so far. */
export async function hitWindow(db: Queryable, key: string, windowSeconds: number): Promise<number> {
  const r = await db.query<{ hits: number }>(
    `INSERT INTO citizen_rate_hits (key, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
     ON CONFLICT (key, window_start) DO UPDATE SET hits = citizen_rate_hits.hits + 1
     RETURNING hits`,
    [key, windowSeconds],
  );
  return r.rows[0]!.hits;
}
