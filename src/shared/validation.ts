import type { z } from 'zod';
import { validationError } from './errors.ts';

/** Parse a body/query with zod and turn problems into one VALIDATION error listing each field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    throw validationError(`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
  }
  return r.data;
}
