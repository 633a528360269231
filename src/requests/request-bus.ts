// What happens to requests, told to whoever listens (the office domain: escalation, notifications,
// the live inbox). Every event is emitted after its transaction has committed, so a listener that
// reads the database finds what the event says.

export interface RequestBusEvents {
  referred: {
    requestId: string;
    referralId: string;
    unitId: number;
    trackingCode: string;
    hazard: boolean;
    referredAt: string;
    deadlineAt: string;
    /** True when registration routed it; false when a person (re-)referred it. */
    automatic: boolean;
  };
  'status-changed': {
    requestId: string;
    trackingCode: string;
    from: string;
    to: string;
    unitId: number | null;
    byUserId: string | null;
  };
  'deadline-changed': { requestId: string; referralId: string; unitId: number; deadlineAt: string };
  'extension-requested': {
    requestId: string;
    trackingCode: string;
    extensionId: string;
    unitId: number;
    hours: number;
  };
  'extension-decided': {
    requestId: string;
    trackingCode: string;
    extensionId: string;
    unitId: number;
    decision: 'granted' | 'refused';
  };
}

export type RequestBusEvent = keyof RequestBusEvents;
type Listener<K extends RequestBusEvent> = (payload: RequestBusEvents[K]) => unknown;

/** One event waiting for its transaction's COMMIT. */
export type PendingEvent = { [K in RequestBusEvent]: { name: K; payload: RequestBusEvents[K] } }[RequestBusEvent];

export interface RequestBus {
  /** Subscribe; returns the unsubscribe. */
  on<K extends RequestBusEvent>(name: K, listener: Listener<K>): () => void;
  emit<K extends RequestBusEvent>(name: K, payload: RequestBusEvents[K]): void;
  /** Emit what a committed transaction collected, in order. */
  emitAll(events: readonly PendingEvent[]): void;
}

/**
 * A typed emitter whose listeners cannot break the request that caused the event: a listener that
 * throws (or whose promise rejects) is reported to `onError` and the others still run.
 */
export function createRequestBus(onError: (err: unknown, name: RequestBusEvent) => void = () => {}): RequestBus {
  const listeners = new Map<RequestBusEvent, Set<Listener<never>>>();
  const bus: RequestBus = {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as Listener<never>);
      return () => void set.delete(listener as Listener<never>);
    },
    emit(name, payload) {
      for (const l of [...(listeners.get(name) ?? [])]) {
        try {
          const out = (l as Listener<typeof name>)(payload);
          if (out instanceof Promise) out.catch((err: unknown) => onError(err, name));
        } catch (err) {
          onError(err, name);
        }
      }
    },
    emitAll(events) {
      for (const e of events) bus.emit(e.name, e.payload as never);
    },
  };
  return bus;
}
