import type { Logger } from '../shared/logger.ts';
import { CallerHungUp, type ChannelSession } from './channel-session.ts';
import { PROMPTS } from './prompts.ts';

export interface WelcomeChoice {
  /** '1' new request, '2' status, '9' hazard, 'none' no valid input. */
  choice: '1' | '2' | '9' | 'none';
  hazard: boolean;
  queue: string;
  priority: number;
}

export interface WelcomeDeps {
  logger: Logger;
  timeScale: number;
  queues: { normal: string; hazard: string };
  /** Status read-back for option 2: media to play for a tracking code, or null when not found. */
  statusMedia: (trackingCode: string) => Promise<string[] | null>;
  /** A repeat caller with an open hazard request goes first. */
  hasOpenHazard: () => Promise<boolean>;
}

/**
 * Stasis(cti137,welcome): greeting, then 1 new request, 2 status by tracking code, 9 hazard.
 * No or wrong input: the menu once more, then the queue anyway — a caller is never dropped.
 * The choice is handed back to the dialplan as CTI_QUEUE / QUEUE_PRIO channel variables.
 */
export async function runWelcome(s: ChannelSession, d: WelcomeDeps): Promise<WelcomeChoice | null> {
  const t = (ms: number) => ms * d.timeScale;
  try {
    await s.ari.answer(s.channelId);
    await s.play([PROMPTS.welcome, PROMPTS.menu]);
    let choice: WelcomeChoice['choice'] = 'none';
    for (let attempt = 0; attempt < 2 && choice === 'none'; attempt++) {
      if (attempt > 0) await s.play([PROMPTS.invalidOrNoInput, PROMPTS.menu]);
      const digit = await s.readDigit(t(5000));
      if (digit === '1' || digit === '2' || digit === '9') choice = digit;
    }
    if (choice === '2') {
      for (let attempt = 0; attempt < 2; attempt++) {
        await s.play(attempt === 0 ? PROMPTS.enterTrackingCode : [PROMPTS.requestNotFound, PROMPTS.enterTrackingCode]);
        const code = await s.readDigits(12, t(8000), t(3000));
        const media = code ? await d.statusMedia(code) : null;
        if (media) {
          await s.play(media, { interruptible: false });
          break;
        }
      }
      await s.play(PROMPTS.transferring);
    }
    const hazard = choice === '9' || (await d.hasOpenHazard().catch(() => false));
    const result: WelcomeChoice = {
      choice,
      hazard,
      queue: choice === '9' ? d.queues.hazard : d.queues.normal,
      priority: hazard ? 10 : 0,
    };
    await s.ari.setVariable(s.channelId, 'CTI_QUEUE', result.queue);
    if (result.priority) await s.ari.setVariable(s.channelId, 'QUEUE_PRIO', String(result.priority));
    await s.ari.continueInDialplan(s.channelId);
    return result;
  } catch (err) {
    if (err instanceof CallerHungUp) return null;
    // Whatever went wrong in the IVR, the caller still reaches an operator.
    d.logger.error({ err: (err as Error).message, channel: s.channelId }, 'welcome IVR failed; sending the caller to the queue');
    await s.ari.continueInDialplan(s.channelId).catch(() => undefined);
    return null;
  }
}
