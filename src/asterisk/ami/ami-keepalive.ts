import type net from 'node:net';
import type { Logger } from '../../shared/index.ts';
import { AmiTimeoutError } from './ami-errors.ts';

/**
 * A TCP link can die without a FIN (a NAT dropping state, a frozen Asterisk): a Ping every
 * `everyMs` that goes unanswered within the action timeout destroys the socket, so the client
 * reconnects and resyncs instead of waiting forever for events that will not come.
 */
export class AmiKeepalive {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {}

  start(sock: net.Socket, isCurrent: () => boolean, everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      if (!isCurrent() || this.inFlight) return;
      this.inFlight = true;
      this.ping()
        .catch((err: unknown) => {
          if (!(err instanceof AmiTimeoutError) || !isCurrent()) return;
          this.log.warn(
            { timeoutMs: this.timeoutMs },
            'AMI Ping unanswered: treating the connection as dead, reconnecting',
          );
          sock.destroy(new Error('AMI Ping timed out; connection presumed dead'));
        })
        .finally(() => {
          this.inFlight = false;
        });
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.inFlight = false;
  }
}
