import type { Socket } from 'node:net';
import { AmiParser, type AmiMessage } from '../asterisk/ami/index.ts';
import { encodeFrame, type AmiEventSink } from './ami-hub.ts';
import type { ActionContext, ActionHandler } from './ami-reply.ts';
import { aid, failure, respond, success } from './ami-reply.ts';
import type { Fields } from './channel.ts';
import { sessionId } from './ids.ts';
import type { Pbx } from './ports.ts';
import { ariTime } from './time-format.ts';

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';
/** A client that sends this much without ever ending a message is dropped, not buffered. */
const MAX_PENDING_BYTES = 1024 * 1024;
/** A client that stops reading is dropped once this much is queued (Asterisk's writetimeout). */
const MAX_UNREAD_BYTES = 32 * 1024 * 1024;
const PRE_LOGIN = new Set(['login', 'logoff', 'challenge']);

/**
 * One AMI connection: banner, Login (Permission denied before it, a ~1 s penalty and a close
 * after a wrong secret), then actions. Garbage lines are skipped by the shared parser.
 */
export class AmiSession implements AmiEventSink {
  readonly id = sessionId();
  private authed = false;
  private user = '';
  /** Event classes this session reads: `all`, `none` or a set like {call, agent}. */
  private mask: 'all' | 'none' | Set<string> = 'all';
  private pending = 0;
  private closing = false;
  private readonly since = Date.now();
  private readonly parser: AmiParser;

