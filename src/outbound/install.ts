import type { ShiftCalendar } from '../calendar/index.ts';
import type { AmiMessage, CtiHandle } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Host } from '../shared/index.ts';
import { parseHolidays, parseWindows } from './calling-windows.ts';
import { OutboundEngine, type OutboundSettings } from './outbound-engine.ts';
import { parseChannelId } from './outbound-jobs.ts';
import type { OutboundHandle } from './outbound-types.ts';
import { outcomeOfDialStatus, outcomeOfReason, readOriginateResponse } from './originate.ts';

export interface OutboundConfig {
  /** OUTBOUND_WINDOWS, e.g. `sat-wed 08:00-21:00; thu 08:00-13:00`. */
  windows: string;
  /** OUTBOUND_HOLIDAYS: YYYY-MM-DD list. */
  holidays: string[];
  dailyLimitPerNumber: number;
  maxAttempts: number;
  retryMinutes: number;
  callerId: string;
  maxConcurrent: number;
}

export type OutboundCore = Pick<Host, 'logger'> & {
  db: Db;
  jobs: Pick<Jobs, 'schedule' | 'handle'>;
  calendar: ShiftCalendar;
  cti: Pick<CtiHandle, 'amis' | 'queueState' | 'directory'>;
  config: OutboundConfig;
  serviceLevelSeconds: number;
  ariApp: string;
  /** Tests shorten the waits: back-off base, pace retry, ring timeout (ms). */
  retryBaseMs?: number;
  paceRetryMs?: number;
  ringTimeoutMs?: number;
};

/** Parses the settings, registers the jobs and follows every PBX's OriginateResponse and DialEnd. */
export function install(core: OutboundCore): OutboundHandle {
  const c = core.config;
  const retryBaseMs = core.retryBaseMs ?? c.retryMinutes * 60_000;
  const s: OutboundSettings = {
    windows: {
      timeZone: core.calendar.timeZone,
      byWeekday: parseWindows(c.windows),
      holidays: parseHolidays(c.holidays.join(',')),
      dailyLimitPerNumber: c.dailyLimitPerNumber,
    },
    maxAttempts: c.maxAttempts,
    retryBaseMs,
    callerId: c.callerId,
    maxConcurrent: c.maxConcurrent,
    serviceLevelSeconds: core.serviceLevelSeconds,
    ringTimeoutMs: core.ringTimeoutMs ?? 40_000,
    // A held call is tried again a minute later (or sooner when the back-off base is shorter).
    paceRetryMs: core.paceRetryMs ?? Math.min(60_000, retryBaseMs),
    ariApp: core.ariApp,
  };
  const log = core.logger.child({ mod: 'outbound' });
  const engine = new OutboundEngine({ db: core.db, jobs: core.jobs, cti: core.cti, logger: log, s });
  core.jobs.handle('outbound-dial', (j) => engine.run(j.id, j.at));
  core.jobs.handle('outbound-watch', (j) => engine.finish(j.id, j.attempt, 'failed', { reason: 'no-response' }));
  for (const ami of core.cti.amis.values())
    ami.on('event', (m) => {
      void observe(engine, m).catch((err: Error) =>
        log.error({ err: err.message, event: m.event }, 'outbound event not handled'),
      );
    });
  return engine;
}

/** Events of our own first legs only (ChannelId cti137-out-<id>-<attempt>); every node sees them, one ends the attempt. */
async function observe(engine: OutboundEngine, m: AmiMessage): Promise<void> {
  const ev = m.event;
  if (ev === 'OriginateResponse') {
    const a = readOriginateResponse(m);
    const ours = parseChannelId(a?.uniqueid ?? undefined);
    if (!a || !ours) return;
    const linked = { channel: a.channel, linkedid: a.uniqueid, reason: `originate:${a.reason}` };
    const target = await engine.targetKind(ours.id);
    // Operator first: Success only means the operator's phone is up; the citizen's leg ends in DialEnd.
    if (target === 'operator' && a.success) return engine.attach(ours.id, ours.attempt, linked);
    const outcome = a.success ? 'answered' : outcomeOfReason(a.reason);
    const failed = target === 'operator' ? 'failed' : outcome;
    return engine.finish(ours.id, ours.attempt, failed, {
      ...linked,
      reason: target === 'operator' ? `operator-phone:${a.reason}` : linked.reason,
    });
  }
  if (ev === 'DialEnd') {
    const ours = parseChannelId(m.get('Uniqueid'));
    if (!ours) return;
    const status = m.get('DialStatus') ?? '';
    await engine.finish(ours.id, ours.attempt, outcomeOfDialStatus(status), {
      reason: `dial:${status}`,
      channel: m.get('DestChannel') ?? null,
      linkedid: m.get('Linkedid') ?? null,
    });
  }
}
