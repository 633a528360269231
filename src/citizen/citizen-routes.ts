import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES, type RequestService } from '../requests/index.ts';
import { AppError, parseInput, toLatinDigits } from '../shared/index.ts';
import type { Otps } from './otp-service.ts';
import type { CitizenLimiter } from './rate-limits.ts';
import { PHOTOS_MAX, type Reports } from './report-service.ts';
import type { Tracking } from './track-service.ts';

// The page's JSON API under /citizen/api: public by design (no sign-in), so every route counts
// its caller's address (and the code's number) and answers nothing personal. Changes are JSON
// only: a form on another site cannot post JSON without the browser asking first (CORS).

export interface CitizenRoutesDeps {
  requests: RequestService;
  reports: Reports;
  tracking: Tracking;
  otps: Otps;
  limiter: CitizenLimiter;
  smsEnabled: boolean;
}

/** Base64 of a 5 MB photo, three of them, and the text around them. */
const REPORT_BODY_LIMIT = Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) * PHOTOS_MAX + 64 * 1024;

const digits = z.string().transform((s) => toLatinDigits(s).trim());
const photo = z.object({
  mime: z.enum(['image/jpeg', 'image/png']),
  data: z.base64().max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4, 'a photo of at most 5 MB'),
});
const reportBody = z
  .object({
    categoryId: z.number().int().positive(),
    neighbourhoodId: z.number().int().positive().optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    address: z.string().max(300).optional(),
    description: z.string().trim().min(3, 'at least 3 characters').max(2000),
    phone: digits.pipe(z.string().min(10).max(20)),
    photos: z.array(photo).max(PHOTOS_MAX).default([]),
    /** The honeypot: hidden from people, filled by form-filling robots. */
    website: z.string().max(500).optional(),
  })
  .strict();
const challengeParams = z.object({ id: z.uuid({ error: 'not a valid code request' }) });
const confirmBody = z
  .object({ code: digits.pipe(z.string().regex(/^\d{6}$/, 'six digits')), resolved: z.boolean().optional() })
  .strict();
const trackParams = z.object({ code: z.string().min(1).max(40) });
const feedbackBody = z.object({ trackingCode: z.string().min(1).max(40) }).strict();

const ip = (req: FastifyRequest) => req.ip;

/** JSON-only changes, Retry-After on a refusal, and no answer kept by any cache (they are per person). */
function guardScope(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST') return;
    const type = req.headers['content-type'];
    const empty =
      type === undefined && !Number(req.headers['content-length'] ?? 0) && !req.headers['transfer-encoding'];
    if (!empty && !(type ?? '').toLowerCase().startsWith('application/json'))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as JSON (Content-Type: application/json)');
  });
  app.addHook('onError', async (_req, reply: FastifyReply, err) => {
    const retry = (err as AppError).details as { retryAfterSeconds?: number } | undefined;
    if (err instanceof AppError && err.code === 'RATE_LIMITED' && retry?.retryAfterSeconds)
      reply.header('retry-after', String(retry.retryAfterSeconds));
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });
}

export function registerCitizenRoutes(app: FastifyInstance, d: CitizenRoutesDeps): void {
  const { limiter } = d;
  guardScope(app);

  app.get('/citizen/api/config', async (req) => {
    await limiter.take('read', ip(req));
    return { webReports: d.smsEnabled, maxPhotos: PHOTOS_MAX, maxPhotoBytes: ATTACHMENT_MAX_BYTES };
  });

  app.get('/citizen/api/taxonomy', async (req) => {
    await limiter.take('read', ip(req));
    const [cats, districts] = await Promise.all([d.requests.categories(), d.requests.districts()]);
    return {
      categories: cats.map((c) => ({ id: c.id, parentId: c.parentId, nameFa: c.nameFa, nameEn: c.nameEn })),
      districts: districts.map((x) => ({
        id: x.id,
        nameFa: x.nameFa,
        nameEn: x.nameEn,
        neighbourhoods: x.neighbourhoods,
      })),
    };
  });

  app.post('/citizen/api/reports', { bodyLimit: REPORT_BODY_LIMIT }, async (req, reply) => {
    await limiter.take('report', ip(req));
    const body = parseInput(reportBody, req.body);
    if (body.website) {
      // A robot filled the hidden field: it is told what a person would be told, and nothing is kept or sent.
      req.log.info({ ip: ip(req) }, 'citizen page: honeypot filled; report dropped');
      return reply.code(202).send({ challengeId: crypto.randomUUID(), expiresAt: new Date(Date.now() + 300_000) });
    }
    const photos = body.photos.map((p) => ({ mime: p.mime, data: Buffer.from(p.data, 'base64') }));
    return reply.code(202).send(await d.reports.submit({ ...body, photos }, ip(req)));
  });

  app.post('/citizen/api/challenges/:id/resend', async (req) => {
    await limiter.take('confirm', ip(req));
    return d.otps.resend(parseInput(challengeParams, req.params).id);
  });

  app.post('/citizen/api/challenges/:id/confirm', async (req) => {
    await limiter.take('confirm', ip(req));
    const { id } = parseInput(challengeParams, req.params);
    const body = parseInput(confirmBody, req.body);
    const row = await d.otps.verify(id, body.code);
    try {
      if (row.purpose === 'report') return await d.reports.confirm(row.subject);
      if (body.resolved === undefined) throw new AppError('VALIDATION', 400, 'Say whether the problem was fixed');
      return await d.tracking.answer(row.subject, body.resolved);
    } catch (err) {
      // The code was right; what it confirmed failed: the same code may be sent again.
      await d.otps.release(id);
      throw err;
    }
  });

  app.get('/citizen/api/track/:code', async (req) => {
    await limiter.take('track', ip(req));
    return d.tracking.track(parseInput(trackParams, req.params).code);
  });

  app.post('/citizen/api/feedback', async (req, reply) => {
    await limiter.take('feedback', ip(req));
    const body = parseInput(feedbackBody, req.body);
    return reply.code(202).send(await d.tracking.startFeedback(body.trackingCode));
  });
}
