import type { ShiftCalendar, ShiftRef } from '../calendar/index.ts';
import { computeKpis, operatorTimes, type Kpis, type OperatorTime } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import { validationError } from '../shared/index.ts';
import { listRoster } from './roster-repository.ts';

/** A request as the hand-over lists it (the requests domain's OpenRequest). */
export interface OpenRequest {
  id: string;
  trackingCode: string;
  status: string;
  /** The category's English name; `categoryFa` its Persian one. */
  category: string;
  categoryFa: string;
  hazard: boolean;
  createdAt: string;
  deadlineAt: string | null;
}

/** The requests' side of the hand-over, lent by the app: shifts may not import the requests domain. */
export interface OpenWork {
  /** Hazard requests open at `at`, oldest first (at most 50 listed). */
  openHazards(at: Date): Promise<{ count: number; requests: OpenRequest[] }>;
  /** Callbacks owed at `at`: special follow-ups and requests with the unit past their deadline. */
  pendingCallbacks(
    at: Date,
  ): Promise<{ count: number; specialFollowUp: number; overdue: number; requests: OpenRequest[] }>;
  /** Callbacks owed to abandoned callers at the period's end; dials made and citizens reached in it. */
  callbacks?(from: Date, to: Date): Promise<{ owed: number; made: number; reached: number }>;
}

export interface HandoverDeps {
  db: Db;
  calendar: ShiftCalendar;
  openWork: OpenWork;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
}

export interface HandoverOperator extends OperatorTime {
  /** On the roster for this shift and date. */
  rostered: boolean;
  /** Signed in at some point of the shift. */
  worked: boolean;
}

export interface Handover {
  shift: { name: string; date: string; from: string; to: string; asOf: string };
  calls: Omit<Kpis, 'perOperator'>;
  openHazards: { count: number; requests: OpenRequest[] };
  pendingCallbacks: {
    count: number;
    specialFollowUp: number;
    overdue: number;
    definition: string;
    requests: OpenRequest[];
  };
  /** Callbacks owed to callers who hung up while waiting (src/callbacks), and the shift's dials. */
  callbacks: { owed: number; made: number; reached: number; definition: string };
  operators: HandoverOperator[];
  /** For moving between hand-overs: the centre's shifts, the one running now, this one's neighbours. */
  shifts: { names: string[]; current: ShiftRef; previous: ShiftRef; next: ShiftRef | null };
}

const CALLBACK_DEFINITION =
  'Requests in special follow-up (the citizen was not satisfied), and requests still with the unit (registered, referred, in progress) past their deadline: the citizen is owed a call.';
const ABANDON_CALLBACK_DEFINITION =
  'Callers who waited and hung up (or asked to be called back in the phone menu), not yet reached or answered on a later call; made and reached count the callback dials of the shift.';

/**
 * What the outgoing supervisor hands over: the shift's calls (offered, answered, abandoned,
 * service level), the hazards still open and the callbacks owed at the hand-over (the shift's end,
 * or now while it runs), and who worked it with their talk, pause and idle time. Rostered
 * operators who never signed in are listed too, with zero time.
 */
export async function handoverSummary(d: HandoverDeps, ref: ShiftRef, now = Date.now()): Promise<Handover> {
  if (!d.calendar.has(ref.name)) {
    throw validationError(`Unknown shift "${ref.name}"; the shifts are ${d.calendar.names.join(', ')}`);
  }
  const win = d.calendar.window(ref);
  const asOf = new Date(Math.max(win.from, Math.min(now, win.to)));
  const [kpis, hazards, callbacks, times, roster] = await Promise.all([
    computeKpis(d.db, {
      shiftName: ref.name,
      shiftDate: ref.date,
      serviceLevelSeconds: d.serviceLevelSeconds,
      shortAbandonSeconds: d.shortAbandonSeconds,
    }),
    d.openWork.openHazards(asOf),
    d.openWork.pendingCallbacks(asOf),
    operatorTimes(d.db, new Date(win.from), new Date(win.to), ref),
    listRoster(d.db, { date: ref.date, shift: ref.name }),
  ]);
  const owedCallbacks = d.openWork.callbacks
    ? await d.openWork.callbacks(new Date(win.from), asOf)
    : { owed: 0, made: 0, reached: 0 };
  const { perOperator: _per, ...calls } = kpis;
  const rostered = new Set(roster.map((r) => r.operatorId));
  const operators: HandoverOperator[] = times.map((t) => ({
    ...t,
    rostered: rostered.has(t.operatorId),
    worked: true,
  }));
  for (const r of roster) {
    if (operators.some((o) => o.operatorId === r.operatorId)) continue;
    operators.push({
      operatorId: r.operatorId,
      username: r.username,
      displayName: r.displayName,
      seconds: { talking: 0, ringing: 0, wrapUp: 0, paused: 0, ready: 0 },
      pausedByReason: {},
      callsAnswered: 0,
      rostered: true,
      worked: false,
    });
  }
  operators.sort((a, b) => a.username.localeCompare(b.username));
  return {
    shift: {
      name: ref.name,
      date: ref.date,
      from: new Date(win.from).toISOString(),
      to: new Date(win.to).toISOString(),
      asOf: asOf.toISOString(),
    },
    calls,
    openHazards: hazards,
    pendingCallbacks: { ...callbacks, definition: CALLBACK_DEFINITION },
    callbacks: { ...owedCallbacks, definition: ABANDON_CALLBACK_DEFINITION },
    operators,
    shifts: around(d.calendar, win, now),
  };
}

/** The shift before this one, the one after (null until it has begun) and the current one. */
function around(calendar: ShiftCalendar, win: { from: number; to: number }, now: number): Handover['shifts'] {
  return {
    names: [...calendar.names],
    current: calendar.current(now),
    previous: calendar.shiftAt(win.from - 1),
    next: win.to <= now ? calendar.shiftAt(win.to) : null,
  };
}
