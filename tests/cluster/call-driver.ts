// Calls through the cluster, watched from the PBX's side: what the emulator sent on AMI (every
// ring, every end of a call) is the truth the desks' pops and the stored rows are held to.
// Citizens dial 137 and let the menu lapse into the queue; operators pick up when their desk pops,
// talk a moment, hang up, and press Ready once the desk says the call is over.
import type { Db } from '../../src/db/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { emulator } from '../helpers/emulator-control.ts';
import { pressReady, type Desk } from './desks.ts';

export interface Ring {
  linkedid: string;
  /** PJSIP/1001 … */
  iface: string;
}

const WATCHED = new Set(['AgentCalled', 'AgentConnect', 'QueueCallerJoin', 'Hangup']);

/** Every AgentCalled and every caller's Hangup the emulator wrote on AMI, from now on. */
export class PbxWatch {
  readonly rings: Ring[] = [];
  readonly ended = new Set<string>();
  /** Calls that joined a queue (QueueCallerJoin), by Linkedid. */
  readonly queued = new Set<string>();
  /** Calls picked up (AgentConnect): Linkedid → the phone that answered. */
  readonly answered = new Map<string, string>();
  private readonly waiters: Array<() => void> = [];
  private readonly untap: () => void;

  constructor(emu: Emulator) {
    this.untap = emu.tapAmi((fields) => {
      const event = fields[0]?.[1];
      if (!WATCHED.has(event ?? '')) return;
      const get = (k: string) => fields.find(([n]) => n === k)?.[1] ?? '';
      if (event === 'QueueCallerJoin') this.queued.add(get('Linkedid'));
      else if (event === 'AgentConnect') this.answered.set(get('Linkedid'), get('Interface'));
      else if (event === 'AgentCalled') this.rings.push({ linkedid: get('Linkedid'), iface: get('Interface') });
      // The caller's channel is the call's first: its Uniqueid is the Linkedid.
      else if (get('Uniqueid') === get('Linkedid')) {
        this.ended.add(get('Linkedid'));
        for (const w of this.waiters.splice(0)) w();
      }
    });
  }

