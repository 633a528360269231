import type { AmiMessage } from '../asterisk/ami/index.ts';
import { LogThrottle, type Logger } from '../shared/index.ts';
import { dropReason } from './telephony-filter.ts';

/** Distinct unknown event names remembered for throttling; past this they share one throttle. */
const MAX_NAMES = 200;

/**
 * One log line per unknown event name (and per wanted event that came without its identifying
 * fields), at most once a minute per name with a count of the ones suppressed in between, so a
 * chatty module cannot flood the log. Deliberately ignored events (VarSet, Newexten…) stay silent.
 */
export function droppedEventLog(
  logger: Logger,
  serverId: string,
  now: () => number = Date.now,
): (m: AmiMessage) => void {
  const throttles = new Map<string, LogThrottle>();
  const shared = new LogThrottle(60_000, 1, now);
  return (m) => {
    const why = dropReason(m);
    if (why === 'ignored') return;
    const name = m.event ?? '(no name)';
    const key = `${why}:${name}`;
    let t = throttles.get(key);
    if (!t && throttles.size < MAX_NAMES) throttles.set(key, (t = new LogThrottle(60_000, 1, now)));
    const { log, suppressed } = (t ?? shared).take();
    if (!log) return;
    const keys = m.fields.map(([k]) => k).slice(0, 12);
    if (why === 'unknown')
      logger.info({ server: serverId, event: name, keys, suppressed }, 'AMI: unknown event skipped');
    else
      logger.warn(
        { server: serverId, event: name, keys, suppressed },
        'AMI: event without the fields that identify its call or member skipped',
      );
  };
}
