import type { AriChannel, AriClient, AriEvent } from '../asterisk/ari/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { CallRecorder, CallTracker, OperatorDirectory, QueueState } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { FeedbackHandle } from '../feedback/index.ts';
import { findCitizenIdByPhone, findRequestByTrackingCode, listCitizenRequests } from '../requests/index.ts';
import { normalizePhone, type Logger } from '../shared/index.ts';
import { AnswerWriter } from '../survey/index.ts';
import { ChannelSession, SessionReleased } from './channel-session.ts';
import { dbWait } from './db-wait.ts';
import { runFeedbackCall } from './feedback-flow.ts';
import { IVR_LANGUAGE, PROMPTS } from './prompts.ts';
import { runSurvey } from './survey-flow.ts';
import { resumedSurveyContext, surveyContext } from './survey-start.ts';
import { estimatedWaitSeconds } from './wait-estimate.ts';
import { runWelcome, type CallbackOffer } from './welcome-flow.ts';
import { resumeWelcome } from './welcome-resume.ts';

export interface StasisAppDeps {
  serverId: string;
  app: string;
  ari: AriClient;
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  /** The centre's shifts (a survey's shift) and time zone (deadlines read back as Jalali dates). */
  calendar: ShiftCalendar;
  logger: Logger;
  timeScale: number;
  queues: { normal: string; hazard: string };
  /** A talk shorter than this makes the survey suspect (operator hung up at once). */
  shortCallSeconds: number;
  /** Prompt language (default Persian). */
  language?: string;
  /** Feedback and closure-check calls, and the reopen offer of the status read-back. */
  feedback?: FeedbackHandle;
  /** The queues now (the callback offer's wait estimate). */
  queueState?: Pick<QueueState, 'snapshot'>;
  /** "Press 1 to be called back": booked here, offered from this estimated wait (seconds). */
  callbacks?: { book: (callerNum: string, arrivedAt: Date) => Promise<unknown>; offerWaitSeconds: number };
  /** Told how many survey answers were stored (metrics). */
  onSurveyAnswers?: (count: number) => void;
}

/**
 * Our ARI Stasis application `cti137`: `welcome` (the greeting menu) and `survey` (after the
 * operator hangs up). Routes each channel's events to its session. After a WebSocket reconnect
 * Asterisk does not repeat StasisStart and the events sent meanwhile are lost, so the app asks
 * GET /channels: new callers in the app are picked up, callers already in a session are checked
 * (gone → the session ends as a hang-up; still there → lost playback ends are recovered).
 *
 * Failover: a node that stops, has its ARI link stopped (PBX lease lost) or hears
 * ApplicationReplaced releases its sessions without a word; Asterisk keeps the callers in Stasis
 * (see src/emulator/ari-hub.ts) and the node that registers the app next finds them in GET
 * /channels and carries each on from what is durable: the survey at its next unanswered question,
 * the welcome menu from the top (welcome-resume.ts), the feedback call from its question.
 */
export class StasisApp {
  private readonly sessions = new Map<string, ChannelSession>();
  private readonly answers: AnswerWriter;

  /** Shutdown: callers are left in Stasis; the answers still waiting for the database get their grace period. */
  close(): Promise<void> {
    this.releaseAll('stopping');
    return this.answers.close();
  }

  constructor(private readonly d: StasisAppDeps) {
    this.answers = new AnswerWriter(d.db, d.logger, { onStored: d.onSurveyAnswers });
    d.ari.on('event', (e) => this.onEvent(e));
    d.ari.on('connected', () => void this.resync());
    // A drop that reconnects keeps the sessions (resync); a stopped link will not come back here.
    d.ari.on('disconnected', () => {
      if (d.ari.stopped) this.releaseAll('ARI link stopped');
    });
  }

  private releaseAll(why: string): void {
    if (this.sessions.size === 0) return;
    this.d.logger.info({ callers: this.sessions.size, why }, 'IVR: callers left in Stasis for the node taking over');
    for (const s of this.sessions.values()) s.release();
    this.sessions.clear();
  }

