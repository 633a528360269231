import type { ShiftDef } from '../calendar/index.ts';
import { computeKpis } from '../cti/kpi-service.ts';
import type { Kpis } from '../cti/queue-types.ts';
import type { ShiftRef } from '../calendar/index.ts';
import type { Db } from '../db/pool.ts';
import { validationError } from '../shared/errors.ts';
import { shiftWindow } from '../calendar/index.ts';
import {
  openHazards,
  operatorTimes,
  pendingCallbacks,
  type OpenRequest,
  type OperatorTime,
} from './handover-repository.ts';
import { listRoster } from './roster-repository.ts';

export interface HandoverDeps {
  db: Db;
  shifts: ShiftDef[];
  timezone: string;
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
  operators: HandoverOperator[];
}

const CALLBACK_DEFINITION =
  'Requests in special follow-up (the citizen was not satisfied), and requests still with the unit (registered, referred, in progress) past their deadline: the citizen is owed a call.';

/**
 * What the outgoing supervisor hands over: the shift's calls (offered, answered, abandoned,
 * service level), the hazards still open and the callbacks owed at the hand-over (the shift's end,
 * or now while it runs), and who worked it with their talk, pause and idle time. Rostered
 * operators who never signed in are listed too, with zero time.
 */
export async function handoverSummary(d: HandoverDeps, ref: ShiftRef, now = Date.now()): Promise<Handover> {
  if (!d.shifts.some((s) => s.name === ref.name)) {
    throw validationError(`Unknown shift "${ref.name}"; the shifts are ${d.shifts.map((s) => s.name).join(', ')}`);
  }
  const win = shiftWindow(ref, d.shifts, d.timezone);
  const asOf = new Date(Math.max(win.from, Math.min(now, win.to)));
  const [kpis, hazards, callbacks, times, roster] = await Promise.all([
    computeKpis(d.db, {
      shiftName: ref.name,
      shiftDate: ref.date,
      serviceLevelSeconds: d.serviceLevelSeconds,
      shortAbandonSeconds: d.shortAbandonSeconds,
    }),
    openHazards(d.db, asOf),
    pendingCallbacks(d.db, asOf),
    operatorTimes(d.db, new Date(win.from), new Date(win.to), ref),
    listRoster(d.db, { date: ref.date, shift: ref.name }),
  ]);
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
    operators,
  };
}
