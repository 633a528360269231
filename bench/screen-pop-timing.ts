import type { AppHandle } from '../src/app/start-app.ts';
import type { PopMsg } from './screen-pop-desks.ts';
import type { Seeded } from './screen-pop-seed.ts';

// The screen_pop benchmark's clocks: each pop's way from the emulator's AMI bytes to the desk's
// socket, stamped with process.hrtime (CLOCK_MONOTONIC, one clock for every process) at the
// emulator, on the CTI bus, at the gateway's emit, and at the desk (in the desks' child process).

/** A POST to the emulator's control API. */
export type Control = <T>(path: string, body?: unknown) => Promise<T>;

/** One pop's way, stamped per `linkedid|PJSIP/ext` key, and what the desks received. */
export interface PopLog {
  /** AgentCalled's bytes left the emulator. */
  emitted: Map<string, bigint>;
  /** The CTI published call:ringing. */
  busAt: Map<string, bigint>;
  /** The gateway emitted screen-pop to the desk's room. */
  emitAt: Map<string, bigint>;
  /** AgentCalled → the pop at the desk, ms. */
  latencies: number[];
  stages: { amiToBus: number[]; busToEmit: number[]; emitToDesk: number[] };
  /** linkedid → the caller's channel, until the desk has the pop. */
  channels: Map<string, string>;
  popped: Set<string>;
  popsWithHistory: number;
}

export const newPopLog = (): PopLog => ({
  emitted: new Map(),
  busAt: new Map(),
  emitAt: new Map(),
  latencies: [],
  stages: { amiToBus: [], busToEmit: [], emitToDesk: [] },
  channels: new Map(),
  popped: new Set(),
  popsWithHistory: 0,
});

/** A pop arrived at a desk (stamped there): its latency and stages, then the caller hangs up. */
export function recordPop(log: PopLog, m: PopMsg, control: Control): void {
  const ms = (a: bigint | undefined, b: bigint | undefined, into: number[]) =>
    a !== undefined && b !== undefined && into.push(Number(b - a) / 1e6);
  const key = `${m.linkedid}|PJSIP/${m.ext}`;
  const sent = log.emitted.get(key);
  const hr = BigInt(m.hr);
  if (sent !== undefined) log.latencies.push(Number(hr - sent) / 1e6);
  ms(sent, log.busAt.get(key), log.stages.amiToBus);
  ms(log.busAt.get(key), log.emitAt.get(key), log.stages.busToEmit);
  ms(log.emitAt.get(key), hr, log.stages.emitToDesk);
  if (!log.popped.has(m.linkedid) && m.requests > 0) log.popsWithHistory++;
  log.popped.add(m.linkedid);
  // The caller hangs up once the desk has the pop: the operator is free for the next call.
  const ch = log.channels.get(m.linkedid);
  if (ch) {
    log.channels.delete(m.linkedid);
    void control(`/_emulator/channels/${ch}/hangup`);
  }
}

/**
 * Stamps AgentCalled as its bytes leave the emulator, call:ringing as the CTI publishes it, and the
 * screen-pop as the gateway emits it. untap and unlisten undo the first two; the third, a
 * bench-only wrap of the /desk namespace's room emitter, stays: the server stops after the run.
 */
export function stampPopWay(app: AppHandle, people: Seeded, log: PopLog): { untap: () => void; unlisten: () => void } {
  const untap = app.emulator!.tapAmi((fields) => {
    if (fields[0]?.[1] !== 'AgentCalled') return;
    const at = process.hrtime.bigint();
    const get = (k: string) => fields.find(([n]) => n === k)?.[1] ?? '';
    log.emitted.set(`${get('Linkedid')}|${get('Interface')}`, at);
  });
  // Where the time goes: AMI bytes → the CTI's call:ringing (parse + state), then the desk's part.
  const onRinging = (call: { linkedid: string }, ring: { interface: string }) =>
    log.busAt.set(`${call.linkedid}|${ring.interface}`, process.hrtime.bigint());
  app.bus.on('call:ringing', onRinging);
  // … then the gateway's history queries up to its emit, then socket.io and the desk's socket.
  const extOf = new Map(people.desks.map((d) => [`op:${d.operatorId}`, d.extension]));
  const nsp = app.io.of('/desk');
  const to = nsp.to.bind(nsp);
  nsp.to = ((room: string) => {
    const target = to(room);
    const emit = target.emit.bind(target);
    target.emit = ((ev: string, ...args: unknown[]) => {
      if (ev === 'screen-pop')
        log.emitAt.set(
          `${(args[0] as { linkedid: string }).linkedid}|PJSIP/${extOf.get(room)}`,
          process.hrtime.bigint(),
        );
      return emit(ev as 'screen-pop', ...(args as [never]));
    }) as typeof target.emit;
    return target;
  }) as typeof nsp.to;
  return { untap, unlisten: () => app.bus.off('call:ringing', onRinging) };
}
