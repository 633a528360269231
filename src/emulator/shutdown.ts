import type { Pbx } from './ports.ts';

// `core restart now` / `core stop now` of Asterisk 22 (tag 22.10.1), up to the moment the process
// exits, as the AMI clients see it. The CLI command runs quit_handler(0, SHUTDOWN_NORMAL, restart)
// (main/asterisk.c handle_restart_now, line 2461); can_safely_quit (line 2004-2011) calls
// ast_softhangup_all() and waits for the channels to die; really_quit (line 2090-2096) then
// publishes Event: Shutdown. Modules are not unloaded at this niceness (run_cleanups = 0), so the
// manager stays up to the end and the connection only closes when the process execs itself.

/** AST_SOFTHANGUP_SHUTDOWN = (1 << 2), include/asterisk/channel.h line 1151. */
export const AST_SOFTHANGUP_SHUTDOWN = 4;

/**
 * ast_softhangup_all(): ast_softhangup(chan, AST_SOFTHANGUP_SHUTDOWN) on every channel
 * (main/channel.c line 485-497). ast_softhangup (line 2460-2481) publishes the hangup request at
 * once with {cause: 4, soft: true}, which the manager writes as SoftHangupRequest with `Cause: 4`
 * after the channel block (main/manager_channels.c channel_hangup_request_cb, line 826-877). So
 * every channel's request goes out first; then each channel's own thread wakes up and unwinds what
 * runs on it, exactly as for any hangup: app_queue's record_abandoned for a waiting caller
 * (QueueCallerAbandon, then QueueCallerLeave), its handle_hangup for a bridged call (AgentComplete:
 * app_queue subscribes it to the hangup request, apps/app_queue.c line 7071), Stasis' StasisEnd,
 * and the Hangup of each channel. Asterisk walks its channel container in hash order; the emulator
 * takes creation order, so a queue call's caller comes before its operator leg (Reason: caller).
 */
export function softHangupAll(pbx: Pbx): void {
  const all = [...pbx.channels.values()];
  for (const ch of all) if (!ch.destroyed) pbx.softHangupEvent(ch, AST_SOFTHANGUP_SHUTDOWN);
  for (const ch of all) {
    if (ch.destroyed || ch.hangingUp) continue;
    ch.hangingUp = true;
    // No far end set a Q.850 cause: Hangup says 0 (Unknown), as for the abandon capture, except
    // for a bridged leg, to which the bridge gives AST_CAUSE_NORMAL_CLEARING when it leaves
    // (main/bridge_channel.c channel_set_cause, line 278-300).
    const req = { origin: 'soft' as const, cause: ch.bridgeId ? 16 : 0 };
    if (ch.owner) ch.owner.onHangup(ch, req);
    else pbx.destroy(ch, req.cause);
  }
  // A flow that would have gone on in the dialplan (the caller of an operator hung up first) ends
  // here too: every channel carries the shutdown flag, nothing runs another step.
  for (const ch of [...pbx.channels.values()]) {
    ch.hangingUp = true;
    ch.owner = undefined;
    pbx.destroy(ch, 0);
  }
}

/**
 * really_quit: `Shutdown: Cleanly|Uncleanly` (channels still up) and `Restart: True|False`, in
 * that order (an ast_json_pack'ed object, written key by key in insertion order by
 * ast_manager_str_from_json_object, main/manager.c line 555-563), class EVENT_FLAG_SYSTEM.
 */
export function shutdownEvent(pbx: Pbx, restart: boolean): void {
  pbx.ami.event('Shutdown', 'system,all', [
    ['Shutdown', pbx.channels.size > 0 ? 'Uncleanly' : 'Cleanly'],
    ['Restart', restart ? 'True' : 'False'],
  ]);
}