  constructor(
    private readonly socket: Socket,
    private readonly pbx: Pbx,
    private readonly handlers: Map<string, ActionHandler>,
    private readonly onClose: (s: AmiSession) => void,
  ) {
    this.parser = new AmiParser(
      { message: (m) => this.handle(m), problem: (p) => pbx.log.debug({ p }, 'emulator: AMI client sent garbage') },
      { maxLineBytes: 16 * 1024 },
    );
    socket.setNoDelay(true);
    socket.on('data', (buf: Buffer) => this.onData(buf));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose(this));
    socket.write(BANNER);
  }

  private onData(buf: Buffer): void {
    this.pending += buf.length;
    if (this.pending > MAX_PENDING_BYTES) {
      this.pbx.log.warn('emulator: AMI client sent an endless message; closing it');
      this.socket.destroy();
      return;
    }
    try {
      this.parser.push(buf);
    } catch (err) {
      this.pbx.log.error({ err }, 'emulator: AMI action failed');
    }
  }

  wantsEvent(privilege: string): boolean {
    if (!this.authed || this.closing || this.mask === 'none') return false;
    if (this.mask === 'all') return true;
    const mask = this.mask;
    return privilege.split(',').some((c) => mask.has(c.toLowerCase()));
  }

  write(frame: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > MAX_UNREAD_BYTES) {
      this.pbx.log.warn('emulator: AMI client stopped reading; dropping it');
      this.socket.destroy();
      return;
    }
    this.socket.write(frame);
  }

  kill(): void {
    this.socket.destroy();
  }

  /** The process exits (a restart): what was written still reaches the client, then FIN. */
  end(): void {
    this.closing = true;
    this.socket.end();
    // A client that never closes its side must not hold the listener open.
    setTimeout(() => this.socket.destroy(), 500).unref();
  }

  private ctx(msg: AmiMessage): ActionContext {
    const local = `IPV4/TCP/${this.socket.localAddress ?? '127.0.0.1'}/${this.socket.localPort ?? 0}`;
    const remote = `IPV4/TCP/${this.socket.remoteAddress ?? '127.0.0.1'}/${this.socket.remotePort ?? 0}`;
    return {
      pbx: this.pbx,
      msg,
      write: (fields: Fields) => this.write(encodeFrame(fields)),
      session: {
        id: this.id,
        user: this.user,
        local: local.replace('::ffff:', ''),
        remote: remote.replace('::ffff:', ''),
        since: this.since,
      },
    };
  }

  private handle(msg: AmiMessage): void {
    this.pending = 0;
    if (this.closing) return;
    this.pbx.actions.ami(msg);
    const ctx = this.ctx(msg);
    const action = msg.get('Action');
    if (action === undefined || action.trim() === '') return failure(ctx, 'Missing action in request');
    const name = action.trim().toLowerCase();
    if (!this.authed && !PRE_LOGIN.has(name)) return failure(ctx, 'Permission denied');
    if (name === 'login') return this.login(ctx);
    if (name === 'logoff') {
      respond(ctx, 'Goodbye', [['Message', 'Thanks for all the fish.']]);
      this.closing = true;
      this.socket.end();
      return;
    }
    if (name === 'events') return this.events(ctx);
    const handler = this.handlers.get(name);
    if (!handler) {
      failure(ctx, `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`);
      this.security(ctx, 'RequestBadFormat', 'Error', [['RequestType', `Action: ${action}`]]);
      return;
    }
    try {
      handler(ctx);
    } catch (err) {
      this.pbx.log.error({ err, action }, 'emulator: AMI action failed');
      failure(ctx, 'Internal error');
    }
  }

  private login(ctx: ActionContext): void {
    const { opts } = this.pbx;
    if (this.authed) return success(ctx, 'Already authenticated');
    const user = ctx.msg.get('Username') ?? '';
    if (user !== opts.amiUsername || ctx.msg.get('Secret') !== opts.amiSecret) {
      this.closing = true;
      const kind = user === opts.amiUsername ? 'InvalidPassword' : 'InvalidAccountID';
      this.security(ctx, kind, 'Error', [], user);
      // Asterisk makes a failed login wait about a second, then drops the connection.
      this.pbx.timers.after(1000, () => {
        this.write(encodeFrame([['Response', 'Error'], ...aid(ctx), ['Message', 'Authentication failed']]));
        this.socket.end();
      });
      return;
    }
    this.authed = true;
    this.user = user;
    this.setMask(ctx.msg.get('Events'));
    success(ctx, 'Authentication accepted');
    if (this.wantsEvent('system,all')) {
      const up = String(Math.floor((Date.now() - this.pbx.startedAt) / 1000));
      this.write(
        encodeFrame([
          ['Event', 'FullyBooted'],
          ['Privilege', 'system,all'],
          ['Uptime', up],
          ['LastReload', up],
          ['Status', 'Fully Booted'],
        ]),
      );
    }
    this.security(this.ctx(ctx.msg), 'SuccessfulAuth', 'Informational', [['UsingPassword', '0']]);
  }

  private setMask(events: string | undefined): void {
    const v = (events ?? 'on').trim().toLowerCase();
    if (v === 'off' || v === 'no' || v === 'false' || v === '0') this.mask = 'none';
    else if (['on', 'yes', 'true', '1', 'all', ''].includes(v)) this.mask = 'all';
    else this.mask = new Set(v.split(',').map((s) => s.trim()));
  }

  private events(ctx: ActionContext): void {
    this.setMask(ctx.msg.get('EventMask'));
    respond(ctx, 'Success', [['Events', this.mask === 'none' ? 'Off' : 'On']]);
  }

  /** Security events go to every session that reads the `security` class. */
  private security(ctx: ActionContext, name: string, severity: string, extra: Fields, account = this.user): void {
    const s = ctx.session;
    const tv = ariTime();
    const body: Fields = [
      ['EventTV', tv],
      ['Severity', severity],
      ['Service', 'AMI'],
      ['EventVersion', '1'],
      ...(name === 'RequestBadFormat' ? [] : [['AccountID', account] as const]),
      ['SessionID', s.id],
      ['LocalAddress', s.local],
      ['RemoteAddress', s.remote],
      ...extra,
      ['SessionTV', ariTime(s.since)],
      ...(name === 'RequestBadFormat' ? [['AccountID', account] as const] : []),
    ];
    this.pbx.ami.event(name, 'security,all', body);
  }
}
