import { z } from 'zod';
import { apiDoc, type RouteDocInput } from '../shared/index.ts';
import { decisionBody, extensionBody, extensionIdParams, extensionListQuery } from './extension-service.ts';
import { inboxQuery } from './inbox.ts';
import { IMAGE_MIMES } from './photo-sanitize.ts';
import * as s from './request-schemas.ts';
import { worklistQuery } from './worklist.ts';

// The OpenAPI descriptions of the requests routes (request-routes.ts, inbox-routes.ts and the
// routes it registers), kept apart so each route file stays a thin edge. Who may call a route is
// its guard in route-access.ts; a manager passes every GET a supervisor or viewer may make.

const TAGS = 'requests';
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: TAGS, ...more }),
});
const NO_REQUEST = { 404: { description: 'No such request, or not one this user may see' } };
const CONFLICT = { 409: { description: 'Not possible in the request’s status now (e.g. INVALID_TRANSITION)' } };

// GET /requests is two reads: the worklist, or (with trackingCode or phone) the desk's look-up.
const requestsQuery = z.object({ ...worklistQuery.shape, ...s.searchQuery.shape });

export const requestDocs = {
  register: doc(
    'Register a request (operators, supervisors, admins); referred to its unit; a repeated Idempotency-Key header gets the first answer',
    {
      body: s.registerBody,
      response: {
        201: { description: 'The request, with its tracking code' },
        409: { description: 'A registration with this Idempotency-Key is still in progress (IDEMPOTENCY_KEY_IN_USE)' },
        422: { description: 'The Idempotency-Key was used with another body (IDEMPOTENCY_KEY_REUSED)' },
      },
    },
  ),
  duplicates: doc(
    'Open requests of a category near a place, to link instead of registering (137 staff, managers); audited',
    {
      querystring: s.duplicatesQuery,
    },
  ),
  list: doc(
    'The worklist (137 staff, managers; units held to their units, councils to their neighbourhoods), or with trackingCode or phone the look-up (137 staff only); audited',
    { querystring: requestsQuery },
  ),
  bulk: doc('Refer or give more time to up to 200 requests, each answered ok or not (supervisors, admins)', {
    body: s.bulkBody,
    response: { 200: { description: '{ results: [{ id, ok, error?, message? }] }' } },
  }),
  get: doc(
    'One request in full: referrals, photos, history (137 staff, managers, units for their own, councils without personal data); audited',
    { params: s.idParams, response: { 200: { description: 'The request' }, ...NO_REQUEST } },
  ),
  reporters: doc(
    'Link another reporter (a call, a phone) to a request; linking twice counts once (operators, supervisors, admins)',
    {
      params: s.idParams,
      body: s.reporterBody,
      response: { 200: { description: 'The request (summary)' }, ...NO_REQUEST },
    },
  ),
  notes: doc('Add a note (operators, supervisors, admins; units on requests they hold)', {
    params: s.idParams,
    body: s.noteBody,
    response: { 201: { description: 'The request with the note' }, ...NO_REQUEST },
  }),
  status: doc('Change the status (operators, supervisors, admins; units accept, report done or return)', {
    params: s.idParams,
    body: s.statusBody,
    response: { 200: { description: 'The request' }, ...NO_REQUEST, ...CONFLICT },
  }),
  referrals: doc('Refer the request to a unit, with a deadline in its working hours (operators, supervisors, admins)', {
    params: s.idParams,
    body: s.referralBody,
    response: { 201: { description: 'The request' }, ...NO_REQUEST, ...CONFLICT },
  }),
};

/** Photos: the body is the image itself, not JSON. */
const imageBody = { type: 'string', format: 'binary' };

export const unitWorkDocs = {
  inbox: doc(
    "A unit's inbox: its referred requests by view, with counters (units, supervisors, admins, viewers, managers); audited",
    {
      querystring: inboxQuery,
    },
  ),
  askMoreTime: doc('Ask for more time on a request the unit holds (units); audited', {
    params: s.idParams,
    body: extensionBody,
    response: {
      201: { description: 'The request for more time' },
      ...NO_REQUEST,
      409: { description: 'More time was already asked for on this referral (EXTENSION_PENDING)' },
    },
  }),
  listMoreTime: doc('Requests for more time, pending by default (supervisors, admins, managers)', {
    querystring: extensionListQuery,
  }),
  decideMoreTime: doc('Grant or refuse a request for more time (supervisors, admins); audited', {
    params: extensionIdParams,
    body: decisionBody,
    response: {
      200: { description: 'The request for more time, decided' },
      404: { description: 'No such request for more time' },
      409: { description: 'Already decided (EXTENSION_DECIDED)' },
    },
  }),
  upload: {
    schema: {
      ...apiDoc({
        summary:
          'Add a photo (JPEG or PNG, at most 5 MB, sent as the body) to a request; metadata stripped (units, operators, supervisors, admins); audited',
        tags: TAGS,
        params: s.idParams,
        response: {
          201: { description: 'The photo: { id, mime, bytes, sha256, width, height, createdAt }' },
          ...NO_REQUEST,
          409: { description: 'The request has all the photos it may have (TOO_MANY_ATTACHMENTS)' },
          413: { description: 'Larger than 5 MB (PHOTO_TOO_LARGE)' },
          415: { description: 'Not a JPEG or PNG body (UNSUPPORTED_IMAGE)' },
        },
      }),
      consumes: [...IMAGE_MIMES],
      body: imageBody,
    },
  },
  photo: {
    schema: {
      ...apiDoc({
        summary: 'A photo’s bytes (137 staff, managers, units for their own requests); audited',
        tags: TAGS,
        params: z.object({ id: z.uuid() }),
        response: {
          200: { description: 'The image (image/jpeg or image/png)' },
          404: { description: 'No such photo' },
        },
      }),
      produces: [...IMAGE_MIMES],
    },
  },
};
