import type { AmiMessage } from '../asterisk/ami/index.ts';
import type { MemberFacts } from './queue-types.ts';

// A queue member's settings and counters as Asterisk reports them, read the same way from the
// QueueStatus list (QueueMember) and from live events (QueueMemberStatus, QueueMemberAdded).

const epochIso = (v: string | undefined): string | undefined => {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : undefined;
};
const optNum = (v: string | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) ? n : undefined;
};

/** The member fields of QueueMember (QueueStatus), QueueMemberStatus and QueueMemberAdded; absent fields stay absent. */
export function memberFacts(m: AmiMessage): MemberFacts {
  const f: MemberFacts = {};
  const penalty = optNum(m.get('Penalty'));
  if (penalty !== undefined) f.penalty = penalty;
  const taken = optNum(m.get('CallsTaken'));
  if (taken !== undefined) f.callsTaken = taken;
  const last = epochIso(m.get('LastCall'));
  if (last) f.lastCallAt = last;
  const login = epochIso(m.get('LoginTime'));
  if (login) f.loginAt = login;
  const ringinuse = m.get('Ringinuse');
  if (ringinuse === '0' || ringinuse === '1') f.ringinuse = ringinuse === '1';
  const wrap = optNum(m.get('Wrapuptime'));
  if (wrap !== undefined) f.wrapupSeconds = wrap;
  return f;
}
