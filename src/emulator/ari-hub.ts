import type { WebSocket } from 'ws';
import { ariChannelJson, type Channel } from './channel.ts';
import { ariTime } from './time-format.ts';

interface AppState {
  name: string;
  /** Only the newest socket of an app gets its events: Asterisk replaces the registration. */
  ws?: WebSocket;
  subscriptions: Set<string>;
}

/**
 * Stasis applications and who hears what. A channel's events go to the app it is in (while in
 * Stasis) and to apps that subscribed to it; after StasisEnd only explicit subscribers hear it,
 * which is why ChannelDestroyed never reaches an app that did not subscribe.
 */
export class AriHub {
  private readonly apps = new Map<string, AppState>();
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly asteriskId: () => string) {}

  register(names: string[], ws: WebSocket): void {
    this.sockets.add(ws);
    for (const name of names) {
      const app = this.apps.get(name) ?? { name, subscriptions: new Set<string>() };
      app.ws = ws;
      this.apps.set(name, app);
    }
  }

  unregister(ws: WebSocket): void {
    this.sockets.delete(ws);
    for (const app of this.apps.values()) {
      if (app.ws === ws) {
        app.ws = undefined;
        app.subscriptions.clear();
      }
    }
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.ws !== undefined;
  }

  activeApps(): string[] {
    return [...this.apps.values()].filter((a) => a.ws).map((a) => a.name);
  }

  subscribe(name: string, channelId: string): boolean {
    const app = this.apps.get(name);
    if (!app?.ws) return false;
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
    if (!app?.ws) return undefined;
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
