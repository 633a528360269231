import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole, STAFF_ROLES } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import {
  apiDoc,
  AppError,
  maskPhone,
  notFound,
  parseInput,
  unavailable,
  validationError,
  type RouteDocInput,
} from '../shared/index.ts';
import {
  countPending,
  listSmsOfRequest,
  listTemplates,
  requestFacts,
  saveTemplate,
  setConsent,
} from './sms-repository.ts';
import type { SmsService } from './sms-service.ts';
import { unknownPlaceholders } from './sms-text.ts';
import { SMS_TEMPLATE_KEYS, type SmsStatusView } from './sms-types.ts';

export interface RouteDeps {
  db: Db;
  service: SmsService;
  /** null when SMS is off. */
  status: (() => { connected: boolean; sender: string; perSecond: number; window: number }) | null;
}

const id = z.string().regex(/^\d{1,18}$/, 'a number');
const listQuery = z.object({ requestId: id }).strict();
const keyParams = z.object({ key: z.enum(SMS_TEMPLATE_KEYS) });
const templateBody = z.object({ textFa: z.string().trim().min(1).max(1000) }).strict();
// Staff may send by hand only what makes sense at the desk: the tracking code, or the status now.
const sendBody = z.object({ template: z.enum(['registered', 'status-reply']) }).strict();
const requestParams = z.object({ id });

// The OpenAPI descriptions (documentation only: parseInput in each handler validates).
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) =>
  apiDoc({ summary, tags: 'sms', ...more });
const DOCS = {
  status: doc('Whether SMS is on, the SMPP link and the messages waiting (137 staff)', {
    response: {
      200: { description: '{ enabled: false } or { enabled, connected, sender, perSecond, window, pending }' },
    },
  }),
  list: doc("The citizen's SMS of one request, phone numbers masked (supervisors, admins); audited", {
    querystring: listQuery,
    response: { 200: { description: '{ items: [ message ] }' } },
  }),
  templates: doc('The SMS templates (admins only)', {
    response: { 200: { description: '{ items: [ { key, textFa, updatedAt } ] }' } },
  }),
  save: doc("Change a template's Persian text; only known {placeholders} (admins only); audited", {
    params: keyParams,
    body: templateBody,
    response: { 200: { description: 'The template as saved' } },
  }),
  send: doc(
    'Send the citizen the tracking code or the status now, with their consent (operators, supervisors, admins); audited',
    {
      params: requestParams,
      body: sendBody,
      response: {
        202: { description: '{ id, consent: true }: queued (id null when the stored number is not a phone number)' },
        404: { description: 'No such request' },
        409: { description: 'The request has no citizen phone number (NO_PHONE)' },
        503: { description: 'SMS is not configured (SMS_DISABLED)' },
      },
    },
  ),
};

export function registerSmsRoutes(app: FastifyInstance, d: RouteDeps): void {
  const staff = { preHandler: requireRole(...STAFF_ROLES), schema: DOCS.status };
  const supervise = { preHandler: requireRole('supervisor', 'admin'), schema: DOCS.list };
  const admin = requireRole('admin');
  const writers = { preHandler: requireRole('operator', 'supervisor', 'admin'), schema: DOCS.send };

  app.get('/sms/status', staff, async (): Promise<SmsStatusView> => {
    if (!d.status) return { enabled: false };
    return { enabled: true, ...d.status(), pending: await countPending(d.db) };
  });

  // The citizen's messages of one request; phone numbers masked, and the look recorded.
  app.get('/sms', supervise, async (req) => {
    const { requestId } = parseInput(listQuery, req.query);
    const items = await listSmsOfRequest(d.db, requestId);
    await recordAudit(d.db, currentUser(req).id, 'sms.list', `request:${requestId}`, { count: items.length });
    return { items: items.map((m) => ({ ...m, phone: maskPhone(m.phone) })) };
  });

  app.get('/sms/templates', { preHandler: admin, schema: DOCS.templates }, async () => ({
    items: await listTemplates(d.db),
  }));

  app.put('/sms/templates/:key', { preHandler: admin, schema: DOCS.save }, async (req) => {
    const { key } = parseInput(keyParams, req.params);
    const { textFa } = parseInput(templateBody, req.body);
    const unknown = unknownPlaceholders(textFa);
    if (unknown.length)
      throw validationError(`Invalid input: textFa: unknown placeholders ${unknown.map((u) => `{${u}}`).join(' ')}`, {
        fields: [{ field: 'textFa', message: `unknown placeholders: ${unknown.join(', ')}` }],
      });
    const saved = await saveTemplate(d.db, key, textFa, currentUser(req).id);
    await recordAudit(d.db, currentUser(req).id, 'sms.template', `sms-template:${key}`, {});
    return saved;
  });

  // The operator read the question to the citizen and they agreed: consent is stored, the SMS queued.
  app.post('/requests/:id/sms', writers, async (req, reply) => {
    const requestId = parseInput(requestParams, req.params).id;
    const { template } = parseInput(sendBody, req.body);
    if (!d.service.enabled) throw unavailable('SMS_DISABLED', 'SMS is not configured (SMS_SMPP_URL, SMS_SENDER)');
    const facts = await requestFacts(d.db, requestId);
    if (!facts) throw notFound('The request');
    if (!facts.phone) throw new AppError('NO_PHONE', 409, 'The request has no citizen phone number');
    const user = currentUser(req).id;
    await setConsent(d.db, requestId);
    await recordAudit(d.db, user, 'sms.consent', `request:${requestId}`, { template });
    const sent = await d.service.sendAboutRequest(requestId, template, { byUserId: user, anyway: true });
    return reply.code(202).send({ id: sent?.id ?? null, consent: true });
  });
}
