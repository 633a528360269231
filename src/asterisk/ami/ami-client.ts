// The AMI client: one TCP connection to one Asterisk, logged in, kept alive with Ping, reconnected
// forever with jittered backoff. It knows the protocol (framing, ActionIDs, lists) and nothing of
// telephony: every event not consumed as a list item goes out unchanged on 'event'.

import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { LogThrottle, reconnectDelay, type Logger } from '../../shared/index.ts';
import { type AmiFieldInput, type AmiMessage, AmiParser } from './ami-codec.ts';
import { AmiNotConnectedError } from './ami-errors.ts';
import { type AmiListResult, AmiPendingActions } from './ami-pending.ts';
import { classifyAmiMessage, isSuccessResponse, splitRunOnMessage } from './ami-message-kind.ts';
import { type AmiProblem, buildActionFrame } from './ami-frames.ts';
import {
  DEFAULT_DROPPED_EVENTS,
  type AmiActionOptions,
  type AmiClientEvents,
  type AmiClientOptions,
} from './ami-client-options.ts';
import { AmiKeepalive } from './ami-keepalive.ts';

type State = 'idle' | 'connecting' | 'login' | 'connected';

export class AmiClient extends EventEmitter<AmiClientEvents> {
  private readonly log: Logger;
  private readonly pending = new AmiPendingActions();
  private readonly parser: AmiParser;
  private readonly idPrefix = `cti-${randomBytes(4).toString('hex')}`;
  private readonly problemLog = new LogThrottle();
  private readonly connectErrorLog = new LogThrottle(60_000, 1);
  private readonly timeoutMs: number;
  private counter = 0;
  private state: State = 'idle';
  private running = false;
  private socket: net.Socket | undefined;
  private socketError: Error | undefined;
  private banner = '';
  private loginId: string | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  private loginFailures = 0;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly keepalive: AmiKeepalive;

