import { createServer, type Server } from 'node:net';
import type { ActionHandler } from './ami-reply.ts';
import { AmiSession } from './ami-session.ts';
import type { Pbx } from './ports.ts';

/** The AMI TCP listener. close() drops every session at once, as an Asterisk restart does. */
export class AmiServer {
  private server?: Server;
  private readonly sessions = new Set<AmiSession>();

  constructor(
    private readonly pbx: Pbx,
    private readonly handlers: Map<string, ActionHandler>,
  ) {}

  listen(host: string, port: number): Promise<number> {
    const server = createServer((socket) => {
      const session = new AmiSession(socket, this.pbx, this.handlers, (s) => {
        this.sessions.delete(s);
        this.pbx.ami.remove(s);
      });
      this.sessions.add(session);
      this.pbx.ami.add(session);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Cut every client's connection but keep listening (a network blip, not a restart). */
  dropSessions(): number {
    const n = this.sessions.size;
    for (const s of [...this.sessions]) s.kill();
    return n;
  }

  /** `graceful`: the frames already written are delivered before the close (Asterisk exiting), not cut. */
  close(graceful = false): Promise<void> {
    for (const s of this.sessions)
      if (graceful) s.end();
      else s.kill();
    this.sessions.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
