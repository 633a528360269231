// Actions waiting for their answer, keyed by ActionID. Asterisk answers out of order and
// interleaves unrelated events (and the items of other lists), so correlation is by ActionID only,
// never by position. A list's timeout restarts on every item: a QueueStatus of a big queue may take
// longer than one action timeout in total while still making progress.

import type { AmiMessage } from './ami-codec.ts';
import { AmiActionError, AmiTimeoutError } from './ami-errors.ts';
import { type AmiMessageKind, isListComplete, isListStart, isSuccessResponse } from './ami-message-kind.ts';

export interface AmiListResult {
  response: AmiMessage;
  items: AmiMessage[];
  complete: AmiMessage;
}

interface Pending {
  action: string;
  timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  reject: (err: Error) => void;
  /** single action */
  resolve?: (msg: AmiMessage) => void;
  /** list action */
  resolveList?: (result: AmiListResult) => void;
  response?: AmiMessage;
  items: AmiMessage[];
}

export class AmiPendingActions {
  private readonly byId = new Map<string, Pending>();

  get size(): number {
    return this.byId.size;
  }

  has(actionId: string): boolean {
    return this.byId.has(actionId);
  }

  addSingle(actionId: string, action: string, timeoutMs: number): Promise<AmiMessage> {
    return new Promise((resolve, reject) => {
      this.add(actionId, { action, timeoutMs, timer: undefined, reject, resolve, items: [] });
    });
  }

  addList(actionId: string, action: string, timeoutMs: number): Promise<AmiListResult> {
    return new Promise((resolve, reject) => {
      this.add(actionId, { action, timeoutMs, timer: undefined, reject, resolveList: resolve, items: [] });
    });
  }

  /** A `Response:` message. Returns false when no action waits for its ActionID. */
  onResponse(msg: AmiMessage, kind: AmiMessageKind): boolean {
    const id = kind.actionId;
    const p = id === undefined ? undefined : this.byId.get(id);
    if (!p || id === undefined) return false;
    if (!isSuccessResponse(kind.response ?? '')) {
      this.finish(id, p);
      p.reject(new AmiActionError(p.action, msg));
    } else if (p.resolve) {
      this.finish(id, p);
      p.resolve(msg);
    } else if (isListStart(kind)) {
      p.response = msg;
      this.arm(id, p);
    } else {
      // Success without `EventList: start`: Asterisk will send no items, so do not wait for a Complete.
      this.finish(id, p);
      p.resolveList?.({ response: msg, items: [], complete: msg });
    }
    return true;
  }

  /** An event; returns true when it was consumed as an item or the end of a pending list. */
  onEvent(msg: AmiMessage, kind: AmiMessageKind): boolean {
    const id = kind.actionId;
    const p = id === undefined ? undefined : this.byId.get(id);
    if (!p?.resolveList || id === undefined) return false;
    if (isListComplete(kind)) {
      this.finish(id, p);
      p.resolveList({ response: p.response ?? msg, items: p.items, complete: msg });
    } else {
      p.items.push(msg);
      this.arm(id, p);
    }
    return true;
  }

  /** Fail one action (its write failed). */
  fail(actionId: string, err: Error): void {
    const p = this.byId.get(actionId);
    if (!p) return;
    this.finish(actionId, p);
    p.reject(err);
  }

  /** Fail everything (connection lost or client stopped). */
  rejectAll(makeError: (action: string) => Error): void {
    const all = [...this.byId.entries()];
    this.byId.clear();
    for (const [, p] of all) {
      clearTimeout(p.timer);
      p.reject(makeError(p.action));
    }
  }

  private add(id: string, p: Pending): void {
    if (this.byId.has(id)) {
      p.reject(new Error(`AMI ActionID ${id} is already pending; ActionIDs must be unique`));
      return;
    }
    this.byId.set(id, p);
    this.arm(id, p);
  }

  private arm(id: string, p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      if (this.byId.get(id) !== p) return;
      this.byId.delete(id);
      p.reject(new AmiTimeoutError(p.action, id, p.timeoutMs));
    }, p.timeoutMs);
  }

  private finish(id: string, p: Pending): void {
    clearTimeout(p.timer);
    this.byId.delete(id);
  }
}
