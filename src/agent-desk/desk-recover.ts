import type { CallRecorder, LiveCall } from '../cti/index.ts';
import type { ScreenPop } from './desk-events.ts';
import type { ScreenPopService } from './screen-pop-service.ts';

/** The call on a desk: its pop, when it was answered and ended, and the tracker's key. */
export type CurrentCall = ScreenPop & { answeredAt: string | null; endedAt: string | null; callKey: string };

interface RecoverDeps {
  recorder: Pick<CallRecorder, 'idOf'>;
  pops: Pick<ScreenPopService, 'compose'>;
  liveCalls?: () => LiveCall[];
}

/**
 * A node that has just taken the PBX over (or restarted) never saw the ring of a call its
 * operator is still talking in: the call itself is back in the tracker after the resync, so the
 * desk gets its pop again (the caller audits it as a resync) instead of losing the form.
 */
export async function recoverCurrentCall(
  d: RecoverDeps,
  opId: string,
  iface: string,
  serverId: string,
): Promise<CurrentCall | undefined> {
  const call = d.liveCalls?.().find((c) => c.serverId === serverId && c.memberInterface === iface && !c.endedAt);
  const callId = call?.answeredAt ? await d.recorder.idOf(call.key) : null;
  if (!call?.answeredAt || !callId) return undefined;
  const pop = await d.pops.compose(call, callId, call.answeredAt, opId);
  return { ...pop, answeredAt: new Date(call.answeredAt).toISOString(), endedAt: null, callKey: call.key };
}
