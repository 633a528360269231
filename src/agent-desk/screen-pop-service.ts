import type { Db } from '../db/index.ts';
import { pastCallsOfCitizen, type CitizenCallRow, type LiveCall, type PastCall } from '../cti/index.ts';
import { findCitizenByPhone, listCitizenRequests, type PastRequest } from '../requests/index.ts';
import { formatPhoneNational, normalizePhone } from '../shared/index.ts';
import type { ScreenPop } from './desk-events.ts';

export interface CitizenRow {
  id: string;
  name: string | null;
}

/** Outcome words the desk translates; derived from the call record. */
function outcomeOf(r: CitizenCallRow): string {
  // The caller may still be in the survey after the operator hung up: that call was answered.
  if (!r.endedAt && !r.endReason) return r.answeredAt ? 'talking' : 'ringing';
  if (r.endReason === 'abandoned') return 'abandoned';
  if (r.endReason === 'ivr-hangup') return 'ivr-hangup';
  if (r.endReason === 'transferred') return 'transferred';
  return r.answeredAt ? 'answered' : (r.endReason ?? 'unknown');
}

/** How many earlier calls the pop lists. */
const PAST_CALLS = 10;

/** What the centre knows about a caller's number: looked up once per call, as early as it starts. */
export interface CallerRecord {
  citizen: CitizenRow | null;
  /** Newest first, up to PAST_CALLS + 1: the current call may be among them (compose drops it). */
  calls: RatedCall[];
  requests: PastRequest[];
}

const NOBODY: CallerRecord = { citizen: null, calls: [], requests: [] };

/**
 * Composes what the operator sees while the phone rings: who calls, their earlier calls and
 * requests. The lookup (one indexed query, then two in parallel) can run while the caller is
 * still in the phone menu, so the ring itself waits for no database; a new or hidden number is
 * a clean empty pop, never an error.
 */
export class ScreenPopService {
  constructor(private readonly db: Db) {}

  async lookup(callerNum: string): Promise<CallerRecord> {
    const phone = normalizePhone(callerNum);
    if (!phone) return NOBODY;
    const citizen = await findCitizenByPhone(this.db, phone);
    if (!citizen) return NOBODY;
    const [calls, requests] = await Promise.all([this.pastCalls(citizen.id), listCitizenRequests(this.db, citizen.id)]);
    return { citizen, calls, requests };
  }

  /** The pop for a ring; `known` is the caller's record looked up earlier, if any (redone if it failed). */
  async compose(
    call: LiveCall,
    callId: string,
    ringingAt: number,
    forOperatorId: string | null,
    known?: Promise<CallerRecord>,
  ): Promise<ScreenPop> {
    const phone = normalizePhone(call.callerNum);
    const rec = await (known ? known.catch(() => this.lookup(call.callerNum)) : this.lookup(call.callerNum));
    return {
      callId,
      linkedid: call.linkedid,
      queue: call.queue,
      ringingAt: new Date(ringingAt).toISOString(),
      hazard: call.hazard,
      ivrChoice: call.ivrChoice,
      caller: {
        phone,
        phoneDisplay: formatPhoneNational(phone),
        // A hidden number's caller name is the network's placeholder ("Anonymous"), not a name.
        name: rec.citizen?.name ?? (phone ? call.callerName || null : null),
        citizenId: rec.citizen?.id ?? null,
      },
      history: { calls: others(rec.calls, callId, forOperatorId), requests: rec.requests },
    };
  }

  /** Fresh history for a pop already shown (a desk reconnecting after registering a request mid-call). */
  async refreshHistory(pop: ScreenPop, forOperatorId: string | null): Promise<ScreenPop['history']> {
    if (!pop.caller.citizenId) return pop.history;
    const [calls, requests] = await Promise.all([
      this.pastCalls(pop.caller.citizenId),
      listCitizenRequests(this.db, pop.caller.citizenId),
    ]);
    return { calls: others(calls, pop.callId, forOperatorId), requests };
  }

  private async pastCalls(citizenId: string): Promise<RatedCall[]> {
    const rows = await pastCallsOfCitizen(this.db, citizenId, PAST_CALLS + 1);
    return rows.map((row) => ({
      callId: row.id,
      startedAt: row.enteredAt.toISOString(),
      operatorName: row.operatorName,
      outcome: outcomeOf(row),
      surveyScore: row.score,
      ratedOperatorId: row.operatorId,
    }));
  }
}

/** An earlier call and whom its survey rated (kept server-side, never sent). */
export type RatedCall = PastCall & { ratedOperatorId: string | null };

/**
 * Earlier calls: all but the current one. The survey score of a call the receiving operator
 * handled is withheld: an operator must never learn which caller rated them how (issue 5's
 * tamper-proofing); scores on colleagues' calls still tell how this citizen felt served.
 */
export const others = (calls: RatedCall[], currentCallId: string, forOperatorId: string | null): PastCall[] =>
  calls
    .filter((c) => c.callId !== currentCallId)
    .slice(0, PAST_CALLS)
    .map(({ ratedOperatorId, ...c }) =>
      ratedOperatorId !== null && ratedOperatorId === forOperatorId ? { ...c, surveyScore: null } : c,
    );
