import { randomUUID } from 'node:crypto';
import { withTransaction, type Db } from '../db/index.ts';
import {
  findOpenDuplicates,
  ImageRejected,
  sanitizeImage,
  type Actor,
  type Attachments,
  type RequestService,
} from '../requests/index.ts';
import { AppError, normalizePhone, validationError, type Logger } from '../shared/index.ts';
import type { TriageHandle } from '../triage/index.ts';
import * as repo from './citizen-repository.ts';
import type { Challenge, Otps } from './otp-service.ts';

// A report from the page: checked and kept (photos stripped already) until the citizen types the
// code sent to their mobile; then registered as a 'web' request, or, when an open request of the
// same category is already there, the citizen is linked to it as one more reporter (as the desk
// does in-call) and told its tracking code.

export const PHOTOS_MAX = 3;

export interface ReportInput {
  categoryId: number;
  neighbourhoodId?: number | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  address?: string | undefined;
  description: string;
  phone: string;
  photos: Array<{ mime: string; data: Buffer }>;
}

export type ReportOutcome = { outcome: 'registered' | 'linked'; trackingCode: string };

/**
 * The citizen acts for themselves: no staff member, so the history names no user (as the feedback
 * domain does for IVR answers). 'operator' has exactly the desk's rights for linking and photos.
 */
const CITIZEN: Actor = { userId: null as unknown as string, role: 'operator' };

export interface ReportDeps {
  db: Db;
  logger: Logger;
  requests: RequestService;
  attachments: Attachments;
  otps: Otps;
  triage?: TriageHandle | undefined;
}

const mobileOnly = (raw: string) =>
  validationError('Give a mobile number (09…) that can receive the code by SMS', {
    fields: [{ field: 'phone', message: `not a mobile number: ${raw.slice(0, 20)}` }],
  });

function checkPhotos(photos: ReportInput['photos']): Array<{ mime: string; data: Buffer }> {
  if (photos.length > PHOTOS_MAX) throw validationError(`At most ${PHOTOS_MAX} photos`);
  return photos.map((p, i) => {
    try {
      const image = sanitizeImage(p.data);
      if (image.mime !== p.mime) throw new ImageRejected(`The file is ${image.mime}, not ${p.mime}`);
      return { mime: image.mime, data: image.data };
    } catch (err) {
      if (!(err instanceof ImageRejected)) throw err;
      throw new AppError('UNSUPPORTED_IMAGE', 415, `Photo ${i + 1}: ${err.message}; send a JPEG or PNG photo`, {
        photo: i + 1,
      });
    }
  });
}

/** The category is a leaf of the list, the place a listed neighbourhood or a point. */
async function checkPlace(requests: RequestService, input: ReportInput): Promise<void> {
  const cats = await requests.categories();
  const cat = cats.find((c) => Number(c.id) === input.categoryId);
  if (!cat || cats.some((c) => c.parentId === cat.id))
    throw validationError('Choose a problem from the list', {
      fields: [{ field: 'categoryId', message: 'unknown' }],
    });
  if (input.neighbourhoodId == null && (input.lat == null || input.lng == null))
    throw validationError('Say where: a neighbourhood or a point', {
      fields: [{ field: 'neighbourhoodId', message: 'a neighbourhood or lat/lng is needed' }],
    });
  if (input.neighbourhoodId != null) {
    const hoods = (await requests.districts()).flatMap((x) => x.neighbourhoods);
    if (!hoods.some((n) => Number(n.id) === input.neighbourhoodId))
      throw validationError('Choose a neighbourhood from the list', {
        fields: [{ field: 'neighbourhoodId', message: 'unknown' }],
      });
  }
}

export function createReports(d: ReportDeps) {
  const { db, requests, otps } = d;

  async function submit(input: ReportInput, clientIp: string): Promise<Challenge> {
    const phone = normalizePhone(input.phone);
    if (!phone || !phone.startsWith('+989')) throw mobileOnly(input.phone);
    await checkPlace(requests, input);
    const photos = checkPhotos(input.photos);
    // Refused (no SMS, too many codes) before anything is kept.
    await otps.allow(phone);
    const id = randomUUID();
    await withTransaction(db, (c) =>
      repo.insertSubmission(c, {
        ...{ id, phone, categoryId: input.categoryId, neighbourhoodId: input.neighbourhoodId ?? null },
        ...{ lat: input.lat ?? null, lng: input.lng ?? null, address: input.address?.trim() || null },
        ...{ description: input.description.trim(), clientIp, photos },
      }),
    );
    return otps.start('report', id, phone, true);
  }

  async function attachPhotos(submissionId: string, requestId: string): Promise<void> {
    for (const p of await repo.submissionPhotos(db, submissionId)) {
      await d.attachments.upload(requestId, p.data, p.mime, CITIZEN).catch((err: Error) => {
        // The request stands; a photo lost here is logged, not a reason to fail the citizen.
        d.logger.error({ err: err.message, request: requestId }, 'citizen page: a photo could not be stored');
      });
    }
  }

  /** After the code: link to an open duplicate, or register. Idempotent per submission. */
  async function confirm(submissionId: string): Promise<ReportOutcome> {
    const sub = await withTransaction(db, (c) => repo.lockSubmission(c, submissionId));
    if (!sub) throw new AppError('NOT_FOUND', 404, 'This report was not found; please send it again');
    const place = { neighbourhoodId: sub.neighbourhoodId ?? undefined, lat: sub.lat ?? undefined };
    const dups = await findOpenDuplicates(db, { categoryId: sub.categoryId, ...place, lng: sub.lng ?? undefined });
    const dup = dups[0];
    if (dup) {
      const linked = await requests.linkReporter(dup.id, { phone: sub.phone }, CITIZEN);
      await repo.decideSubmission(db, sub.id, 'linked', linked.id);
      return { outcome: 'linked', trackingCode: linked.trackingCode };
    }
    const created = await requests.registerExternal(
      {
        ...{ categoryId: sub.categoryId, neighbourhoodId: sub.neighbourhoodId ?? undefined },
        ...{ lat: sub.lat ?? undefined, lng: sub.lng ?? undefined, address: sub.address ?? undefined },
        ...{ description: sub.description, phone: sub.phone, channel: 'web', smsConsent: true },
      },
      { client: 'web', idempotencyKey: `web-${sub.id}` },
    );
    await attachPhotos(sub.id, created.id);
    await repo.decideSubmission(db, sub.id, 'registered', created.id);
    // A point with no neighbourhood: its district's unit is not known (at most a city-wide one holds it); a person places it.
    if (sub.neighbourhoodId == null && d.triage) {
      const item = { source: 'web' as const, requestId: created.id, phone: sub.phone, text: sub.description };
      await d.triage
        .add({ ...item, reasons: ['no-place'], externalRef: sub.id })
        .catch((err: Error) => d.logger.error({ err: err.message }, 'citizen page: triage item not added'));
    }
    return { outcome: 'registered', trackingCode: created.trackingCode };
  }

  return { submit, confirm };
}

export type Reports = ReturnType<typeof createReports>;
