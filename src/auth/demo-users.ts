import argon2 from 'argon2';
import { withTransaction, type Db } from '../db/index.ts';
import {
  claimDemoDatabase,
  extensionTaken,
  insertDemoOperator,
  insertDemoUser,
  userExists,
} from './demo-repository.ts';
import type { Role } from './auth-types.ts';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  extension?: string;
}

// Embedded demo mode only (no Asterisk configured): operator N's phone is emulator endpoint PJSIP/100N.
export const DEMO_USERS: DemoUser[] = [
  { username: 'operator1', displayName: 'زهرا احمدی', role: 'operator', extension: '1001' },
  { username: 'operator2', displayName: 'علی رضایی', role: 'operator', extension: '1002' },
  { username: 'operator3', displayName: 'مریم کریمی', role: 'operator', extension: '1003' },
  { username: 'operator4', displayName: 'حسین محمدی', role: 'operator', extension: '1004' },
  { username: 'supervisor1', displayName: 'سرپرست شیفت', role: 'supervisor' },
  { username: 'admin', displayName: 'مدیر سامانه', role: 'admin' },
];

/** The database holds people a demo did not create: the demo must not run on it. */
export class DemoRefusedError extends Error {
  constructor() {
    super(
      'This database already has users and was not created by a demo: cti137 will not add demo users ' +
        '(password known to all) or run the emulator on it. Point DATABASE_URL at an empty database for the ' +
        'demo, or set ASTERISK_AMI_URL/ASTERISK_ARI_URL to run it for real.',
    );
  }
}

/**
 * The demo users, on a database made for the demo only: one with no users yet (it is then marked
 * as the demo's) or one a demo marked before. Users that exist are never changed (their password
 * stays whatever it became); a missing one is added unless its phone extension is someone else's.
 * Throws DemoRefusedError, before writing anything, on a database with other people in it.
 * Returns the demo users that are there (a demo user whose extension is someone else's is left out).
 */
export async function seedDemoUsers(db: Db, password: string, serverId = 'pbx1'): Promise<DemoUser[]> {
  const hash = await argon2.hash(password);
  return withTransaction(db, async (c) => {
    if ((await claimDemoDatabase(c)) === 'refused') throw new DemoRefusedError();
    const present: DemoUser[] = [];
    for (const u of DEMO_USERS) {
      if (await userExists(c, u.username)) {
        present.push(u);
        continue;
      }
      // Someone else's phone: this demo user is left out rather than half made.
      if (u.extension && (await extensionTaken(c, u.extension, serverId))) continue;
      const id = await insertDemoUser(c, { ...u, passwordHash: hash });
      if (id && u.extension) await insertDemoOperator(c, id, u.extension, serverId);
      present.push(u);
    }
    return present;
  });
}
