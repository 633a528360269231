import { recordAudit, withTransaction, type Db, type DbClient } from '../db/index.ts';
import { conflict, notFound, validationError } from '../shared/index.ts';

/** A row of survey_questions as the admin sees it. */
export interface QuestionVersion {
  id: string;
  code: string;
  version: number;
  position: number;
  textFa: string;
  textEn: string;
  prompt: string;
  validDigits: string;
  minValue: number;
  maxValue: number;
  timeoutMs: number;
  scored: boolean;
  active: boolean;
  createdAt: string;
}

/** What a new version may set; for an existing code, anything left out is kept from its newest version. */
export type QuestionChange = Partial<Omit<QuestionVersion, 'id' | 'code' | 'version' | 'createdAt'>> & { code: string };

const COLUMNS = `id::text, code, version, position, text_fa, text_en, prompt, valid_digits, min_value, max_value, timeout_ms, scored, active, created_at`;

interface Row {
  id: string;
  code: string;
  version: number;
  position: number;
  text_fa: string;
  text_en: string;
  prompt: string;
  valid_digits: string;
  min_value: number;
  max_value: number;
  timeout_ms: number;
  scored: boolean;
  active: boolean;
  created_at: Date;
}

const toView = (r: Row): QuestionVersion => ({
  id: r.id,
  code: r.code,
  version: r.version,
  position: r.position,
  textFa: r.text_fa,
  textEn: r.text_en,
  prompt: r.prompt,
  validDigits: r.valid_digits,
  minValue: r.min_value,
  maxValue: r.max_value,
  timeoutMs: r.timeout_ms,
  scored: r.scored,
  active: r.active,
  createdAt: r.created_at.toISOString(),
});

/** The newest version of every question (what the next survey asks, if active), or every version ever. */
export async function listQuestions(db: Db, opts: { history: boolean }): Promise<QuestionVersion[]> {
  const sql = opts.history
    ? `SELECT ${COLUMNS} FROM survey_questions ORDER BY code, version`
    : `SELECT * FROM (SELECT DISTINCT ON (code) ${COLUMNS} FROM survey_questions ORDER BY code, version DESC) q ORDER BY active DESC, position, code`;
  return (await db.query<Row>(sql)).rows.map(toView);
}

const REQUIRED_FOR_NEW: Array<keyof QuestionChange> = [
  'textFa',
  'textEn',
  'prompt',
  'validDigits',
  'minValue',
  'maxValue',
];

/**
 * A new version of a question (or version 1 of a new code). Older versions stay: answers point at
 * the version they were given under. The next survey reads it; no restart. Serialised per code so
 * two admins cannot both write version N+1.
 */
export async function addQuestionVersion(
  db: Db,
  change: QuestionChange,
  userId: string,
  opts: { assertPrompt?: (name: string) => void } = {},
): Promise<QuestionVersion> {
  return withTransaction(db, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('survey_question:' || $1))`, [change.code]);
    const prev = (
      await c.query<Row>(`SELECT ${COLUMNS} FROM survey_questions WHERE code = $1 ORDER BY version DESC LIMIT 1`, [
        change.code,
      ])
    ).rows[0];
    const base = prev ? toView(prev) : null;
    if (!base) {
      const missing = REQUIRED_FOR_NEW.filter((k) => change[k] === undefined);
      if (missing.length)
        throw validationError(`A new question needs ${missing.join(', ')}`, {
          fields: missing.map((field) => ({ field, message: 'required for a new question' })),
        });
    }
    const next = {
      position: change.position ?? base?.position ?? (await nextPosition(c)),
      textFa: change.textFa ?? base!.textFa,
      textEn: change.textEn ?? base!.textEn,
      prompt: change.prompt ?? base!.prompt,
      validDigits: change.validDigits ?? base!.validDigits,
      minValue: change.minValue ?? base!.minValue,
      maxValue: change.maxValue ?? base!.maxValue,
      timeoutMs: change.timeoutMs ?? base?.timeoutMs ?? 6000,
      scored: change.scored ?? base?.scored ?? true,
      active: change.active ?? true,
    };
    checkRange(next.validDigits, next.minValue, next.maxValue);
    if (base) checkPromptMatchesScale(base, next);
    if (!base || next.prompt !== base.prompt) opts.assertPrompt?.(next.prompt);
    const r = await c.query<Row>(
      `INSERT INTO survey_questions (code, version, position, text_fa, text_en, prompt, valid_digits, min_value, max_value, timeout_ms, scored, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [
        change.code,
        (base?.version ?? 0) + 1,
        next.position,
        next.textFa,
        next.textEn,
        next.prompt,
        next.validDigits,
        next.minValue,
        next.maxValue,
        next.timeoutMs,
        next.scored,
        next.active,
      ],
    );
    const saved = toView(r.rows[0]!);
    await recordAudit(c, userId, 'survey.question.version', saved.code, {
      version: saved.version,
      previous: base?.version ?? null,
      changed: Object.keys(change).filter((k) => k !== 'code'),
    });
    return saved;
  });
}

/** The question is no longer asked from the next survey on; its answers and versions stay. */
export async function deactivateQuestion(db: Db, code: string, userId: string): Promise<QuestionVersion> {
  return withTransaction(db, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('survey_question:' || $1))`, [code]);
    const prev = (
      await c.query<Row>(`SELECT ${COLUMNS} FROM survey_questions WHERE code = $1 ORDER BY version DESC LIMIT 1`, [
        code,
      ])
    ).rows[0];
    if (!prev) throw notFound('Survey question');
    if (!prev.active)
      throw conflict(
        'ALREADY_INACTIVE',
        'This question is already inactive; add a new version with "active": true to ask it again',
      );
    const r = await c.query<Row>(`UPDATE survey_questions SET active = false WHERE id = $1 RETURNING ${COLUMNS}`, [
      prev.id,
    ]);
    await recordAudit(c, userId, 'survey.question.deactivate', code, { version: prev.version });
    return toView(r.rows[0]!);
  });
}

/** Every key the caller may press must give a value the question accepts. */
function checkRange(validDigits: string, min: number, max: number): void {
  if (min > max)
    throw validationError('minValue must not be greater than maxValue', {
      fields: [{ field: 'minValue', message: 'greater than maxValue' }],
    });
  const out = [...validDigits].filter((d) => Number(d) < min || Number(d) > max);
  if (out.length)
    throw validationError(`Keys ${out.join(', ')} are outside ${min}–${max}`, {
      fields: [{ field: 'validDigits', message: `every key must be within ${min}–${max}` }],
    });
}

/**
 * A prompt tells callers which keys to press ("from 1 to 5"): a version that changes the keys or
 * the range must name another prompt, recorded for the new scale.
 */
function checkPromptMatchesScale(
  base: QuestionVersion,
  next: { prompt: string; validDigits: string; minValue: number; maxValue: number },
): void {
  const rescaled =
    next.validDigits !== base.validDigits || next.minValue !== base.minValue || next.maxValue !== base.maxValue;
  if (rescaled && next.prompt === base.prompt) {
    throw validationError(
      `"${base.prompt}" tells callers the keys ${base.validDigits} (${base.minValue}–${base.maxValue}); a version with other keys or another range needs a prompt recorded for it: upload one and set prompt`,
      { fields: [{ field: 'prompt', message: 'the keys or the range change: name a matching prompt' }] },
    );
  }
}

async function nextPosition(c: DbClient): Promise<number> {
  const r = await c.query<{ p: number }>(`SELECT COALESCE(max(position), 0) + 1 AS p FROM survey_questions`);
  return r.rows[0]!.p;
}
