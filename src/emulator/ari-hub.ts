import type { WebSocket } from 'ws';
import { ariChannelJson, type Channel } from './channel.ts';
import { ariTime } from './time-format.ts';

interface AppState {
  name: string;
  /** Only the newest socket of an app gets its events: Asterisk replaces the registration. */
  ws?: WebSocket;
  /** Explicit channel subscriptions: the app's, not the socket's, so they outlive a socket. */
  subscriptions: Set<string>;
}

/**
 * Stasis applications and who hears what. A channel's events go to the app it is in (while in
 * Stasis) and to apps that subscribed to it; after StasisEnd only explicit subscribers hear it,
 * which is why ChannelDestroyed never reaches an app that did not subscribe.
 *
 * A socket that closes, as Asterisk 22 (22.11.0-rc1, 22.10.1 alike) does it:
 * - ari_websockets.c websocket_established_cb → session_cleanup → session_unregister_apps →
 *   res_stasis.c stasis_app_unregister → app.c app_deactivate: the app loses its handler only.
 *   Its forwards (the channels in Stasis, explicit subscriptions) stay, so the app stays in the
 *   registry (app_is_finished needs none) and its channels stay in Stasis: stasis_app_exec never
 *   looks at the app again after StasisStart, playbacks go on (control thread).
 * - Events meanwhile (DTMF, PlaybackFinished, StasisEnd of a caller who hangs up) reach app.c
 *   app_send with no handler: "Inactive Stasis app missed message", dropped. An inbound socket's
 *   message_queue dies with its session; nothing is replayed to a later socket.
 * - Stasis() while inactive: stasis_app_exec "not active", STASISSTATUS=FAILED (stasis.ts).
 * - The same name registered again, by any client on any connection: __stasis_app_register finds
 *   the app, app.c app_update sets the new handler ("Activating"); the kept forwards deliver the
 *   channels' later events to the new socket. StasisStart is not repeated (send_start_msg runs
 *   only in stasis_app_exec on entry): the new client learns them from GET /channels.
 * - Registered while another socket still holds the app: app_update sends ApplicationReplaced to
 *   the old one, which drops the app from its list (ari_websocket_send_event), so its later close
 *   does not deactivate the new registration.
 */
export class AriHub {
  private readonly apps = new Map<string, AppState>();
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly asteriskId: () => string) {}

  register(names: string[], ws: WebSocket): void {
    this.sockets.add(ws);
    for (const name of names) {
      const app = this.apps.get(name) ?? { name, subscriptions: new Set<string>() };
      if (app.ws && app.ws !== ws) this.send(name, { type: 'ApplicationReplaced', timestamp: ariTime() });
      app.ws = ws;
      this.apps.set(name, app);
    }
  }

  /** app_deactivate: the handler goes, the subscriptions stay with the app (see above). */
  unregister(ws: WebSocket): void {
    this.sockets.delete(ws);
    for (const app of this.apps.values()) {
      if (app.ws === ws) app.ws = undefined;
    }
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.ws !== undefined;
  }

  activeApps(): string[] {
    return [...this.apps.values()].filter((a) => a.ws).map((a) => a.name);
  }

  /**
   * In Asterisk's registry: active, or inactive but still holding channels (`inStasis`) or
   * subscriptions; such an app answers GET /applications and takes subscriptions.
   */
  isKnown(name: string, inStasis: string[]): boolean {
    const app = this.apps.get(name);
    return !!app && (app.ws !== undefined || app.subscriptions.size > 0 || inStasis.length > 0);
  }

  knownApps(inStasis: (name: string) => string[]): string[] {
    return [...this.apps.keys()].filter((name) => this.isKnown(name, inStasis(name)));
  }

  subscribe(name: string, channelId: string): boolean {
    const app = this.apps.get(name);
    if (!app) return false;
    app.subscriptions.add(channelId);
    return true;
  }

  unsubscribe(name: string, channelId: string): void {
    this.apps.get(name)?.subscriptions.delete(channelId);
  }

  clearSubscriptions(): void {
    for (const app of this.apps.values()) app.subscriptions.clear();
  }

  /** Drop a destroyed channel from every subscription list. */
  forget(channelId: string): void {
    for (const app of this.apps.values()) app.subscriptions.delete(channelId);
  }

  /** ARI Application model. */
  appJson(name: string, inStasis: string[]): object | undefined {
    const app = this.apps.get(name);
    if (!app || !this.isKnown(name, inStasis)) return undefined;
    const ids = [...new Set([...inStasis, ...app.subscriptions])];
    return {
      name,
      channel_ids: ids,
      bridge_ids: [],
      endpoint_ids: [],
      device_names: [],
      events_allowed: [],
      events_disallowed: [],
    };
  }

  /** Send one event to one app; `asterisk_id` and `application` always come last. */
  send(appName: string, event: Record<string, unknown>): void {
    const ws = this.apps.get(appName)?.ws;
    if (!ws || ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify({ ...event, asterisk_id: this.asteriskId(), application: appName }));
  }

  appsFor(ch: Channel): string[] {
    const out: string[] = [];
    if (ch.stasis && this.isActive(ch.stasis.app)) out.push(ch.stasis.app);
    for (const app of this.apps.values()) {
      if (app.ws && app.subscriptions.has(ch.id) && !out.includes(app.name)) out.push(app.name);
    }
    return out;
  }

  /**
   * A channel event for everyone who sees the channel. `head` keys come before `type` (ARI puts
   * `variable`/`cause` first for some events), `tail` keys after `timestamp`, then `channel`.
   */
  channelEvent(
    ch: Channel,
    type: string,
    head: Record<string, unknown> = {},
    tail: Record<string, unknown> = {},
  ): void {
    const apps = this.appsFor(ch);
    if (apps.length === 0) return;
    const event = { ...head, type, timestamp: ariTime(), ...tail, channel: ariChannelJson(ch) };
    for (const a of apps) this.send(a, event);
  }

  /** Cut every event socket as a network failure would; the close handlers unregister the apps. */
  dropConnections(): number {
    const n = this.sockets.size;
    for (const ws of [...this.sockets]) ws.terminate();
    return n;
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.apps.clear();
  }
}
