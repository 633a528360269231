import pg from 'pg';

// The survey_dtmf benchmark's instruments: when each answer row was committed, and where each
// caller is in the survey, both without adding load to the event loop being measured.

/**
 * Times every `INSERT INTO survey_answers` the server sends through pg (AnswerWriter): the moment
 * its promise resolves is the moment the row is committed (autocommit). Bench-only: wraps
 * pg.Pool.prototype.query for the run and puts it back afterwards.
 */
export function instrumentAnswerInserts() {
  const proto = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const durable: Array<{ responseId: string; at: number }> = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const out = original.apply(this, args);
    const [text, values] = args;
    if (
      typeof text === 'string' &&
      text.includes('INSERT INTO survey_answers') &&
      Array.isArray(values) &&
      out instanceof Promise
    ) {
      // AnswerWriter sends one statement for all the answers waiting: values[0] lists their responses.
      const responseIds = (Array.isArray(values[0]) ? values[0] : [values[0]]).map(String);
      out.then(
        () => {
          const at = performance.now();
          for (const responseId of responseIds) durable.push({ responseId, at });
        },
        () => undefined,
      );
    }
    return out;
  };
  return { durable, restore: () => void (proto.query = original) };
}

/** Per-channel event counters that can be awaited without polling (polling would load the loop being measured). */
export class Counts {
  private readonly n = new Map<string, number>();
  private readonly waiters = new Map<string, Array<{ at: number; resolve: () => void }>>();

  bump(ch: string): void {
    const v = (this.n.get(ch) ?? 0) + 1;
    this.n.set(ch, v);
    const w = this.waiters.get(ch) ?? [];
    this.waiters.set(
      ch,
      w.filter((x) => (x.at <= v ? (x.resolve(), false) : true)),
    );
  }

  reach(ch: string, at: number): Promise<void> {
    if ((this.n.get(ch) ?? 0) >= at) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`survey_dtmf: channel ${ch} never reached question ${at} (count ${this.n.get(ch)})`)),
        20_000,
      );
      const list = this.waiters.get(ch) ?? [];
      list.push({ at, resolve: () => (clearTimeout(t), resolve()) });
      this.waiters.set(ch, list);
    });
  }
}
