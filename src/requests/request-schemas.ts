import { z } from 'zod';
import { CHANNELS, REQUEST_STATUSES } from './request-types.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from './request-registration.ts';

// zod schemas of the HTTP edge. Ids arrive as JSON numbers or as strings (query strings, and the
// desk keeps bigint ids as strings); nulls from forms mean "not given".

const opt = <T extends z.ZodType>(s: T) => s.nullish().transform((v) => v ?? undefined);

/** serial ids: categories, neighbourhoods, districts, units. */
export const smallId = z.union(
  [
    z.number().int().positive().max(2_147_483_647),
    z
      .string()
      .trim()
      .regex(/^\d{1,9}$/, 'must be a number')
      .transform(Number),
  ],
  { error: 'must be a number' },
);

/** bigserial ids (calls, requests) stay strings: they may exceed 2^53 one day. */
export const bigId = z.union(
  [
    z.number().int().positive().transform(String),
    z
      .string()
      .trim()
      .regex(/^\d{1,18}$/, 'must be a number'),
  ],
  { error: 'must be a number' },
);

export const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'the id in the address must be a number') });
export const smallIdParams = z.object({ id: smallId });

const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);

export const reporterBody = z.object({
  callId: opt(bigId),
  phone: opt(z.string().max(40, 'a phone number has at most 40 characters')),
  citizenName: opt(z.string().trim().max(120)),
});

/** The desk's key of one draft (header Idempotency-Key); a UUID fits. */
export const idempotencyKey = z
  .string({ error: 'send one Idempotency-Key header' })
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, 'the Idempotency-Key must be 8 to 100 letters, digits, ".", "_", ":" or "-"')
  .optional();

export const registerBody = reporterBody.extend({
  categoryId: smallId,
  neighbourhoodId: opt(smallId),
  address: opt(z.string().trim().max(500, 'the address must be at most 500 characters')),
  lat: opt(lat),
  lng: opt(lng),
  description: z
    .string({ error: 'write a description of the problem' })
    .trim()
    .min(DESCRIPTION_MIN, `the description must be at least ${DESCRIPTION_MIN} characters`)
    .max(
      DESCRIPTION_MAX,
      `the description must be at most ${DESCRIPTION_MAX} characters; summarise it and add details as notes`,
    ),
  hazard: opt(z.boolean()),
  channel: opt(z.enum(CHANNELS)),
  smsConsent: opt(z.boolean()),
});

export const duplicatesQuery = z.object({
  categoryId: smallId,
  neighbourhoodId: opt(smallId),
  lat: opt(z.coerce.number().pipe(lat)),
  lng: opt(z.coerce.number().pipe(lng)),
});

/** The desk's look-ups; GET /requests without either of these two is the worklist (worklist.ts). */
export const searchQuery = z
  .object({
    trackingCode: opt(z.string().max(40)),
    phone: opt(z.string().max(40)),
  })
  .refine((v) => Boolean(v.trackingCode) !== Boolean(v.phone), { error: 'give either trackingCode or phone' });

export const noteBody = z.object({
  text: z
    .string({ error: 'write the note text' })
    .trim()
    .min(1, 'write the note text')
    .max(DESCRIPTION_MAX, `a note has at most ${DESCRIPTION_MAX} characters`),
});

export const statusBody = z.object({
  status: z.enum(REQUEST_STATUSES, { error: `status must be one of: ${REQUEST_STATUSES.join(', ')}` }),
  note: opt(z.string().trim().max(DESCRIPTION_MAX)),
  unitId: opt(smallId),
  /** A unit's "done": photos uploaded before to POST /requests/:id/attachments. */
  attachmentIds: opt(z.array(z.uuid('each attachment id is the id the upload gave')).max(10, 'at most 10 photos')),
});

/** Hours a unit is given: at most 90 days (referrals.deadline_hours). */
const referralHours = z
  .number({ error: 'hours must be a whole number' })
  .int('hours must be a whole number')
  .min(1, 'at least 1 hour')
  .max(2160, 'at most 2160 hours (90 days)');
const referralNote = z.string().trim().max(1000, 'a referral note has at most 1000 characters');

export const referralBody = z.object({
  unitId: smallId,
  deadlineHours: opt(referralHours),
  note: opt(referralNote),
});

export const bulkBody = z
  .object({
    ids: z.array(bigId).min(1, 'give at least one request id').max(200, 'at most 200 requests at once'),
    action: z.enum(['refer', 'extend'], { error: 'action is "refer" or "extend"' }),
    unitId: opt(smallId),
    hours: opt(referralHours),
    note: opt(referralNote),
  })
  .refine((b) => b.action !== 'refer' || b.unitId !== undefined, { error: 'refer needs unitId', path: ['unitId'] })
  .refine((b) => b.action !== 'extend' || b.hours !== undefined, { error: 'extend needs hours', path: ['hours'] })
  .refine((b) => b.action !== 'extend' || (b.hours ?? 0) <= 720, {
    error: 'more time is at most 720 hours (30 days) at once',
    path: ['hours'],
  });

export const templatesQuery = z.object({ categoryId: opt(smallId) });

const name = z
  .string()
  .trim()
  .min(2, 'a name needs at least 2 characters')
  .max(100, 'a name has at most 100 characters');
export const placeBody = z.object({ nameFa: name, nameEn: name });
export const renameDistrictBody = z
  .object({
    nameFa: opt(name),
    nameEn: opt(name),
    position: opt(z.number().int().min(1, 'position is 1 or more').max(9999, 'position is at most 9999')),
  })
  .refine((v) => v.nameFa || v.nameEn || v.position, { error: 'give nameFa, nameEn or position' });
export const updateNeighbourhoodBody = z
  .object({ nameFa: opt(name), nameEn: opt(name), districtId: opt(smallId) })
  .refine((v) => v.nameFa || v.nameEn || v.districtId, { error: 'give nameFa, nameEn or districtId' });
