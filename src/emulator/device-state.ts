import type { PbxCore } from './pbx.ts';
import type { DeviceStateName, DevicePort } from './ports.ts';

const DEVICE_CODES: Record<DeviceStateName, number> = {
  UNKNOWN: 0,
  NOT_INUSE: 1,
  INUSE: 2,
  BUSY: 3,
  INVALID: 4,
  UNAVAILABLE: 5,
  RINGING: 6,
  RINGINUSE: 7,
  ONHOLD: 8,
};

/**
 * Device states of the PJSIP endpoints (from their channels and registration) and of the
 * queue pseudo-devices. A change posts DeviceStateChange and tells `changed` (the queues, which
 * post QueueMemberStatus for every membership using that StateInterface). Flows that need the
 * member updates later than the device event (as app_queue does around a connect) hold() them.
 */
export class DeviceStates implements DevicePort {
  private readonly current = new Map<string, DeviceStateName>();
  private readonly registered = new Set<string>();
  private held: Set<string> | null = null;

  constructor(
    private readonly pbx: PbxCore,
    private readonly changed: (device: string) => void,
  ) {}

  /** Endpoints that exist and are registered at start: no events, like a boot. */
  init(endpoints: string[]): void {
    this.current.clear();
    this.registered.clear();
    for (const e of ['trunk', ...endpoints]) {
      this.registered.add(e);
      this.current.set(`PJSIP/${e}`, 'NOT_INUSE');
    }
  }

  isEndpoint(name: string): boolean {
    return this.current.has(`PJSIP/${name}`);
  }

  isRegistered(name: string): boolean {
    return this.registered.has(name);
  }

  /**
   * State of any device name: unknown PJSIP endpoints are INVALID (no such endpoint), Local/
   * devices idle, anything else (Custom:…, other drivers) UNKNOWN as Asterisk reports them.
   */
  of(device: string): DeviceStateName {
    const s = this.current.get(device);
    if (s) return s;
    if (device.startsWith('Local/')) return 'NOT_INUSE';
    if (device.startsWith('PJSIP/')) return 'INVALID';
    return 'UNKNOWN';
  }

  code(device: string): number {
    return DEVICE_CODES[this.of(device)];
  }

  /** Recompute an endpoint's state from its live channels. */
  update(endpoint: string): void {
    const device = `PJSIP/${endpoint}`;
    if (!this.current.has(device)) return;
    let up = 0;
    let ringing = 0;
    for (const ch of this.pbx.channels.values()) {
      if (ch.tech !== 'PJSIP' || ch.endpoint !== endpoint) continue;
      if (ch.state === 6) up++;
      else if (ch.state === 5) ringing++;
    }
    let next: DeviceStateName;
    if (!this.registered.has(endpoint)) next = 'UNAVAILABLE';
    else if (up && ringing) next = 'RINGINUSE';
    else if (up) next = 'INUSE';
    else if (ringing) next = 'RINGING';
    else next = 'NOT_INUSE';
    this.set(device, next);
  }

  setRegistered(endpoint: string, on: boolean): void {
    if (on) this.registered.add(endpoint);
    else this.registered.delete(endpoint);
    this.update(endpoint);
  }

  /** Set a device (or pseudo-device such as `Queue:q137_avail`) and post the change. */
  set(device: string, state: DeviceStateName): void {
    if (this.current.get(device) === state) return;
    this.current.set(device, state);
    this.pbx.ami.event('DeviceStateChange', 'call,all', [
      ['Device', device],
      ['State', state],
    ]);
    if (this.held) this.held.add(device);
    else this.changed(device);
  }

  hold(): void {
    this.held ??= new Set();
  }

  release(): void {
    const held = this.held;
    this.held = null;
    for (const d of held ?? []) this.changed(d);
  }
}
