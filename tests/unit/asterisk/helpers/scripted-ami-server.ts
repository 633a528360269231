// A tiny TCP server that speaks AMI by replaying captured Asterisk bytes. It only decides *which*
// captured frames to send and rewrites their ActionID to the client's; the bytes are Asterisk's.

import net from 'node:net';
import { type AmiMessage, AmiParser } from '../../../../src/asterisk/ami/ami-codec.ts';
import { type AmiCapture, actionIdOf, actionOf, readTxt } from './transcripts.ts';

export interface AmiServerConn {
  socket: net.Socket;
  /** Client frames, parsed. */
  received: AmiMessage[];
  /** Every byte the client wrote. */
  bytes: () => Buffer;
  write(data: string | Buffer): void;
}

export interface ScriptedAmiServer {
  port: number;
  conns: AmiServerConn[];
  close(): Promise<void>;
}

export async function startAmiServer(opts: {
  /** Sent on accept; false for a server that never speaks. */
  banner: string | false;
  onAction: (msg: AmiMessage, conn: AmiServerConn) => void;
}): Promise<ScriptedAmiServer> {
  const conns: AmiServerConn[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const chunks: Buffer[] = [];
    const conn: AmiServerConn = {
      socket,
      received: [],
      bytes: () => Buffer.concat(chunks),
      write: (data) => {
        if (!socket.destroyed) socket.write(data);
      },
    };
    conns.push(conn);
    const parser = new AmiParser({
      message: (msg) => {
        conn.received.push(msg);
        opts.onAction(msg, conn);
      },
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d));
      parser.push(d);
    });
    if (opts.banner !== false) socket.write(opts.banner);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    conns,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface CapturedExchange {
  action: string;
  actionId: string;
  request: string;
  /** What Asterisk sent after this request and before the client's next one, message by message. */
  replies: string[];
}

/** The captured client requests of a session, each with the server messages that followed it. */
export function capturedExchanges(name: AmiCapture): { banner: string; exchanges: CapturedExchange[] } {
  const entries = readTxt(name);
  let banner = '';
  const exchanges: CapturedExchange[] = [];
  for (const e of entries) {
    if (e.dir === 'out') {
      exchanges.push({
        action: actionOf(e.text) ?? '',
        actionId: actionIdOf(e.text) ?? '',
        request: e.text,
        replies: [],
      });
    } else if (exchanges.length === 0) {
      banner += e.text;
    } else {
      exchanges.at(-1)!.replies.push(e.text);
    }
  }
  return { banner, exchanges };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Swap the captured ActionID for the client's, touching nothing else in the frame. */
export function rewriteActionId(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`^ActionID: ${escapeRe(from)}\\r$`, 'gm'), `ActionID: ${to}\r`);
}

/**
 * Answers each client action with the next unused captured exchange of the same Action name
 * (optionally filtered), rewriting the captured ActionID to the client's.
 */
export class CaptureResponder {
  readonly banner: string;
  private readonly unused: CapturedExchange[];

  constructor(name: AmiCapture) {
    const { banner, exchanges } = capturedExchanges(name);
    this.banner = banner;
    this.unused = exchanges;
  }

  /** The next matching exchange; `keep` leaves it available (Login and Ping repeat across reconnects). */
  take(action: string, pick: (x: CapturedExchange) => boolean = () => true, keep = false): CapturedExchange {
    const i = this.unused.findIndex((x) => x.action.toLowerCase() === action.toLowerCase() && pick(x));
    if (i < 0) throw new Error(`no captured ${action} left`);
    return keep ? this.unused[i]! : this.unused.splice(i, 1)[0]!;
  }

  /** The captured replies to `msg`'s action, with the client's ActionID. */
  repliesFor(msg: AmiMessage, pick?: (x: CapturedExchange) => boolean, keep = false): string[] {
    const x = this.take(msg.get('Action') ?? '', pick, keep);
    return x.replies.map((r) => rewriteActionId(r, x.actionId, msg.actionId ?? ''));
  }
}

export function message(text: string): AmiMessage {
  let out: AmiMessage | undefined;
  new AmiParser({ message: (m) => (out = m) }).push(text);
  if (!out) throw new Error('not a full AMI message');
  return out;
}
