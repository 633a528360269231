// The desk's live state: who is signed in, the operator's queue state, the call at this desk and
// the socket's health. Views subscribe and redraw; socket events and REST answers write here.
import type { DeskSnapshot, OperatorStateChanged, PastRequest, ScreenPop, User } from './types.ts';

export type CurrentCall = ScreenPop & { answeredAt: string | null; endedAt: string | null };
export type Connection = 'connecting' | 'online' | 'offline';

export interface DeskState {
  user: User;
  operator: OperatorStateChanged | null;
  call: CurrentCall | null;
  connection: Connection;
}

type Listener = (s: DeskState, prev: DeskState) => void;

export class DeskStore {
  private state: DeskState;
  private readonly listeners = new Set<Listener>();

  constructor(user: User) {
    this.state = { user, operator: null, call: null, connection: 'connecting' };
  }

  get(): DeskState {
    return this.state;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<DeskState>): void {
    const prev = this.state;
    this.state = { ...prev, ...patch };
    for (const fn of this.listeners) fn(this.state, prev);
  }

  setConnection(connection: Connection): void {
    if (connection !== this.state.connection) this.set({ connection });
  }

  setOperator(operator: OperatorStateChanged): void {
    this.set({ operator });
  }

  screenPop(pop: ScreenPop): void {
    this.set({ call: { ...pop, answeredAt: null, endedAt: null } });
  }

  answered(callId: string, answeredAt: string): void {
    const call = this.state.call;
    if (call && call.callId === callId) this.set({ call: { ...call, answeredAt } });
  }

  ended(callId: string, endedAt: string): void {
    const call = this.state.call;
    if (call && call.callId === callId) this.set({ call: { ...call, endedAt } });
  }

  /** A request registered or linked during this call joins the caller's history at once. */
  addRequest(r: PastRequest): void {
    const call = this.state.call;
    if (!call) return;
    const requests = [r, ...(call.history?.requests ?? []).filter((x) => x.id !== r.id)];
    this.set({ call: { ...call, history: { calls: call.history?.calls ?? [], requests } } });
  }

  /** Fresh data of a request already in the caller's history (e.g. a note was added): replaced in place. */
  updateRequest(r: PastRequest): void {
    const call = this.state.call;
    const requests = call?.history?.requests ?? [];
    if (!call || !requests.some((x) => x.id === r.id)) return;
    this.set({
      call: {
        ...call,
        history: { calls: call.history?.calls ?? [], requests: requests.map((x) => (x.id === r.id ? r : x)) },
      },
    });
  }

  /** The whole picture after a (re)connect. A call we showed that the server no longer has ended. */
  snapshot(s: DeskSnapshot): void {
    const { id: _id, displayName: _name, extension: _ext, ...operator } = s.operator;
    const shown = this.state.call;
    let call = s.currentCall ?? null;
    // Keep showing the last caller's history (the form may still be for them), marked as ended.
    if (!call && shown) call = shown.endedAt ? shown : { ...shown, endedAt: new Date().toISOString() };
    this.set({ operator, call });
  }
}
