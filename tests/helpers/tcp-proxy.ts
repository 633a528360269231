import net from 'node:net';

/**
 * A TCP proxy to a real server that can refuse connections or cut the live ones: how tests
 * make "the database is down" or "the link dropped" happen with real sockets.
 */
export class TcpProxy {
  private server = net.createServer((client) => this.onClient(client));
  private sockets = new Set<net.Socket>();
  up = true;
  port = 0;
  /** Connections refused while down: how a test sees a client retrying. */
  refused = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Refuse new connections and cut the open ones. */
  down(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private onClient(client: net.Socket): void {
    if (!this.up) {
      this.refused += 1;
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }
}
