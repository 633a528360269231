import type { Db } from '../db/index.ts';
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
  /** Waits before retrying a failed statement (the database may be restarting). */
  retryDelaysMs?: number[];
}

/**
 * Survey answers to the database, each durable before its promise resolves. When many callers
 * press keys at once (the end of a busy hour), their answers share one multi-row statement and so
 * one commit (one WAL flush) instead of queueing for pool connections and flushing one by one; a
 * lone answer is written at once, with no timer in the way.
 */
export class AnswerWriter {
  private queue: PendingAnswer[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly retryDelaysMs: number[];

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    opts: AnswerWriterOptions = {},
  ) {
    this.maxInFlight = opts.maxInFlight ?? 2;
    this.maxBatch = opts.maxBatch ?? 500;
    this.retryDelaysMs = opts.retryDelaysMs ?? [100, 400];
  }

  /** Resolves once the answer row is committed (an answer given twice keeps the first). */
  save(responseId: string, questionId: string, digit: string, value: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ responseId, questionId, digit, value, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      this.write(batch)
        .then(
          () => batch.forEach((a) => a.resolve()),
          (err: Error) => batch.forEach((a) => a.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  private async write(batch: PendingAnswer[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await insertAnswers(this.db, batch);
        return;
      } catch (err) {
        const wait = this.retryDelaysMs[attempt];
        if (wait === undefined) throw err;
        this.logger.warn(
          { err: (err as Error).message, answers: batch.length, attempt: attempt + 1 },
          'survey answers not stored yet; retrying',
        );
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
