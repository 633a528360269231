import { actionHandlers } from './ami-actions.ts';
import { AmiServer } from './ami-server.ts';
import { AriHttpServer } from './ari-http.ts';
import { forgetCitizens } from './citizen-phones.ts';
import type { Fields } from './channel.ts';
import { DemoTraffic } from './demo-traffic.ts';
import { DeviceStates } from './device-state.ts';
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from './options.ts';
import { PbxCore } from './pbx.ts';
import { Playbacks } from './playback.ts';
import type { Pbx } from './ports.ts';
import { QueueEngine } from './queue-engine.ts';
import { shutdownEvent, softHangupAll } from './shutdown.ts';
import { Stasis } from './stasis.ts';

export type { EmulatorOptions, QueueConfig, QueueStrategy } from './options.ts';
export type { LoggedAction } from './action-log.ts';

export interface Emulator {
  readonly amiPort: number;
  readonly ariPort: number;
  close(): Promise<void>;
  /**
   * Simulate `core restart now`: every channel is hung up with the frames Asterisk sends
   * (SoftHangupRequest Cause 4, the queue's QueueCallerAbandon/AgentComplete, Hangup), then
   * `Event: Shutdown` (Restart: True), the connections close, queues/members/ids start afresh,
   * connections are refused for `downMs`, then it listens again. `crash`: a crash instead
   * (kill -9 of Asterisk): the connections drop and the channels vanish without a single event.
   */
  restart(downMs?: number, opts?: { crash?: boolean }): Promise<void>;
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
      restart: (ms, o) => this.restart(ms, o),
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
    forgetCitizens(pbx);
    pbx.hooks.emit('reset');
    this.traffic.resume();
  }

  restart(downMs = 1000, opts: { crash?: boolean } = {}): Promise<void> {
    this.restarting ??= this.doRestart(downMs, opts.crash === true).finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  /** What `core restart now` sends before the process exits (shutdown.ts). */
  private async shutDown(): Promise<void> {
    softHangupAll(this.pbx);
    // Nothing runs any more: no demo call, no queue retry.
    this.pbx.timers.clearAll();
    // can_safely_quit sleeps 1 s when it had channels to wait for, before really_quit.
    await sleep(1000 * this.pbx.timers.timeScale);
    shutdownEvent(this.pbx, true);
  }

  private async doRestart(downMs: number, crash: boolean): Promise<void> {
    this.opts.logger.info({ downMs, crash }, 'emulator: simulating an Asterisk restart');
    if (!crash) await this.shutDown();
    await Promise.all([this.ami.close(!crash), this.http.close()]);
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
