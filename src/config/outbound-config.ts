import { z } from 'zod';

// OUTBOUND_* settings (calls to citizens, src/outbound), apart so config.ts stays readable.
// The windows' grammar is checked in full by src/outbound at install; here only its shape.

export interface OutboundConfig {
  /** OUTBOUND_WINDOWS, e.g. `sat-wed 08:00-21:00; thu 08:00-13:00`. */
  windows: string;
  /** OUTBOUND_HOLIDAYS: Gregorian YYYY-MM-DD dates in TZ_CENTRE. */
  holidays: string[];
  dailyLimitPerNumber: number;
  maxAttempts: number;
  /** Back-off base in minutes (fractions allowed: tests use seconds). */
  retryMinutes: number;
  /** The trunk's caller id the citizen sees. */
  callerId: string;
  maxConcurrent: number;
}

export const outboundEnv = {
  OUTBOUND_WINDOWS: z.string().min(1).default('sat-thu 08:00-21:00'),
  OUTBOUND_HOLIDAYS: z.string().default(''),
  OUTBOUND_DAILY_LIMIT_PER_NUMBER: z.coerce.number().int().min(1).max(20).default(2),
  OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  OUTBOUND_RETRY_MINUTES: z.coerce.number().positive().max(1440).default(30),
  OUTBOUND_CALLER_ID: z
    .string()
    .regex(/^\+?[0-9]{2,20}$/)
    .default('137'),
  OUTBOUND_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(2),
};

type OutboundEnv = { [K in keyof typeof outboundEnv]: z.infer<(typeof outboundEnv)[K]> };

const ENTRY =
  /^(sat|sun|mon|tue|wed|thu|fri)([-,](sat|sun|mon|tue|wed|thu|fri))*\s+(none|\d{1,2}:\d{2}-\d{1,2}:\d{2}(,\d{1,2}:\d{2}-\d{1,2}:\d{2})*)$/i;

export function outboundConfig(e: OutboundEnv, problems: string[]): OutboundConfig {
  const holidays = e.OUTBOUND_HOLIDAYS.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const d of holidays.filter((x) => !/^\d{4}-\d{2}-\d{2}$/.test(x)))
    problems.push(`OUTBOUND_HOLIDAYS: "${d}" is not a date YYYY-MM-DD (Gregorian, in TZ_CENTRE)`);
  for (const entry of e.OUTBOUND_WINDOWS.split(';').map((x) => x.trim()))
    if (entry && !ENTRY.test(entry))
      problems.push(`OUTBOUND_WINDOWS: "${entry}" is not "<days> <HH:MM-HH:MM>" (e.g. "sat-thu 08:00-21:00")`);
  return {
    windows: e.OUTBOUND_WINDOWS,
    holidays,
    dailyLimitPerNumber: e.OUTBOUND_DAILY_LIMIT_PER_NUMBER,
    maxAttempts: e.OUTBOUND_MAX_ATTEMPTS,
    retryMinutes: e.OUTBOUND_RETRY_MINUTES,
    callerId: e.OUTBOUND_CALLER_ID,
    maxConcurrent: e.OUTBOUND_MAX_CONCURRENT,
  };
}