  /** Resolves at the next end of a call. */
  nextEnd(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  /** What the PBX said of a call, for a failure's message. */
  describe(linkedid: string): string {
    const rings = this.ringsOf(linkedid).map((r) => r.iface);
    const answered = this.answered.get(linkedid) ?? 'nobody';
    return `${linkedid}: queued ${this.queued.has(linkedid)}, rang [${rings.join(', ')}], answered by ${answered}`;
  }

  ringsOf(linkedid: string): Ring[] {
    return this.rings.filter((r) => r.linkedid === linkedid);
  }

  stop(): void {
    this.untap();
  }
}

/** National number of caller k: 0912 700 0000 + k (seeded as citizens, so each pop is audited). */
export const callerNumber = (k: number) => `0912${String(7_000_000 + k).padStart(7, '0')}`;
export const callerE164 = (k: number) => `+98${callerNumber(k).slice(1)}`;

/** Callers 0…n-1 as known citizens: their pops carry a history, and each pop is an audited view. */
export async function seedCallers(db: Db, n: number): Promise<void> {
  const phones = Array.from({ length: n }, (_, k) => callerE164(k));
  await db.query(`INSERT INTO citizens (phone_e164) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [phones]);
}

export interface AutoOperatorOptions {
  url: string;
  emulatorUrl: string;
  /** Real ms between the pick-up and the operator's hang-up. */
  talkMs: number;
}

/**
 * Operators who answer when their desk pops (never before: a ring without a pop would ring out,
 * and the test sees it), hang up after `talkMs`, after which the caller hangs up in the survey,
 * and press Ready when the desk shows the call ended. Returns the Ready statuses, to be all 200.
 */
export interface AutoOperators {
  readyStatuses: number[];
  /** Ready presses that got no answer at all (status 0), with the reason. */
  readyErrors: string[];
  /** What the operators did and saw per call (Linkedid), for a failure's message. */
  trail: Map<string, string[]>;
  /** Stops reacting, then waits for the Ready presses still on their way. */
  stop(): Promise<void>;
}

export function autoOperators(desks: Desk[], o: AutoOperatorOptions): AutoOperators {
  const readyStatuses: number[] = [];
  const readyErrors: string[] = [];
  const trail = new Map<string, string[]>();
  const note = (linkedid: string, what: string) => trail.set(linkedid, [...(trail.get(linkedid) ?? []), what]);
  const ctl = (path: string) =>
    emulator(o.emulatorUrl, 'POST', path).then(
      () => 'ok',
      (err: Error) => err.message.slice(-60),
    );
  const offs: Array<() => void> = [];
  const inFlight = new Set<Promise<void>>();
  for (const d of desks) {
    const linkedidOf = new Map<string, string>();
    const onPop = (pop: { callId: string; linkedid: string }) => {
      linkedidOf.set(pop.callId, pop.linkedid);
      note(pop.linkedid, `pop@${d.extension}`);
      void ctl(`/_emulator/endpoints/${d.extension}/answer`).then((r) => note(pop.linkedid, `answer ${r}`));
    };
    const onAnswered = (e: { callId: string }) => {
      const linkedid = linkedidOf.get(e.callId) ?? `call ${e.callId}`;
      note(linkedid, `answered@${d.extension}`);
      setTimeout(
        () => void ctl(`/_emulator/endpoints/${d.extension}/hangup`).then((r) => note(linkedid, `hangup ${r}`)),
        o.talkMs,
      );
    };
    const onEnded = (e: { callId: string; reason: string }) => {
      const linkedid = linkedidOf.get(e.callId);
      if (!linkedid) return;
      linkedidOf.delete(e.callId);
      note(linkedid, `ended@${d.extension} ${e.reason}`);
      // A ring that ended unanswered: the caller is still waiting for someone else.
      if (e.reason === 'ring-no-answer' || e.reason === 'cancelled') return;
      // The caller, now in the survey, leaves without answering: this test counts calls, not ratings.
      void ctl(`/_emulator/channels/${linkedid}/hangup`).then((r) => note(linkedid, `caller hangup ${r}`));
      const pressed = pressReady(o.url, d).then(
        (s) => {
          readyStatuses.push(s);
          note(linkedid, `ready ${s}`);
        },
        (err: Error) => {
          readyStatuses.push(0);
          const why = `${err.message} ${(err.cause as Error | undefined)?.message ?? ''}`;
          readyErrors.push(`${d.username} after ${linkedid}: ${why}`);
          note(linkedid, `ready failed: ${why}`);
        },
      );
      inFlight.add(pressed);
      void pressed.finally(() => inFlight.delete(pressed));
    };
    d.socket.on('screen-pop', onPop);
    d.socket.on('call:answered', onAnswered);
    d.socket.on('call:ended', onEnded);
    offs.push(() => {
      d.socket.off('screen-pop', onPop);
      d.socket.off('call:answered', onAnswered);
      d.socket.off('call:ended', onEnded);
    });
  }
  const stop = async () => {
    offs.forEach((f) => f());
    await Promise.all(inFlight);
  };
  return { readyStatuses, readyErrors, trail, stop };
}

/**
 * Places `n` calls from callers 0…n-1, at most `inFlight` at a time (placed and not yet ended on
 * the PBX); resolves with their Linkedids once every one has ended, or throws after `timeoutMs`
 * saying how far it got.
 */
export async function placeCalls(
  emulatorUrl: string,
  watch: PbxWatch,
  n: number,
  inFlight: number,
  timeoutMs: number,
): Promise<string[]> {
  const placed: string[] = [];
  const deadline = Date.now() + timeoutMs;
  const open = () => placed.filter((l) => !watch.ended.has(l)).length;
  while (placed.length < n || open() > 0) {
    if (Date.now() > deadline) {
      const stuck = placed.filter((l) => !watch.ended.has(l)).map((l) => watch.describe(l));
      throw new Error(
        `calls: ${placed.length} of ${n} placed, ${open()} still up after ${timeoutMs} ms: ${stuck.join('; ')}`,
      );
    }
    if (placed.length < n && open() < inFlight) {
      const c = await emulator<{ linkedid: string }>(emulatorUrl, 'POST', '/_emulator/calls', {
        from: callerNumber(placed.length),
        to: '137',
      });
      placed.push(c.linkedid);
      continue;
    }
    await Promise.race([watch.nextEnd(), new Promise((r) => setTimeout(r, 200))]);
  }
  return placed;
}
