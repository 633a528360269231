import argon2 from 'argon2';
import { withTransaction, type Db } from '../db/index.ts';
import {
  claimDemoDatabase,
  demoUserRef,
  extensionTaken,
  insertDemoOperator,
  insertDemoUser,
  insertCouncilNeighbourhoods,
  insertUnitMember,
  neighbourhoodIdsByName,
  unitIdByCode,
} from './demo-repository.ts';
import type { Role } from './auth-types.ts';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  extension?: string;
  /** Unit roles: the code of the unit they work for (migration 014's tree). */
  unitCode?: string;
  /** A council member: the District 5 neighbourhoods they speak for, by English name (migration 002). */
  neighbourhoods?: string[];
}

/** A demo user as the database has it: its id and the units it works for (the demo's traffic acts as them). */
export interface SeededDemoUser extends DemoUser {
  id: string;
  unitIds: number[];
}

// Embedded demo mode only (no Asterisk configured): operator N's phone is emulator endpoint PJSIP/100N.
export const DEMO_USERS: DemoUser[] = [
  { username: 'operator1', displayName: 'زهرا احمدی', role: 'operator', extension: '1001' },
  { username: 'operator2', displayName: 'علی رضایی', role: 'operator', extension: '1002' },
  { username: 'operator3', displayName: 'مریم کریمی', role: 'operator', extension: '1003' },
  { username: 'operator4', displayName: 'حسین محمدی', role: 'operator', extension: '1004' },
  { username: 'supervisor1', displayName: 'سرپرست شیفت', role: 'supervisor' },
  { username: 'admin', displayName: 'مدیر سامانه', role: 'admin' },
  // The back office: District 5's roads and waste units, and the roads unit's manager.
  { username: 'unit-roads5', displayName: 'کارشناس معابر منطقه ۵', role: 'unit', unitCode: 'district-5-roads' },
  { username: 'unit-waste5', displayName: 'کارشناس پسماند منطقه ۵', role: 'unit', unitCode: 'district-5-waste' },
  { username: 'manager-roads5', displayName: 'مدیر معابر منطقه ۵', role: 'unit-manager', unitCode: 'district-5-roads' },
  // The city's manager (reads everything, changes nothing) and a neighbourhood council of District 5.
  { username: 'manager1', displayName: 'مدیر ارتباطات مردمی شهرداری', role: 'manager' },
  {
    username: 'council1',
    displayName: 'شورایار محله جلالیه',
    role: 'council',
    neighbourhoods: ['Jalaliyeh', 'Rezaiyeh', 'Mehrabad'],
  },
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
 * Returns the demo users that are there (a demo user whose extension is someone else's, or whose
 * unit or neighbourhoods are no longer there, is left out).
 */
export async function seedDemoUsers(db: Db, password: string, serverId = 'pbx1'): Promise<SeededDemoUser[]> {
  const hash = await argon2.hash(password);
  return withTransaction(db, async (c) => {
    if ((await claimDemoDatabase(c)) === 'refused') throw new DemoRefusedError();
    const present: SeededDemoUser[] = [];
    for (const u of DEMO_USERS) {
      const there = await demoUserRef(c, u.username);
      if (there) {
        present.push({ ...u, ...there });
        continue;
      }
      // Someone else's phone, or a unit an admin has renamed away: left out rather than half made.
      if (u.extension && (await extensionTaken(c, u.extension, serverId))) continue;
      const unitId = u.unitCode ? await unitIdByCode(c, u.unitCode) : null;
      if (u.unitCode && unitId === null) continue;
      const hoods = u.neighbourhoods ? await neighbourhoodIdsByName(c, 'District 5', u.neighbourhoods) : [];
      if (u.neighbourhoods && hoods.length === 0) continue;
      const id = await insertDemoUser(c, { ...u, passwordHash: hash });
      if (!id) continue;
      if (u.extension) await insertDemoOperator(c, id, u.extension, serverId);
      if (unitId !== null) await insertUnitMember(c, id, unitId);
      if (hoods.length) await insertCouncilNeighbourhoods(c, id, hoods);
      present.push({ ...u, id, unitIds: unitId === null ? [] : [unitId] });
    }
    return present;
  });
}
