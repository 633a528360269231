import type { AriClient } from '../asterisk/ari/ari-client.ts';
import type { AriChannel, AriEvent } from '../asterisk/ari/ari-events.ts';
import type { CallRecorder } from '../cti/call-recorder.ts';
import type { CallTracker } from '../cti/call-tracker.ts';
import type { OperatorDirectory } from '../cti/operator-directory.ts';
import type { ShiftRef } from '../cti/shifts.ts';
import type { Db } from '../db/pool.ts';
import { findRequestByTrackingCode, listCitizenRequests } from '../requests/index.ts';
import type { Logger } from '../shared/logger.ts';
import { normalizePhone } from '../shared/phone.ts';
import { ChannelSession } from './channel-session.ts';
import { PROMPTS } from './prompts.ts';
import { runSurvey } from './survey-flow.ts';
import { runWelcome } from './welcome-flow.ts';

export interface StasisAppDeps {
  serverId: string;
  app: string;
  ari: AriClient;
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  shiftFor: (at: number) => ShiftRef;
  logger: Logger;
  timeScale: number;
  queues: { normal: string; hazard: string };
  /** A talk shorter than this makes the survey suspect (operator hung up at once). */
  shortCallSeconds: number;
}

/**
 * Our ARI Stasis application `cti137`: `welcome` (the greeting menu) and `survey` (after the
 * operator hangs up). Routes each channel's events to its session. After a WebSocket reconnect
 * Asterisk does not repeat StasisStart, so channels still in the app are picked up from GET /channels.
 */
export class StasisApp {
  private readonly sessions = new Map<string, ChannelSession>();

  constructor(private readonly d: StasisAppDeps) {
    d.ari.on('event', (e) => this.onEvent(e));
    d.ari.on('connected', () => void this.resync());
  }

  private onEvent(e: AriEvent): void {
    if (e.type === 'StasisStart') {
      void this.start(e.channel, e.args ?? []);
      return;
    }
    const channelId = (e as { channel?: { id?: string } }).channel?.id ?? (e.type === 'PlaybackFinished' ? targetChannel(e.playback.target_uri) : undefined);
    if (!channelId) return;
    const s = this.sessions.get(channelId);
    if (!s) return;
    s.onEvent(e);
    if (e.type === 'StasisEnd') this.sessions.delete(channelId);
  }

  private async resync(): Promise<void> {
    try {
      const channels = await this.d.ari.listChannels();
      for (const ch of channels) {
        if (this.sessions.has(ch.id)) continue;
        if (ch.dialplan.app_name !== 'Stasis' || !ch.dialplan.app_data?.startsWith(this.d.app)) continue;
        const args = ch.dialplan.app_data.split(',').slice(1);
        this.d.logger.info({ channel: ch.id, args }, 'ARI reconnected: picking up a caller still in the IVR');
        void this.start(ch, args);
      }
    } catch (err) {
      this.d.logger.warn({ err: (err as Error).message }, 'ARI resync failed; will try on the next reconnect');
    }
  }

  private async start(ch: AriChannel, args: string[]): Promise<void> {
    const s = new ChannelSession(this.d.ari, ch.id);
    this.sessions.set(ch.id, s);
    // Without this subscription the app gets no ChannelDestroyed after StasisEnd (see transcripts).
    await this.d.ari.subscribe(`channel:${ch.id}`).catch(() => undefined);
    try {
      if (args[0] === 'survey') await this.survey(s, ch, args);
      else await this.welcome(s, ch);
    } finally {
      this.sessions.delete(ch.id);
    }
  }

  private async welcome(s: ChannelSession, ch: AriChannel): Promise<void> {
    const phone = normalizePhone(ch.caller.number);
    const result = await runWelcome(s, {
      logger: this.d.logger,
      timeScale: this.d.timeScale,
      queues: this.d.queues,
      statusMedia: async (code) => {
        const r = await findRequestByTrackingCode(this.d.db, code);
        return r ? [`${PROMPTS.statusPrefix}${r.status}`, `digits:${r.trackingCode}`] : null;
      },
      hasOpenHazard: async () => {
        if (!phone) return false;
        const cit = await this.d.db.query<{ id: string }>(`SELECT id::text FROM citizens WHERE phone_e164 = $1`, [phone]);
        if (!cit.rows[0]) return false;
        const reqs = await listCitizenRequests(this.d.db, cit.rows[0].id);
        return reqs.some((r) => r.hazard && !r.closedAt);
      },
    });
    if (result) this.d.tracker.setIvrChoice(this.d.serverId, ch.id, result.choice, result.hazard);
  }

  private async survey(s: ChannelSession, ch: AriChannel, args: string[]): Promise<void> {
    const call = this.d.tracker.get(this.d.serverId, ch.id);
    let callId = call ? await this.d.recorder.idOf(call.key) : undefined;
    if (!callId) {
      const r = await this.d.db.query<{ id: string }>(`SELECT id::text FROM calls WHERE server_id = $1 AND linkedid = $2`, [this.d.serverId, ch.id]);
      callId = r.rows[0]?.id;
    }
    if (!callId) {
      this.d.logger.warn({ channel: ch.id }, 'survey for an unknown call; hanging up without asking');
      await this.d.ari.hangup(ch.id).catch(() => undefined);
      return;
    }
    // The last operator who talked with the caller (after transfers) is credited, not the Stasis argument alone.
    const op = this.d.directory.byInterface(call?.memberInterface ?? args[1]);
    const flags: string[] = [];
    if (!op) flags.push('unknown-operator');
    if (call?.talkSeconds !== null && call?.talkSeconds !== undefined && call.talkSeconds < this.d.shortCallSeconds) flags.push('short-call');
    if (call?.endReason === 'transferred') flags.push('hand-transfer');
    await runSurvey(
      s,
      { callId, operatorId: op?.id ?? null, shift: this.d.shiftFor(call?.enteredAt ?? Date.now()), flags },
      { db: this.d.db, logger: this.d.logger, timeScale: this.d.timeScale },
    );
  }
}

function targetChannel(uri: string | undefined): string | undefined {
  return uri?.startsWith('channel:') ? uri.slice('channel:'.length) : undefined;
}
