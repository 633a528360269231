import { z } from 'zod';
import { parseShifts, type ShiftDef } from '../calendar/index.ts';
import { outboundConfig, outboundEnv, type OutboundConfig } from './outbound-config.ts';
import { SMS_ENV, smsSettings, type SmsSettings } from './sms-config.ts';
import { MAP_ENV, mapSettings, type MapSettings } from './map-config.ts';
import { OPS_ENV, opsSettings, type OpsSettings } from './ops-config.ts';

export type { ShiftDef };

// The one place that reads the environment. Everything else receives its slice of AppConfig.

export interface AsteriskServerConfig {
  /** Short id used to tag calls from this server ('pbx1', 'pbx2' ...). */
  id: string;
  ami: { host: string; port: number; username: string; secret: string };
  ari: { url: string; username: string; password: string };
}

export interface AppConfig {
  port: number;
  host: string;
  logLevel: string;
  dataDir: string;
  /** Photos of requests (ATTACHMENTS_DIR, default <DATA_DIR>/attachments = var/attachments): outside the web root. */
  attachmentsDir: string;
  /** null = embedded PostgreSQL under dataDir */
  databaseUrl: string | null;
  embeddedPgPort: number;
  /** null = BullMQ on PostgreSQL, socket.io in-memory adapter */
  redisUrl: string | null;
  /** null = embedded Asterisk emulator */
  asterisk: AsteriskServerConfig[] | null;
  ariApp: string;
  emulator: { amiPort: number; ariPort: number; traffic: boolean; timeScale: number };
  demoPassword: string;
  sessionTtlHours: number;
  timezone: string;
  shifts: ShiftDef[];
  wrapupSeconds: number;
  /** Service level threshold T: answered within T seconds. */
  serviceLevelSeconds: number;
  survey: {
    priorWeight: number;
    minResponsesForRank: number;
    /** K: an operator's own figures change only when at least K new ratings are in a closed period. */
    releaseMinRatings: number;
    /** Uploaded survey prompts: <soundsDir>/<lang>/cti137-custom/<name>.wav, shared with Asterisk. */
    soundsDir: string;
  };
  /** Browser origins besides the app's own allowed to open sockets and send state-changing requests. */
  allowedOrigins: string[];
  /** DEMO=on: run the demo (emulator, demo users) on DATABASE_URL; embedded PostgreSQL is always a demo. */
  demo: boolean;
  /** Mark the session cookie Secure and send HSTS (TLS in front of cti137). */
  cookieSecure: boolean;
  /** Proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses or CIDRs); empty: none. */
  trustedProxies: string[];
  /** Per signed-in user (else per address): REST requests a minute; socket events a minute and their burst. */
  rateLimits: { apiPerMinute: number; socketPerMinute: number; socketBurst: number };
  /** E-mail for notifications (SMTP_URL and MAIL_FROM); null: in-app only. */
  mail: { smtpUrl: string; from: string } | null;
  /** Share of the time to a referral's deadline after which the unit is reminded (REMINDER_SHARE). */
  reminderShare: number;
  /** Hours after a unit reports a request done before the citizen's feedback call (FEEDBACK_DELAY_HOURS). */
  feedbackDelayHours: number;
  /** Callbacks: least wait before an abandon is owed a callback; estimated wait from which the IVR offers one. */
  callbacks: { minWaitSeconds: number; offerWaitSeconds: number };
  /** Calls to citizens (src/outbound): calling windows, holidays, limits, pace, the trunk's caller id. */
  outbound: OutboundConfig;
  /** SMS to citizens (SMS_SMPP_URL, SMS_SENDER, SMS_PER_SECOND, SMS_WINDOW); null: off. */
  sms: SmsSettings | null;
  /** /metrics access (METRICS_TOKEN, METRICS_ALLOW) and the log format (LOG_FORMAT). */
  ops: OpsSettings;
  /** Map tiles of the analytics page (MAP_TILE_URL, MAP_TILE_ATTRIBUTION); null: no map at all. */
  map: MapSettings | null;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no']))
  .transform((s) => ['on', 'true', '1', 'yes'].includes(s));

const envSchema = z.object({
  PORT: port.default(8137),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./var'),
  DATABASE_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: port.default(54137),
  REDIS_URL: z.string().url().optional(),
  ASTERISK_AMI_URL: z.string().optional(),
  ASTERISK_ARI_URL: z.string().optional(),
  ARI_APP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('cti137'),
  EMULATOR_AMI_PORT: port.default(15038),
  EMULATOR_ARI_PORT: port.default(18088),
  EMULATOR_TRAFFIC: bool.default(true),
  EMULATOR_TIME_SCALE: z.coerce.number().positive().max(10).default(1),
  DEMO_PASSWORD: z.string().min(6).default('demo137'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  TZ_CENTRE: z.string().default('Asia/Tehran'),
  SHIFTS: z.string().default('morning=07:00-15:00,evening=15:00-23:00,night=23:00-07:00'),
  WRAPUP_SECONDS: z.coerce.number().int().min(0).max(600).default(15),
  SERVICE_LEVEL_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  SURVEY_PRIOR_WEIGHT: z.coerce.number().min(0).default(20),
  SURVEY_MIN_RESPONSES: z.coerce.number().int().min(0).default(20),
  SURVEY_RELEASE_MIN_RATINGS: z.coerce.number().int().min(1).default(5),
  SOUNDS_DIR: z.string().min(1).optional(),
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  ALLOWED_ORIGINS: z.string().default(''),
  DEMO: bool.default(false),
  COOKIE_SECURE: bool.default(false),
  TRUSTED_PROXIES: z.string().default(''),
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_SOCKET_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_SOCKET_BURST: z.coerce.number().int().min(1).default(20),
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  REMINDER_SHARE: z.coerce.number().gt(0).lt(1).default(0.75),
  FEEDBACK_DELAY_HOURS: z.coerce.number().min(0).max(720).default(2),
  CALLBACK_MIN_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  CALLBACK_OFFER_WAIT_SECONDS: z.coerce.number().int().min(0).max(7200).default(120),
  ...outboundEnv,
  ...SMS_ENV,
  ...OPS_ENV,
  ...MAP_ENV,
});

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

// An address or CIDR (IPv4 or IPv6), or proxy-addr's names (loopback, linklocal, uniquelocal).
const PROXY = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

/**
 * The demo (emulator, demo users) must never run on a database that was not made for it: with
 * DATABASE_URL and no Asterisk it has to be asked for (DEMO=on); with Asterisk it makes no sense.
 */
function demoProblems(e: { DEMO: boolean; DATABASE_URL?: string }, asterisk: unknown, problems: string[]): void {
  if (asterisk && e.DEMO)
    problems.push('DEMO: on runs the built-in emulator; unset it, or unset ASTERISK_AMI_URL/ASTERISK_ARI_URL');
  if (!asterisk && e.DATABASE_URL && !e.DEMO)
    problems.push(
      'ASTERISK_AMI_URL/ASTERISK_ARI_URL are not set, so cti137 would run the demo (emulator and demo users) on ' +
        'DATABASE_URL: set the Asterisk URLs for production, or DEMO=on to run the demo on this database ' +
        '(only an empty one, or one a demo made)',
    );
}

/** ASTERISK_AMI_URL: comma-separated `ami://user:secret@host:5038`; ASTERISK_ARI_URL: matching `http://user:pass@host:8088`. */
function parseAsterisk(
  amiSpec: string | undefined,
  ariSpec: string | undefined,
  problems: string[],
): AsteriskServerConfig[] | null {
  if (!amiSpec && !ariSpec) return null;
  if (!amiSpec || !ariSpec) {
    problems.push('ASTERISK_AMI_URL and ASTERISK_ARI_URL must be set together (or neither, for the embedded emulator)');
    return null;
  }
  const amis = amiSpec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const aris = ariSpec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (amis.length !== aris.length) {
    problems.push('ASTERISK_AMI_URL and ASTERISK_ARI_URL must list the same number of servers, in the same order');
    return null;
  }
  return amis.map((a, i) => {
    const id = `pbx${i + 1}`;
    try {
      const u = new URL(a);
      const r = new URL(aris[i]!);
      if (u.protocol !== 'ami:' && u.protocol !== 'tcp:') throw new Error(`${a}: use ami://user:secret@host:5038`);
      if (!u.username || !u.password) throw new Error(`ASTERISK_AMI_URL #${i + 1} needs user and secret`);
      if (!r.username || !r.password) throw new Error(`ASTERISK_ARI_URL #${i + 1} needs user and password`);
      return {
        id,
        ami: {
          host: u.hostname,
          port: Number(u.port || 5038),
          username: decodeURIComponent(u.username),
          secret: decodeURIComponent(u.password),
        },
        ari: {
          url: `${r.protocol}//${r.host}`,
          username: decodeURIComponent(r.username),
          password: decodeURIComponent(r.password),
        },
      };
    } catch (e) {
      problems.push((e as Error).message);
      return null as unknown as AsteriskServerConfig;
    }
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset: a blank line in a .env file should not change behaviour.
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(clean);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const shifts = parseShifts(e.SHIFTS, problems);
  const asterisk = parseAsterisk(e.ASTERISK_AMI_URL, e.ASTERISK_ARI_URL, problems);
  demoProblems(e, asterisk, problems);
  const allowedOrigins = list(e.ALLOWED_ORIGINS).map((o) => o.replace(/\/+$/, ''));
  for (const o of allowedOrigins.filter((x) => !URL.canParse(x) || new URL(x).origin !== x))
    problems.push(`ALLOWED_ORIGINS: "${o}" is not an origin (scheme://host[:port], e.g. https://wall.city.ir)`);
  const trustedProxies = list(e.TRUSTED_PROXIES);
  for (const p of trustedProxies.filter((x) => !PROXY.test(x)))
    problems.push(`TRUSTED_PROXIES: "${p}" is not an address or CIDR (e.g. 127.0.0.1,10.0.0.0/8)`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: e.TZ_CENTRE });
  } catch {
    problems.push(`TZ_CENTRE: unknown time zone "${e.TZ_CENTRE}"`);
  }
  const outbound = outboundConfig(e, problems);
  const sms = smsSettings(e, problems);
  const map = mapSettings(e, problems);
  const ops = opsSettings(e, problems);
  if (!e.SMTP_URL !== !e.MAIL_FROM)
    problems.push('SMTP_URL and MAIL_FROM must be set together (or neither: no e-mail)');
  if (problems.length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    attachmentsDir: e.ATTACHMENTS_DIR ?? `${e.DATA_DIR.replace(/\/+$/, '')}/attachments`,
    databaseUrl: e.DATABASE_URL ?? null,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    redisUrl: e.REDIS_URL ?? null,
    asterisk,
    ariApp: e.ARI_APP,
    emulator: {
      amiPort: e.EMULATOR_AMI_PORT,
      ariPort: e.EMULATOR_ARI_PORT,
      traffic: e.EMULATOR_TRAFFIC,
      timeScale: e.EMULATOR_TIME_SCALE,
    },
    demoPassword: e.DEMO_PASSWORD,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    timezone: e.TZ_CENTRE,
    shifts,
    wrapupSeconds: e.WRAPUP_SECONDS,
    serviceLevelSeconds: e.SERVICE_LEVEL_SECONDS,
    survey: {
      priorWeight: e.SURVEY_PRIOR_WEIGHT,
      minResponsesForRank: e.SURVEY_MIN_RESPONSES,
      releaseMinRatings: e.SURVEY_RELEASE_MIN_RATINGS,
      soundsDir: e.SOUNDS_DIR ?? `${e.DATA_DIR.replace(/\/+$/, '')}/sounds`,
    },
    allowedOrigins,
    demo: e.DEMO,
    cookieSecure: e.COOKIE_SECURE,
    trustedProxies,
    rateLimits: {
      apiPerMinute: e.RATE_LIMIT_API_PER_MINUTE,
      socketPerMinute: e.RATE_LIMIT_SOCKET_PER_MINUTE,
      socketBurst: e.RATE_LIMIT_SOCKET_BURST,
    },
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : null,
    reminderShare: e.REMINDER_SHARE,
    feedbackDelayHours: e.FEEDBACK_DELAY_HOURS,
    callbacks: { minWaitSeconds: e.CALLBACK_MIN_WAIT_SECONDS, offerWaitSeconds: e.CALLBACK_OFFER_WAIT_SECONDS },
    outbound,
    sms,
    ops,
    map,
  };
}
