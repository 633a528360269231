import { DB_RETRY_DELAYS_MS, retryWhileDbDown, type Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import { insertAnswers } from './survey-repository.ts';

interface PendingAnswer {
  responseId: string;
  questionId: string;
  digit: string;
  value: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface AnswerWriterOptions {
  /** Statements on the wire at once; the rest wait and go together in the next one. */
  maxInFlight?: number;
  maxBatch?: number;
  /** Waits before retrying a failed statement (the database may be restarting); the last repeats. */
  retryDelaysMs?: number[];
  /** Answers held while the database is away; beyond this a save is refused at once. */
  maxQueued?: number;
  /** Told how many answers each committed statement stored (metrics). */
  onStored?: (count: number) => void;
}

/** Thrown by save() when the database has been away so long that the queue is full. */
export class AnswerQueueFull extends Error {}

/**
 * Survey answers to the database, each durable before its promise resolves. A failed statement is
 * retried until the database is back (never dropped): answers wait, bounded by maxQueued, and are
 * written in the order given. When many callers
 * press keys at once (the end of a busy hour), their answers share one multi-row statement and so
 * one commit (one WAL flush) instead of queueing for pool connections and flushing one by one; a
 * lone answer is written at once, with no timer in the way.
 */
export class AnswerWriter {
  private queue: PendingAnswer[] = [];
  private inFlight = 0;
  private onWire = 0;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly maxQueued: number;
  private closing = false;
  private readonly onStored: ((count: number) => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    opts: AnswerWriterOptions = {},
  ) {
    this.maxInFlight = opts.maxInFlight ?? 2;
    this.maxBatch = opts.maxBatch ?? 500;
    this.retryDelaysMs = opts.retryDelaysMs ?? DB_RETRY_DELAYS_MS;
    this.maxQueued = opts.maxQueued ?? 20_000;
    this.onStored = opts.onStored;
  }

  /** Answers not yet committed (waiting or on the wire). */
  get backlog(): number {
    return this.queue.length + this.onWire;
  }

  /** Resolves once the answer row is committed (an answer given twice keeps the first). */
  save(responseId: string, questionId: string, digit: string, value: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.backlog >= this.maxQueued) {
        reject(new AnswerQueueFull(`${this.backlog} survey answers are waiting for the database`));
        return;
      }
      this.queue.push({ responseId, questionId, digit, value, resolve, reject });
      this.pump();
    });
  }

  /**
   * At shutdown: wait up to graceMs for everything queued to be committed, then stop retrying
   * (what is still unwritten is logged with its count, never silently dropped).
   */
  async close(graceMs = 3_000): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.backlog > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (this.backlog > 0) this.logger.error({ answers: this.backlog }, 'survey answers not stored at shutdown');
    this.closing = true;
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.onWire += batch.length;
      this.write(batch)
        .then(
          () => {
            this.onStored?.(batch.length);
            batch.forEach((a) => a.resolve());
          },
          (err: Error) => batch.forEach((a) => a.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.onWire -= batch.length;
          this.pump();
        });
    }
  }

  private write(batch: PendingAnswer[]): Promise<void> {
    // Only at shutdown does a write give up (after close()'s grace period).
    return retryWhileDbDown(() => insertAnswers(this.db, batch), {
      delaysMs: this.retryDelaysMs,
      givingUp: () => this.closing,
      onRetry: (err, attempt) =>
        this.logger.warn(
          { err: err.message, answers: batch.length, attempt },
          'survey answers not stored yet; retrying',
        ),
    });
  }
}
