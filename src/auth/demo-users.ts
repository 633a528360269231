import argon2 from 'argon2';
import type { Db } from '../db/index.ts';
import { upsertOperator, upsertUser } from './auth-repository.ts';
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

/** Create (or reset the passwords of) the demo users. Never called when a real Asterisk is configured. */
export async function seedDemoUsers(db: Db, password: string): Promise<DemoUser[]> {
  const hash = await argon2.hash(password);
  for (const u of DEMO_USERS) {
    const id = await upsertUser(db, {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      passwordHash: hash,
    });
    if (u.extension) await upsertOperator(db, id, u.extension, `PJSIP/${u.extension}`);
  }
  return DEMO_USERS;
}
