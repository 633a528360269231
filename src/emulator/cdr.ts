import { callerIdAll, type Channel, type Fields } from './channel.ts';
import { cdrTime } from './time-format.ts';

/**
 * cdr_manager output. Asterisk splits a channel's CDR at each dial attempt that ends and each
 * bridge that ends, and posts all of a channel's records together when it hangs up: one queue
 * call gives a record for the queue leg (DestinationChannel = the agent leg) and one for the
 * survey. Times are wall clock, like the Timestamp lines next to them. The state lives on the
 * channel (`Channel.cdr`).
 */

export function startCdr(ch: Channel): void {
  ch.cdr = { seg: { start: ch.createdAt, answer: ch.answeredAt, dest: '' }, records: [] };
}

export function cdrAnswered(ch: Channel, at: number): void {
  if (ch.cdr && ch.cdr.seg.answer === undefined) ch.cdr.seg.answer = at;
}

/** The first dialled leg names the record's DestinationChannel. */
export function cdrDial(ch: Channel, destName: string): void {
  if (ch.cdr && ch.cdr.seg.dest === '') ch.cdr.seg.dest = destName;
}

/** Close the running record; `noAnswer` marks a dial attempt that rang out. */
export function cdrSplit(ch: Channel, noAnswer = false): void {
  const cdr = ch.cdr;
  if (!cdr) return;
  const end = Date.now();
  const seg = cdr.seg;
  const answered = seg.answer !== undefined;
  const dispo = noAnswer || !answered ? 'NO ANSWER' : 'ANSWERED';
  cdr.records.push([
    ['AccountCode', ch.accountCode],
    ['Source', ch.callerNum],
    ['Destination', ch.exten],
    ['DestinationContext', ch.context],
    ['CallerID', callerIdAll(ch)],
    ['Channel', ch.name],
    ['DestinationChannel', seg.dest],
    ['LastApplication', ch.appName],
    ['LastData', ch.appData],
    ['StartTime', cdrTime(seg.start)],
    ['AnswerTime', answered ? cdrTime(seg.answer!) : ''],
    ['EndTime', cdrTime(end)],
    ['Duration', String(Math.floor((end - seg.start) / 1000))],
    ['BillableSeconds', answered ? String(Math.floor((end - seg.answer!) / 1000)) : '0'],
    ['Disposition', dispo],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', ch.id],
    ['UserField', ''],
  ]);
  cdr.seg = { start: end, answer: ch.state === 6 ? end : undefined, dest: '' };
}

/** Close the last record and hand back everything to post as `Cdr` events. */
export function cdrFinish(ch: Channel): Fields[] {
  if (!ch.cdr) return [];
  cdrSplit(ch);
  const out = ch.cdr.records;
  ch.cdr = undefined;
  return out;
}
