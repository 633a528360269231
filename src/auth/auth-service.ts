import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import * as repo from './auth-repository.ts';
import type { SessionUser } from './auth-types.ts';

export const SESSION_COOKIE = 'cti137_session';

export interface AuthService {
  login(username: string, password: string): Promise<{ token: string; user: SessionUser }>;
  authenticate(token: string | undefined): Promise<SessionUser | null>;
  logout(token: string | undefined): Promise<void>;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A password as stored in users.password_hash (argon2id, the library's defaults). */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password);

// A fixed hash to verify against when the user does not exist, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

export function createAuthService(db: Db, ttlHours: number): AuthService {
  return {
    async login(username, password) {
      const row = await repo.findUserByUsername(db, username.trim().toLowerCase());
      dummyHash ??= argon2.hash('not-a-real-password');
      const ok =
        row && !row.disabled
          ? await argon2.verify(row.password_hash, password)
          : (await argon2.verify(await dummyHash, password), false);
      if (!row || !ok) throw new AppError('INVALID_CREDENTIALS', 401, 'Wrong username or password');
      const token = randomBytes(32).toString('base64url');
      await repo.insertSession(db, hashToken(token), row.id, ttlHours);
      return { token, user: repo.toSessionUser(row) };
    },
    async authenticate(token) {
      if (!token || token.length > 200) return null;
      const row = await repo.findUserBySession(db, hashToken(token));
      return row ? repo.toSessionUser(row) : null;
    },
    async logout(token) {
      if (token) await repo.deleteSession(db, hashToken(token));
    },
  };
}