  private onEvent(e: AriEvent): void {
    if (e.type === 'Unknown' && e.eventType === 'ApplicationReplaced' && e.application === this.d.app) {
      this.releaseAll('another client registered the Stasis app');
      return;
    }
    if (e.type === 'StasisStart') {
      // Already taken over by the resync that raced this event: one flow per caller.
      if (!this.sessions.has(e.channel.id)) void this.start(e.channel, e.args ?? []);
      return;
    }
    const channelId =
      (e as { channel?: { id?: string } }).channel?.id ??
      (e.type === 'PlaybackFinished' ? targetChannel(e.playback.target_uri) : undefined);
    if (!channelId) return;
    const s = this.sessions.get(channelId);
    if (!s) return;
    s.onEvent(e);
    if (e.type === 'StasisEnd') this.sessions.delete(channelId);
  }

  private async resync(): Promise<void> {
    try {
      const channels = await this.d.ari.listChannels();
      const live = new Map(channels.map((c) => [c.id, c]));
      for (const [id, s] of [...this.sessions]) {
        const ch = live.get(id);
        if (!ch || ch.dialplan.app_name !== 'Stasis') {
          this.d.logger.info({ channel: id }, 'ARI reconnected: a caller left while the socket was down');
          s.markHungUp();
          continue;
        }
        // The app's subscriptions went with the old socket.
        await this.d.ari.subscribe(`channel:${id}`).catch(() => undefined);
        await s.afterReconnect();
      }
      for (const ch of channels) {
        const args = this.sessions.has(ch.id) ? undefined : stasisArgs(ch, this.d.app);
        if (!args) continue;
        // Its StasisStart went to another node (or to our socket that dropped): carry it on.
        this.d.logger.info({ channel: ch.id, args }, 'ARI connected: taking over a caller already in the IVR');
        void this.start(ch, args, true);
      }
    } catch (err) {
      this.d.logger.warn({ err: (err as Error).message }, 'ARI resync failed; will try on the next reconnect');
    }
  }

  private async start(ch: AriChannel, args: string[], resumed = false): Promise<void> {
    const s = new ChannelSession(this.d.ari, ch.id, this.d.language ?? IVR_LANGUAGE, () => !this.d.ari.stopped);
    this.sessions.set(ch.id, s);
    // Without this subscription the app gets no ChannelDestroyed after StasisEnd (see transcripts).
    await this.d.ari.subscribe(`channel:${ch.id}`).catch(() => undefined);
    try {
      if (args[0] === 'survey') await this.survey(s, ch, args, resumed);
      // A feedback call asks again from its question: its answer is stored only at the end, and a
      // request the old node already moved is not asked about (runFeedbackCall's 'skipped').
      else if (isFeedbackCall(args)) await this.feedbackCall(s, args);
      else await this.welcome(s, ch, resumed);
    } catch (err) {
      // Released: whatever failed, the caller is the next node's now.
      if (err instanceof SessionReleased || s.released) return;
      // Never leave a caller in silence: a failed survey ends the call, a failed menu queues it.
      this.d.logger.error({ err: (err as Error).message, channel: ch.id, args }, 'IVR session failed');
      if (args[0] === 'survey' || isFeedbackCall(args)) {
        await s.play(PROMPTS.goodbye, { interruptible: false }).catch(() => undefined);
        await s.ari.hangup(ch.id).catch(() => undefined);
      } else await s.ari.continueInDialplan(ch.id).catch(() => undefined);
    } finally {
      if (this.sessions.get(ch.id) === s) this.sessions.delete(ch.id);
    }
  }

