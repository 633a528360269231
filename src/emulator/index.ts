import { actionHandlers } from './ami-actions.ts';
import { AmiServer } from './ami-server.ts';
import { AriHttpServer } from './ari-http.ts';
import type { Fields } from './channel.ts';
import { DemoTraffic } from './demo-traffic.ts';
import { DeviceStates } from './device-state.ts';
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from './options.ts';
import { PbxCore } from './pbx.ts';
import { Playbacks } from './playback.ts';
import type { Pbx } from './ports.ts';
import { QueueEngine } from './queue-engine.ts';
import { Stasis } from './stasis.ts';

export type { EmulatorOptions, QueueConfig, QueueStrategy } from './options.ts';
export type { LoggedAction } from './action-log.ts';

export interface Emulator {
  readonly amiPort: number;
  readonly ariPort: number;
  close(): Promise<void>;
  /** Simulate an Asterisk restart: drop every AMI/ARI connection, hang up all channels silently, reset queues/members/ids, refuse connections for `downMs`, then listen again. */
  restart(downMs?: number): Promise<void>;
  /** Same as POST /_emulator/reset */
  reset(): void;
  /**
   * Every AMI event's fields, in process, right before its bytes are written to the AMI clients
   * (benchmarks time the screen-pop from here). Returns the function that removes the listener.
   */
  tapAmi(fn: (fields: Fields) => void): () => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The core with its services, as every feature receives it (`Pbx`): device states follow the
 * channels and tell the queues, the queues and Stasis run on the whole PBX.
 */
class WiredPbx extends PbxCore implements Pbx {
  readonly devices: DeviceStates;
  readonly queues: QueueEngine;
  readonly playbacks: Playbacks;
  readonly stasis: Stasis;

  constructor(opts: ResolvedOptions) {
    super(opts);
    this.devices = new DeviceStates(this, (device) => this.queues.deviceChanged(device));
    this.devices.init(opts.endpoints);
    this.queues = new QueueEngine(this);
    this.playbacks = new Playbacks(this);
    this.stasis = new Stasis(this, this.playbacks);
  }

  protected updateDevice(endpoint: string): void {
    this.devices.update(endpoint);
  }
}

/**
 * The composition root of the emulator: one PBX core, the AMI listener, the ARI/control HTTP
 * listener and the demo traffic, with restart/reset that behave like an Asterisk restart.
 */
class RunningEmulator implements Emulator {
  amiPort = 0;
  ariPort = 0;
  private readonly pbx: WiredPbx;
  private readonly traffic: DemoTraffic;
  private readonly ami: AmiServer;
  private readonly http: AriHttpServer;
  private restarting?: Promise<void>;
  private closed = false;

  constructor(private readonly opts: ResolvedOptions) {
    const pbx = new WiredPbx(opts);
    this.pbx = pbx;
    this.traffic = new DemoTraffic(pbx);
    this.ami = new AmiServer(pbx, actionHandlers());
    this.http = new AriHttpServer(pbx, pbx.playbacks, {
      pbx,
      reset: () => this.reset(),
      restart: (ms) => this.restart(ms),
      traffic: { enabled: () => this.traffic.enabled(), set: (on) => this.traffic.set(on) },
      dropAmi: () => this.ami.dropSessions(),
    });
  }

  async listen(): Promise<void> {
    const { host } = this.opts;
    this.amiPort = await this.ami.listen(host, this.amiPort || this.opts.amiPort);
    try {
      this.ariPort = await this.http.listen(host, this.ariPort || this.opts.ariPort);
    } catch (err) {
      await this.ami.close();
      throw err;
    }
  }

  start(): void {
    this.traffic.set(this.opts.traffic);
    this.opts.logger.info(
      { ami: this.amiPort, ari: this.ariPort, traffic: this.opts.traffic },
      'Asterisk emulator listening',
    );
  }

  tapAmi(fn: (fields: Fields) => void): () => void {
    return this.pbx.ami.tap(fn);
  }

  /** Forget every call, member and id without a single event; connections stay up. */
  reset(): void {
    const pbx = this.pbx;
    pbx.dropAllSilently();
    pbx.playbacks.clear();
    pbx.queues.resetQueues();
    pbx.devices.init(this.opts.endpoints);
    pbx.ari.clearSubscriptions();
    pbx.ids.reset();
    pbx.actions.clear();
    pbx.processedCalls = 0;
    pbx.hooks.emit('reset');
    this.traffic.resume();
  }

  restart(downMs = 1000): Promise<void> {
    this.restarting ??= this.doRestart(downMs).finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  private async doRestart(downMs: number): Promise<void> {
    this.opts.logger.info({ downMs }, 'emulator: simulating an Asterisk restart');
    await Promise.all([this.ami.close(), this.http.close()]);
    this.reset();
    // A new boot is a new CoreStartupTime (whole seconds, as CoreStatus prints it) and a fresh
    // FullyBooted Uptime: what a client compares to tell a restart from a dropped connection.
    const before = this.pbx.startedAt;
    this.pbx.startedAt = Math.max(Date.now() + downMs, (Math.floor(before / 1000) + 1) * 1000);
    await sleep(Math.max(downMs, this.pbx.startedAt - Date.now()));
    if (this.closed) return;
    // The port can linger for a moment after close; a real restart also takes a while.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.listen();
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        await sleep(50);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.traffic.set(false);
    this.pbx.dropAllSilently();
    this.pbx.playbacks.clear();
    await this.restarting?.catch(() => undefined);
    await Promise.all([this.ami.close(), this.http.close()]);
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const emu = new RunningEmulator(resolveOptions(options));
  await emu.listen();
  emu.start();
  return emu;
}
