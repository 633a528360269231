import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit, type Db } from '../db/index.ts';
import { currentUser, requireRole } from '../auth/index.ts';
import { apiDoc, parseInput, validationError, type RouteDocInput } from '../shared/index.ts';
import { addQuestionVersion, deactivateQuestion, listQuestions } from './survey-admin-repository.ts';
import {
  assertPromptExists,
  listUploadedPrompts,
  MAX_PROMPT_BYTES,
  PROMPT_LANGS,
  saveUploadedPrompt,
  type PromptLang,
} from './survey-sounds.ts';

const code = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes, 2 to 40, starting with a letter');
const digit = z.number().int().min(0).max(9);

// A sound name as Asterisk resolves it under sounds/<lang>/ (no scheme, no extension, no "..").
const prompt = z
  .string()
  .max(120)
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'a sound name such as cti137/survey-courtesy');

const versionBody = z
  .object({
    code,
    textFa: z.string().trim().min(1).max(500).optional(),
    textEn: z.string().trim().min(1).max(500).optional(),
    prompt: prompt.optional(),
    validDigits: z
      .string()
      .regex(/^[0-9]{1,10}$/, 'the keys a caller may press, such as "12345"')
      .refine((s) => new Set(s).size === s.length, 'each key once')
      .optional(),
    minValue: digit.optional(),
    maxValue: digit.optional(),
    timeoutMs: z.number().int().min(1000).max(30000).optional(),
    position: z.number().int().min(1).max(100).optional(),
    scored: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const listQuery = z.object({ history: z.enum(['true', 'false']).optional() });
const promptParams = z.object({ lang: z.enum(PROMPT_LANGS), name: z.string() });
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) =>
  apiDoc({ summary, tags: 'survey', ...more });

/**
 * Survey administration (admins only). A change is a new version: the survey that starts next asks
 * it, without a restart, and answers already given keep pointing at the version they answered.
 */
export function registerSurveyAdminRoutes(app: FastifyInstance, deps: { db: Db; soundsDir: string }): void {
  const admin = { preHandler: requireRole('admin') };

  const listDoc = doc('The survey questions in force (history=true: every version)', { querystring: listQuery });
  app.get('/survey/questions', { ...admin, schema: listDoc }, async (req) => {
    const q = parseInput(listQuery, req.query);
    return listQuestions(deps.db, { history: q.history === 'true' });
  });

  const addDoc = doc('A new version of a question (or a new question): asked from the next survey on', {
    body: versionBody,
    response: { 201: { description: 'The new version' } },
  });
  app.post('/survey/questions', { ...admin, schema: addDoc }, async (req, reply) => {
    const body = parseInput(versionBody, req.body);
    // The prompt must be a file the IVR can play: committed, or uploaded below.
    const saved = await addQuestionVersion(deps.db, body, currentUser(req).id, {
      assertPrompt: (name) => assertPromptExists(name, deps.soundsDir),
    });
    return reply.code(201).send(saved);
  });

  const offDoc = doc('Stop asking a question', { params: z.object({ code }) });
  app.post<{ Params: { code: string } }>(
    '/survey/questions/:code/deactivate',
    { ...admin, schema: offDoc },
    async (req) => {
      const c = parseInput(code, req.params.code);
      return deactivateQuestion(deps.db, c, currentUser(req).id);
    },
  );

  // Recorded prompts: PUT the WAV itself (8 kHz mono 16-bit PCM) as the body; a question then
  // names it as prompt "cti137-custom/<name>". Uploading again replaces the recording.
  const promptsDoc = doc('Uploaded survey prompts per language');
  app.get('/survey/prompts', { ...admin, schema: promptsDoc }, async () => listUploadedPrompts(deps.soundsDir));

  app.register(async (sub) => {
    sub.addContentTypeParser(
      ['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_PROMPT_BYTES },
      (_req, body, done) => done(null, body),
    );
    sub.put<{ Params: { lang: string; name: string } }>(
      '/survey/prompts/:lang/:name',
      {
        ...admin,
        bodyLimit: MAX_PROMPT_BYTES,
        schema: {
          ...doc('Upload a prompt: the WAV itself as the body (8 kHz mono 16-bit PCM); audited', {
            params: promptParams,
            response: {
              201: z.object({ prompt: z.string(), language: z.enum(PROMPT_LANGS), durationMs: z.number() }),
            },
          }),
          consumes: ['audio/wav'],
          body: { type: 'string', format: 'binary' },
        },
      },
      async (req, reply) => {
        const lang = parseInput(z.enum(PROMPT_LANGS), req.params.lang) as PromptLang;
        if (!Buffer.isBuffer(req.body))
          throw validationError('Send the WAV file as the request body with Content-Type audio/wav');
        const saved = await saveUploadedPrompt(deps.soundsDir, lang, req.params.name, req.body);
        await recordAudit(deps.db, currentUser(req).id, 'survey.prompt.upload', `${lang}/${saved.prompt}`, {
          bytes: req.body.length,
          durationMs: saved.info.durationMs,
        });
        return reply.code(201).send({ prompt: saved.prompt, language: lang, durationMs: saved.info.durationMs });
      },
    );
  });
}