  private async welcome(s: ChannelSession, ch: AriChannel, resumed: boolean): Promise<void> {
    const created = Date.parse(ch.creationtime);
    this.d.tracker.trackInbound({
      serverId: this.d.serverId,
      channel: ch.name,
      uniqueid: ch.id,
      callerNum: ch.caller.number,
      callerName: ch.caller.name,
      // Taken over: the caller arrived when the channel was made, not now.
      at: resumed && Number.isFinite(created) ? created : Date.now(),
    });
    const phone = normalizePhone(ch.caller.number);
    const result = await (resumed ? resumeWelcome : runWelcome)(s, {
      logger: this.d.logger,
      timeScale: this.d.timeScale,
      queues: this.d.queues,
      timeZone: this.d.calendar.timeZone,
      // A database that does not answer sends the caller on to the queue (runWelcome's catch).
      findRequest: (code) => dbWait(findRequestByTrackingCode(this.d.db, code), 'tracking code'),
      hasOpenHazard: () => dbWait(this.hasOpenHazard(phone), 'open hazard'),
      callbackOffer: this.callbackOffer(ch.caller.number, phone),
      reopen: this.d.feedback
        ? (id) =>
            dbWait(this.d.feedback!.answer({ requestId: id, kind: 'reopen', via: 'ivr', resolved: false }), 'reopen')
        : undefined,
    });
    if (result) this.d.tracker.setIvrChoice(this.d.serverId, ch.id, result.choice, result.hazard);
  }

  /** The callback offer, for a caller whose number is shown (a hidden number cannot be called back). */
  private callbackOffer(callerNum: string, phone: string | null): CallbackOffer | undefined {
    const { callbacks, queueState } = this.d;
    if (!callbacks || !queueState || !phone) return undefined;
    const arrivedAt = new Date();
    return {
      fromSeconds: callbacks.offerWaitSeconds,
      estimatedWaitSeconds: (queue) => estimatedWaitSeconds(queueState.snapshot(), queue, this.d.serverId, Date.now()),
      book: () => dbWait(callbacks.book(callerNum, arrivedAt), 'callback'),
    };
  }

  /** A repeat caller with an open hazard request goes to the front of the queue. */
  private async hasOpenHazard(phone: string | null): Promise<boolean> {
    if (!phone) return false;
    const citizenId = await findCitizenIdByPhone(this.d.db, phone);
    if (!citizenId) return false;
    const reqs = await listCitizenRequests(this.d.db, citizenId, { events: false });
    return reqs.some((r) => r.hazard && !r.closedAt);
  }

  private async feedbackCall(s: ChannelSession, args: string[]): Promise<void> {
    if (!this.d.feedback) throw new Error('feedback call without the feedback domain');
    const kind = args[0] === 'closure' ? 'closure' : 'feedback';
    const deps = { feedback: this.d.feedback, logger: this.d.logger, timeScale: this.d.timeScale };
    const outcome = await runFeedbackCall(s, kind, args[1]!, deps);
    this.d.logger.info({ request: args[1], kind, outcome }, 'feedback call ended');
  }

  private async survey(s: ChannelSession, ch: AriChannel, args: string[], resumed: boolean): Promise<void> {
    const context = resumed ? resumedSurveyContext : surveyContext;
    const ctx = await dbWait(context(this.d, ch, args), 'survey call');
    if (!ctx) {
      this.d.logger.warn({ channel: ch.id }, 'survey for an unknown call; hanging up without asking');
      await s.ari.hangup(ch.id).catch(() => undefined);
      return;
    }
    if (ctx.flags.length)
      this.d.logger.info({ callId: ctx.callId, flags: ctx.flags }, 'survey flagged: kept, but left out of the ranking');
    await runSurvey(s, ctx, {
      db: this.d.db,
      answers: this.answers,
      logger: this.d.logger,
      timeScale: this.d.timeScale,
      resumed,
    });
  }
}

/** Stasis(cti137,…) arguments of a channel now in our app, from GET /channels; undefined otherwise. */
function stasisArgs(ch: AriChannel, app: string): string[] | undefined {
  if (ch.dialplan.app_name !== 'Stasis') return undefined;
  // app_data is the raw argument string, e.g. "cti137,survey,PJSIP/1001,Operator 1" (transcripts).
  const [name, ...args] = (ch.dialplan.app_data ?? '').split(',');
  return name?.trim() === app ? args : undefined;
}

/** Stasis(cti137,feedback|closure,<requestId>): the outbound engine's call to a citizen. */
const isFeedbackCall = (args: string[]): boolean => (args[0] === 'feedback' || args[0] === 'closure') && !!args[1];

function targetChannel(uri: string | undefined): string | undefined {
  return uri?.startsWith('channel:') ? uri.slice('channel:'.length) : undefined;
}
