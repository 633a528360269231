// The ARI client: the event WebSocket (typed events, ping keep-alive, endless jittered reconnect)
// and REST calls over fetch. After every (re)connect it emits 'connected' and the app resyncs its
// state from REST, because events sent while the socket was down are lost for good.

import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { Logger } from '../../shared/index.ts';
import { LogThrottle, reconnectDelay } from '../../shared/index.ts';
import type { AriChannel, AriEvent, AriPlayback } from './ari-events.ts';
import { parseAriEvent } from './ari-event-parse.ts';
import { AriHttp, AriHttpError, type AriMethod, type AriQuery, ariUrl, basicAuthHeader } from './ari-http.ts';

export interface AriClientOptions {
  /** Base, e.g. http://127.0.0.1:8088: REST at /ari/…, events at ws://host:port/ari/events?app=APP. */
  url: string;
  username: string;
  password: string;
  /** Stasis app name, e.g. 'cti137' (may be a comma-separated list). */
  app: string;
  serverId: string;
  logger: Logger;
  requestTimeoutMs?: number;
  /** Reconnect delay bounds, default 250 ms … 1 s with full jitter (see RECONNECT in backoff.ts). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** WebSocket ping to find dead sockets, default 15000; no pong by the next ping => reconnect. */
  pingIntervalMs?: number;
}

export interface AriClientEvents {
  event: [e: AriEvent];
  connected: [];
  disconnected: [info: { error?: Error }];
  problem: [info: { reason: string; raw: string }];
}

