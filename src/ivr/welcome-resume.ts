import { CallerHungUp, SessionReleased, type ChannelSession } from './channel-session.ts';
import { runWelcome, type WelcomeChoice, type WelcomeDeps } from './welcome-flow.ts';

/**
 * A caller in the welcome menu taken over from a node that stopped (or lost its ARI link). Keys
 * pressed in the gap are gone and nothing on the channel says how far the menu got, so:
 * - a choice the old node already handed to the dialplan (CTI_QUEUE set, `continue` lost) stands:
 *   the caller goes on to that queue at once;
 * - otherwise the menu starts over, greeting included. The choice still matters (9 is served first
 *   in the hazard queue, 2 may spare the caller the queue altogether), which sending everyone to
 *   the main queue would lose; and after seconds of silence the greeting tells the caller they
 *   are still on the 137 line. A caller who says nothing reaches the queue as before.
 */
export async function resumeWelcome(s: ChannelSession, d: WelcomeDeps): Promise<WelcomeChoice | null> {
  const queue = await s.ari.getVariable(s.channelId, 'CTI_QUEUE').catch(() => null);
  if (!queue) return runWelcome(s, d);
  try {
    // The old node sets CTI_QUEUE, then QUEUE_PRIO: it may have died in between.
    const prio = await s.ari.getVariable(s.channelId, 'QUEUE_PRIO');
    const hazard = prio ? Number(prio) > 0 : queue === d.queues.hazard || (await d.hasOpenHazard().catch(() => false));
    if (!prio && hazard) await s.ari.setVariable(s.channelId, 'QUEUE_PRIO', '10');
    await s.ari.continueInDialplan(s.channelId);
    return { choice: queue === d.queues.hazard ? '9' : 'none', hazard, queue, priority: hazard ? 10 : 0 };
  } catch (err) {
    if (err instanceof CallerHungUp || err instanceof SessionReleased || s.released) return null;
    d.logger.error({ err: (err as Error).message, channel: s.channelId }, 'welcome IVR resume failed; queueing');
    await s.ari.continueInDialplan(s.channelId).catch(() => undefined);
    return null;
  }
}
