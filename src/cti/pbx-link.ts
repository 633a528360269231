import { BootWatch } from './boot-watch.ts';
import { droppedEventLog } from './dropped-event-log.ts';
import type { PbxLinkOptions } from './pbx-link-options.ts';
import { reconcileLive, resyncPbx } from './pbx-resync.ts';
import { toTelephonyEvent } from './telephony-parse.ts';

export type { PbxLinkOptions } from './pbx-link-options.ts';

/** How often the live calls are checked against Asterisk's channels while the link is up. */
export const RECONCILE_EVERY_MS = 60_000;

/**
 * Feeds one Asterisk's AMI events into the CTI state and resyncs after every (re)connect: the
 * queue members Asterisk has are the truth about who is logged in and paused.
 */
export function linkPbx(o: PbxLinkOptions): void {
  const dropped = droppedEventLog(o.logger, o.serverId);
  const boots = new BootWatch();
  /** When the link went down: calls lost in a restart ended then, not when we got back. */
  let downAt: number | null = null;
  const check = reconcileTimer(o);
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
    check.start();
  });
  // A frame dropped as oversized may have been a hang-up: look at Asterisk's channels soon.
  o.ami.on('problem', (p) => {
    if (p.kind === 'frame-too-large') check.soon();
  });
  o.ami.on('disconnected', ({ error }) => {
    check.stop();
    downAt ??= Date.now();
    o.logger.warn({ err: error?.message }, 'AMI link down; reconnecting');
  });
}

/** The periodic reconcile while connected, and an early one (coalesced) after a dropped frame. */
function reconcileTimer(o: PbxLinkOptions) {
  let every: NodeJS.Timeout | undefined;
  let early: NodeJS.Timeout | undefined;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    await reconcileLive(o).finally(() => (running = false));
  };
  return {
    start() {
      clearInterval(every);
      every = setInterval(() => void run(), o.reconcileEveryMs ?? RECONCILE_EVERY_MS);
      every.unref();
    },
    soon() {
      if (early || !every) return;
      early = setTimeout(() => {
        early = undefined;
        void run();
      }, 1_000);
      early.unref();
    },
    stop() {
      clearInterval(every);
      clearTimeout(early);
      every = early = undefined;
    },
  };
}
