import { normalizePhone } from '../shared/index.ts';
import { upsertCitizenByPhone, type Queryable } from './citizen-repository.ts';
import { invalidPhone, reporterRequired, unknownCall } from './errors.ts';
import type { ReporterInput } from './request-types.ts';

export interface Reporter {
  citizenId: string | null;
  callId: string | null;
}

/**
 * The caller of a recorded call, as the CTI stored it (E.164 or null for a hidden number); null
 * for an unknown call. Calls belong to cti, which sits beside requests: the app lends its lookup.
 */
export type CallerLookup = (
  db: Queryable,
  callId: string,
) => Promise<{ citizenId: string | null; phone: string | null } | null>;

/**
 * Who is reporting. The number the operator typed wins over the call's caller ID, because a
 * hidden-number caller or someone calling for a neighbour gives the number to call back on.
 * A hidden-number call with no typed number gives a reporter with no citizen; neither a call nor a
 * number (an anonymous walk-in or web report) gives both null, which `required` refuses.
 */
export async function resolveReporter(
  db: Queryable,
  input: ReporterInput,
  required: boolean,
  callerOf: CallerLookup,
): Promise<Reporter> {
  const typed = input.phone?.trim() ? input.phone : undefined;
  if (!typed && !input.callId) {
    if (required) throw reporterRequired();
    return { citizenId: null, callId: null };
  }
  let e164: string | null = null;
  if (typed) {
    e164 = normalizePhone(typed);
    if (!e164) throw invalidPhone(typed);
  }
  let callId: string | null = null;
  let callCitizenId: string | null = null;
  if (input.callId) {
    const call = /^\d{1,18}$/.test(input.callId) ? await callerOf(db, input.callId) : null;
    if (!call) throw unknownCall(input.callId);
    callId = input.callId;
    callCitizenId = call.citizenId;
    e164 ??= call.phone;
  }
  if (e164 && (typed || input.citizenName || !callCitizenId)) {
    return { citizenId: (await upsertCitizenByPhone(db, e164, input.citizenName)).id, callId };
  }
  return { citizenId: callCitizenId, callId };
}
