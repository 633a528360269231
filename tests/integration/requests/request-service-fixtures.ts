// Shared set-up of the request service tests (request-register, -duplicates, -lifecycle, -reads):
// the service on a fresh database of its own per test file, users of each role, and the ids of
// the categories and neighbourhoods the cases use.
import { findCallCaller } from '../../../src/cti/index.ts';
import { createRequestService, type RequestService } from '../../../src/requests/index.ts';
import type { AppError } from '../../../src/shared/errors.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { categoryId, createUsers, neighbourhoodId, type Users } from './request-fixtures.ts';

export interface RequestServiceRig {
  t: TestDb;
  svc: RequestService;
  users: Users;
  cat: { pothole: number; garbage: number; manhole: number; group: number };
  hood: { sajjad: number; noghan: number };
}

/** For beforeAll; the caller drops `t` in afterAll. */
export async function openRequestService(): Promise<RequestServiceRig> {
  const t = await createTestDatabase();
  const svc = createRequestService(t.pool, { callerOf: findCallCaller });
  const users = await createUsers(t.pool);
  const cat = {
    pothole: await categoryId(t.pool, 'pothole'),
    garbage: await categoryId(t.pool, 'garbage-collection'),
    manhole: await categoryId(t.pool, 'open-manhole'),
    group: await categoryId(t.pool, 'technical'),
  };
  const hood = { sajjad: await neighbourhoodId(t.pool, 'Sajjad'), noghan: await neighbourhoodId(t.pool, 'Noghan') };
  return { t, svc, users, cat, hood };
}

/** The AppError code a call fails with, null when it succeeds. */
export const errorCode = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: AppError) => e.code,
  );