export class AriClient extends EventEmitter<AriClientEvents> {
  private readonly log: Logger;
  private readonly http: AriHttp;
  private readonly apps: string[];
  private readonly problemLog = new LogThrottle();
  private readonly connectErrorLog = new LogThrottle(60_000, 1);
  private ws: WebSocket | undefined;
  private wsError: Error | undefined;
  private open = false;
  private running = false;
  private attempt = 0;
  private authFailures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: AriClientOptions) {
    super();
    this.log = opts.logger.child({ component: 'ari', serverId: opts.serverId });
    this.http = new AriHttp({ ...opts, requestTimeoutMs: opts.requestTimeoutMs ?? 5_000 });
    this.apps = opts.app
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    if (this.apps.length === 0) throw new Error('AriClient: app must name at least one Stasis application');
  }

  get connected(): boolean {
    return this.open;
  }

  /** stop() was called: no reconnect follows (the IVR leaves its callers to whoever takes over). */
  get stopped(): boolean {
    return !this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const ws = this.ws;
    if (!ws) return;
    // Wait on this socket's own close: a start() racing this stop() may already have replaced this.ws.
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'cti137 stopping');
    else ws.terminate();
    const force = setTimeout(() => ws.terminate(), 1_000);
    await closed;
    clearTimeout(force);
  }

  request<T = unknown>(method: AriMethod, path: string, opts?: { query?: AriQuery; body?: unknown }): Promise<T> {
    return this.http.request<T>(method, path, opts);
  }

  // ---- conveniences (ids are path-encoded; Asterisk ids contain '.' and may contain other characters) ----

  answer(channelId: string): Promise<void> {
    return this.request('POST', `/channels/${enc(channelId)}/answer`);
  }

  /** Several media play back to back; with playbackId the Playback can be stopped or matched in events. */
  play(channelId: string, media: string | string[], playbackId?: string): Promise<AriPlayback> {
    const path = `/channels/${enc(channelId)}/play${playbackId === undefined ? '' : `/${enc(playbackId)}`}`;
    return this.request('POST', path, { query: { media: Array.isArray(media) ? media.join(',') : media } });
  }

  stopPlayback(playbackId: string): Promise<void> {
    return this.request('DELETE', `/playbacks/${enc(playbackId)}`);
  }

  hangup(channelId: string, reason = 'normal'): Promise<void> {
    return this.request('DELETE', `/channels/${enc(channelId)}`, { query: { reason } });
  }

  continueInDialplan(
    channelId: string,
    opts: { context?: string; extension?: string; priority?: number; label?: string } = {},
  ): Promise<void> {
    return this.request('POST', `/channels/${enc(channelId)}/continue`, { query: { ...opts } });
  }

  /** null when Asterisk answers 404 (no such variable, or no such channel). */
  async getVariable(channelId: string, name: string): Promise<string | null> {
    const res = await orNull(
      this.request<{ value: string }>('GET', `/channels/${enc(channelId)}/variable`, { query: { variable: name } }),
    );
    return res === null ? null : res.value;
  }

  setVariable(channelId: string, name: string, value: string): Promise<void> {
    return this.request('POST', `/channels/${enc(channelId)}/variable`, { query: { variable: name, value } });
  }

  /** e.g. `channel:ID`: needed to get ChannelDestroyed after StasisEnd. Subscribes the first app. */
  subscribe(eventSource: string): Promise<unknown> {
    return this.request('POST', `/applications/${enc(this.apps[0]!)}/subscription`, { query: { eventSource } });
  }

  listChannels(): Promise<AriChannel[]> {
    return this.request('GET', '/channels');
  }

  getChannel(channelId: string): Promise<AriChannel | null> {
    return orNull(this.request<AriChannel>('GET', `/channels/${enc(channelId)}`));
  }

  // ---- the event socket ----

  private wsUrl(): string {
    const url = ariUrl(this.opts.url, '/events');
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // Built by hand so the separating commas stay literal, as in Asterisk's own examples.
    return `${url.origin}${url.pathname}?app=${this.apps.map(encodeURIComponent).join(',')}`;
  }

  private connect(): void {
    this.wsError = undefined;
    const ws = new WebSocket(this.wsUrl(), {
      headers: { Authorization: basicAuthHeader(this.opts.username, this.opts.password) },
      handshakeTimeout: this.opts.requestTimeoutMs ?? 5_000,
      perMessageDeflate: false,
    });
    this.ws = ws;
    let alive = true;
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.open = true;
      this.attempt = 0;
      this.authFailures = 0;
      this.log.info({ apps: this.apps }, 'ARI event socket open');
      this.pingTimer = setInterval(() => {
        if (!alive) {
          this.log.warn('ARI WebSocket did not answer a ping: treating it as dead, reconnecting');
          this.wsError = new Error('ARI WebSocket ping timed out');
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, this.opts.pingIntervalMs ?? 15_000);
      this.emitSafely('connected');
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      alive = true;
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data).toString('utf8');
      if (isBinary) return this.reportProblem('binary frame', text);
      const parsed = parseAriEvent(text);
      if (parsed.ok) this.emitSafely('event', parsed.event);
      else this.reportProblem(parsed.reason, text);
    });
    ws.on('error', (err) => {
      this.wsError = err;
      if (/\b401\b/.test(err.message)) {
        this.authFailures++;
        this.log.error(
          { url: this.opts.url, username: this.opts.username },
          'ARI refused the credentials (401): the ARI username or password is wrong; check ASTERISK_ARI_URL against ari.conf. Retrying slowly.',
        );
      }
    });
    ws.on('close', () => this.onClose(ws));
  }

  private onClose(ws: WebSocket): void {
    if (this.ws !== ws) return;
    const wasOpen = this.open;
    const error = this.wsError;
    this.ws = undefined;
    this.open = false;
    clearInterval(this.pingTimer);
    if (wasOpen) {
      this.log.warn(
        { err: error?.message },
        this.running ? 'ARI event socket lost; reconnecting' : 'ARI event socket closed',
      );
      this.emitSafely('disconnected', error ? { error } : {});
    } else if (error && this.running && this.authFailures === 0 && this.connectErrorLog.take().log) {
      this.log.warn(
        { err: error.message, url: this.opts.url },
        'ARI event socket connect failed; retrying with backoff',
      );
    }
    if (!this.running) return;
    const delay = reconnectDelay(this.attempt, {
      minMs: this.opts.reconnectMinMs,
      maxMs: this.opts.reconnectMaxMs,
      credentialFailures: this.authFailures,
    });
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.running) this.connect();
    }, delay);
  }

  private reportProblem(reason: string, raw: string): void {
    const { log, suppressed } = this.problemLog.take();
    if (log) this.log.warn({ reason, raw: raw.slice(0, 300), suppressed }, 'ARI: skipped a malformed event');
    this.emitSafely('problem', { reason, raw });
  }

  /** A throwing listener must not kill the socket handler (and with it the events that follow). */
  private emitSafely<K extends keyof AriClientEvents>(name: K, ...args: AriClientEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: AriClientEvents[K]) => boolean)(name, ...args);
    } catch (err) {
      this.log.error({ err, listenerOf: name }, 'ARI listener threw; continuing');
    }
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AriHttpError && err.status === 404) return null;
    throw err;
  }
}