  constructor(private readonly opts: AmiClientOptions) {
    super();
    this.log = opts.logger.child({ component: 'ami', serverId: opts.serverId });
    this.timeoutMs = opts.actionTimeoutMs ?? 5_000;
    this.keepalive = new AmiKeepalive(() => this.action('Ping'), this.log, this.timeoutMs);
    // Fail at construction, not on every reconnect, if the configured credentials would inject headers.
    buildActionFrame('Login', 'check', { Username: opts.username, Secret: opts.secret, Events: opts.events ?? 'on' });
    this.parser = new AmiParser(
      {
        banner: (b) => this.onBanner(b),
        message: (m) => this.onMessage(m),
        problem: (p) => this.reportProblem(p),
      },
      { expectBanner: true, dropEvents: opts.dropEvents ?? DEFAULT_DROPPED_EVENTS },
    );
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /** A fresh ActionID, unique for this client (`<prefix>-<counter>`, never a clock value). */
  newActionId(): string {
    return `${this.idPrefix}-${++this.counter}`;
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
    const sock = this.socket;
    if (!sock) return;
    // Wait on this socket's own close: a start() racing this stop() may already have replaced this.socket.
    const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
    if (this.state !== 'connected') {
      sock.destroy();
      return closed;
    }
    // Logoff lets Asterisk log a clean logout instead of a dropped session; do not wait long for it.
    await this.send('single', 'Logoff', {}, { timeoutMs: Math.min(this.timeoutMs, 2_000) }, true).catch(
      () => undefined,
    );
    sock.end();
    const force = setTimeout(() => sock.destroy(), 1_000);
    await closed;
    clearTimeout(force);
  }

  action(action: string, fields: AmiFieldInput = {}, opts: AmiActionOptions = {}): Promise<AmiMessage> {
    return this.send('single', action, fields, opts, false);
  }

  actionList(action: string, fields: AmiFieldInput = {}, opts: AmiActionOptions = {}): Promise<AmiListResult> {
    return this.send('list', action, fields, opts, false);
  }

  private send<K extends 'single' | 'list'>(
    kind: K,
    action: string,
    fields: AmiFieldInput,
    opts: AmiActionOptions,
    internal: boolean,
  ): Promise<K extends 'list' ? AmiListResult : AmiMessage> {
    type Answer = Promise<K extends 'list' ? AmiListResult : AmiMessage>;
    const id = opts.actionId ?? this.newActionId();
    let frame: string;
    try {
      // Encoding first: CR/LF in any value is refused here, before a byte reaches the socket.
      frame = buildActionFrame(action, id, fields);
    } catch (err) {
      return Promise.reject(err);
    }
    const sock = this.socket;
    if (this.state !== 'connected' || !sock || (!this.running && !internal)) {
      const detail = this.running ? 'not connected (reconnecting)' : 'not started or stopped';
      return Promise.reject(new AmiNotConnectedError(action, this.opts.serverId, detail));
    }
    if (this.pending.has(id))
      return Promise.reject(new Error(`AMI ActionID ${id} is already in use; take a fresh one from newActionId()`));
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const result =
      kind === 'list' ? this.pending.addList(id, action, timeoutMs) : this.pending.addSingle(id, action, timeoutMs);
    sock.write(frame);
    return result as Answer;
  }

  private connect(): void {
    this.state = 'connecting';
    this.socketError = undefined;
    this.banner = '';
    this.parser.reset(true);
    const sock = net.createConnection({ host: this.opts.host, port: this.opts.port });
    this.socket = sock;
    sock.setNoDelay(true);
    sock.setKeepAlive(true, 30_000);
    sock.on('connect', () => {
      if (this.socket !== sock) return;
      this.state = 'login';
      // One deadline for banner + login: a port that accepts but never speaks AMI must not hang us.
      this.loginTimer = setTimeout(() => {
        this.log.warn({ host: this.opts.host, port: this.opts.port }, 'AMI login got no answer in time; reconnecting');
        sock.destroy(new Error(`AMI login timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    sock.on('data', (chunk: Buffer) => {
      if (this.socket === sock) this.parser.push(chunk);
    });
    sock.on('error', (err) => {
      this.socketError = err;
    });
    sock.on('close', () => this.onClose(sock));
  }

  private onBanner(banner: string): void {
    this.banner = banner;
    if (this.state !== 'login' || !this.socket) return;
    this.loginId = this.newActionId();
    const frame = buildActionFrame('Login', this.loginId, {
      Username: this.opts.username,
      Secret: this.opts.secret,
      Events: this.opts.events ?? 'on',
    });
    this.socket.write(frame);
  }

  private onMessage(raw: AmiMessage): void {
    let msg = raw;
    let kind = classifyAmiMessage(msg);
    if (kind.runOn) {
      const split = splitRunOnMessage(msg);
      for (const t of split.truncated)
        this.reportProblem({ kind: 'truncated-message', keys: t.fields.map(([k]) => k).slice(0, 20) });
      msg = split.message;
      kind = classifyAmiMessage(msg);
    }
    if (kind.event !== undefined) {
      if (!this.pending.onEvent(msg, kind)) this.emitSafely('event', msg);
    } else if (kind.response !== undefined) {
      if (kind.actionId !== undefined && kind.actionId === this.loginId) this.onLoginResponse(msg, kind.response);
      else if (!this.pending.onResponse(msg, kind)) {
        this.log.debug(
          { actionId: kind.actionId, response: kind.response },
          'AMI response for an unknown ActionID (late or not ours); ignored',
        );
      }
    } else {
      this.reportProblem({ kind: 'not-event-or-response', keys: msg.fields.map(([k]) => k).slice(0, 20) });
    }
  }

  private onLoginResponse(msg: AmiMessage, response: string): void {
    clearTimeout(this.loginTimer);
    this.loginId = undefined;
    const sock = this.socket;
    if (!sock) return;
    if (isSuccessResponse(response)) {
      this.state = 'connected';
      this.attempt = 0;
      this.loginFailures = 0;
      this.log.info({ banner: this.banner, host: this.opts.host, port: this.opts.port }, 'AMI logged in');
      this.keepalive.start(sock, () => this.socket === sock, this.opts.pingIntervalMs ?? 15_000);
      this.emitSafely('connected', { banner: this.banner });
      return;
    }
    const message = msg.get('Message') ?? 'login refused';
    this.loginFailures++;
    this.log.error(
      {
        host: this.opts.host,
        port: this.opts.port,
        username: this.opts.username,
        asterisk: message,
        failures: this.loginFailures,
      },
      `AMI login refused ("${message}"): the AMI secret or username is wrong; check ASTERISK_AMI_URL against manager.conf. Retrying slowly.`,
    );
    this.emitSafely('login-failed', { message });
    // Asterisk closes the connection itself after a failed login; do not wait for it.
    sock.destroy();
  }

  private onClose(sock: net.Socket): void {
    if (this.socket !== sock) return;
    const wasConnected = this.state === 'connected';
    const error = this.socketError;
    this.socket = undefined;
    this.state = 'idle';
    this.loginId = undefined;
    clearTimeout(this.loginTimer);
    this.keepalive.stop();
    this.pending.rejectAll(
      (action) =>
        new AmiNotConnectedError(action, this.opts.serverId, 'disconnected (connection lost before the answer)'),
    );
    if (wasConnected) {
      this.log.warn(
        { err: error?.message },
        this.running ? 'AMI connection lost; reconnecting' : 'AMI connection closed',
      );
      this.emitSafely('disconnected', error ? { error } : {});
    } else if (error && this.running && this.connectErrorLog.take().log) {
      this.log.warn(
        { err: error.message, host: this.opts.host, port: this.opts.port },
        'AMI connect failed; retrying with backoff',
      );
    }
    if (this.running) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelay(this.attempt, {
      minMs: this.opts.reconnectMinMs,
      maxMs: this.opts.reconnectMaxMs,
      credentialFailures: this.loginFailures,
    });
    this.attempt++;
    this.log.debug({ delay, attempt: this.attempt }, 'AMI reconnect scheduled');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.running) this.connect();
    }, delay);
  }

  private reportProblem(p: AmiProblem): void {
    const { log, suppressed } = this.problemLog.take();
    // An oversized frame was dropped whole: what it said is lost, so the CTI resyncs on the 'problem'.
    const what = p.kind === 'frame-too-large' ? 'AMI: dropped an oversized frame' : 'AMI: skipped malformed input';
    if (log) this.log.warn({ problem: p, suppressed }, what);
    this.emitSafely('problem', p);
  }

  /** A throwing listener must not break the parser loop (and with it the rest of the TCP chunk). */
  private emitSafely<K extends keyof AmiClientEvents>(name: K, ...args: AmiClientEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: AmiClientEvents[K]) => boolean)(name, ...args);
    } catch (err) {
      this.log.error({ err, listenerOf: name }, 'AMI listener threw; continuing');
    }
  }
}
