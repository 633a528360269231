import type { LiveCall, RingAttempt } from './cti-events.ts';

type Via = NonNullable<RingAttempt['via']>;

interface Leg {
  channel: string;
  via: Via;
  startedAt: number;
  /** The call's hold clock when the leg began and when it stopped being the caller's leg. */
  holdMsAtStart: number;
  holdMsAtEnd: number | null;
}

interface Book {
  holdMs: number;
  legs: Leg[];
}

/**
 * The part of a call the live view does not show: each operator leg and the hold clock. Talk is
 * stored net of hold (Asterisk's TalkTime includes the held part) so that talk + hold + wrap-up
 * adds up to handle time without counting a second twice. Pure and synchronous, like the tracker.
 */
export class CallLegs {
  private readonly books = new Map<string, Book>();

  private book(c: LiveCall): Book {
    let b = this.books.get(c.key);
    if (!b) this.books.set(c.key, (b = { holdMs: 0, legs: [] }));
    return b;
  }

  /** A new operator now talks with the caller; the previous leg, if any, stops being current. */
  start(c: LiveCall, channel: string, via: Via, at: number): void {
    this.detach(c, at);
    const b = this.book(c);
    b.legs.push({ channel, via, startedAt: at, holdMsAtStart: b.holdMs, holdMsAtEnd: null });
    c.agentChannel = channel;
  }

  /** The current leg stopped talking with the caller (transferred away): its hold share is fixed now. */
  detach(c: LiveCall, at: number): void {
    const leg = this.current(c);
    if (!leg) return;
    this.unhold(c, at);
    leg.holdMsAtEnd = this.book(c).holdMs;
    c.agentChannel = null;
  }

  current(c: LiveCall): Leg | undefined {
    if (!c.agentChannel) return undefined;
    return this.books.get(c.key)?.legs.find((l) => l.channel === c.agentChannel && l.holdMsAtEnd === null);
  }

  via(c: LiveCall, channel: string): Via | undefined {
    return this.books.get(c.key)?.legs.find((l) => l.channel === channel)?.via;
  }

  /**
   * A leg ended: its net talk seconds. `pbxTalkSeconds` is Asterisk's TalkTime when it gave one
   * (AgentComplete); otherwise the leg's own duration. The leg is forgotten.
   */
  end(c: LiveCall, channel: string, at: number, pbxTalkSeconds?: number): number {
    const b = this.book(c);
    const leg =
      b.legs.find((l) => l.channel === channel) ??
      (channel === '' ? b.legs.find((l) => l.holdMsAtEnd === null) : undefined);
    if (!leg) return pbxTalkSeconds ?? 0;
    if (leg.holdMsAtEnd === null) {
      this.unhold(c, at);
      leg.holdMsAtEnd = b.holdMs;
      if (c.agentChannel === leg.channel) c.agentChannel = null;
    }
    b.legs = b.legs.filter((l) => l !== leg);
    const held = (leg.holdMsAtEnd - leg.holdMsAtStart) / 1000;
    const talk = pbxTalkSeconds ?? (at - leg.startedAt) / 1000;
    return Math.max(0, Math.round(talk - held));
  }

  hold(c: LiveCall, at: number): void {
    c.onHoldSince ??= at;
  }

  unhold(c: LiveCall, at: number): void {
    if (c.onHoldSince === null) return;
    const b = this.book(c);
    b.holdMs += Math.max(0, at - c.onHoldSince);
    c.onHoldSince = null;
    c.holdSeconds = Math.round(b.holdMs / 1000);
  }

  forget(key: string): void {
    this.books.delete(key);
  }
}
