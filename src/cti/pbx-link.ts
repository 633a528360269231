import { BootWatch } from './boot-watch.ts';
import { droppedEventLog } from './dropped-event-log.ts';
import type { PbxLinkOptions } from './pbx-link-options.ts';
import { resyncPbx } from './pbx-resync.ts';
import { toTelephonyEvent } from './telephony-parse.ts';

export type { PbxLinkOptions } from './pbx-link-options.ts';

/**
 * Feeds one Asterisk's AMI events into the CTI state and resyncs after every (re)connect: the
 * queue members Asterisk has are the truth about who is logged in and paused.
 */
export function linkPbx(o: PbxLinkOptions): void {
  const dropped = droppedEventLog(o.logger, o.serverId);
  const boots = new BootWatch();
  /** When the link went down: calls lost in a restart ended then, not when we got back. */
  let downAt: number | null = null;
  o.ami.on('event', (m) => {
    if (m.event === 'FullyBooted') boots.fullyBooted(m, Date.now());
    const e = toTelephonyEvent(m, o.serverId);
    if (!e) return dropped(m);
    try {
      o.tracker.handle(e);
    } catch (err) {
      // One bad event must not stop the stream of the others.
      o.logger.error({ err: (err as Error).message, event: m.event }, 'CTI state update failed for an event; skipped');
    }
  });
  o.ami.on('connected', () => {
    // The calls we had before this connection: the only ones an Asterisk restart can have lost
    // (events of the new connection may already be starting new calls before CoreStatus answers).
    const before = new Set(
      o.tracker
        .active()
        .filter((c) => c.serverId === o.serverId)
        .map((c) => c.key),
    );
    boots.connected();
    void resyncPbx(o, boots, before, downAt ?? Date.now());
    downAt = null;
  });
  o.ami.on('disconnected', ({ error }) => {
    downAt ??= Date.now();
    o.logger.warn({ err: error?.message }, 'AMI link down; reconnecting');
  });
}
