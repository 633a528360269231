import { STATE_DESC } from './channel.ts';
import type { Pbx } from './ports.ts';

/** GET /_emulator/state: a readable snapshot for debugging and tests (not an Asterisk format). */
export function stateSnapshot(pbx: Pbx, trafficOn: boolean): object {
  const channels = [...pbx.channels.values()].map((ch) => ({
    id: ch.id,
    name: ch.name,
    linkedid: ch.linkedid,
    kind: ch.kind,
    state: STATE_DESC[ch.state],
    endpoint: ch.endpoint,
    caller: { number: ch.callerNum, name: ch.callerName },
    connected: { number: ch.connectedNum, name: ch.connectedName },
    dialplan: { context: ch.context, exten: ch.exten, priority: ch.priority, app: ch.appName, appData: ch.appData },
    stasis: ch.stasis ? { app: ch.stasis.app, args: ch.stasis.args } : null,
    queue: pbx.queues.callerOf(ch.id)?.queue.cfg.name ?? null,
    bridgeId: ch.bridgeId ?? null,
  }));
  const queues = [...pbx.queues.queues.values()].map((q) => ({
    name: q.cfg.name,
    strategy: q.cfg.strategy,
    completed: q.completed,
    abandoned: q.abandoned,
    holdtime: q.holdtime,
    talktime: q.talktime,
    members: q.members.map((m) => ({
      interface: m.iface,
      name: m.name,
      stateInterface: m.stateInterface,
      status: m.status,
      paused: m.paused,
      pausedReason: m.pausedReason,
      inCall: m.inCall,
      callsTaken: m.callsTaken,
      lastCall: m.lastCall,
    })),
    callers: q.callers.map((c, i) => ({
      channelId: c.ch.id,
      position: i + 1,
      priority: c.prio,
      waitSec: Math.floor(pbx.queues.since(c.joinedAt) / 1000),
      ringing: c.attempts.map((a) => a.member.iface),
    })),
  }));
  const endpoints = ['trunk', ...pbx.opts.endpoints].map((e) => ({
    name: e,
    device: pbx.devices.of(`PJSIP/${e}`),
    registered: pbx.devices.isRegistered(e),
  }));
  return {
    channels,
    queues,
    endpoints,
    apps: pbx.ari.activeApps(),
    bridges: [...pbx.bridges.values()].map((b) => ({ id: b.id, channels: b.channelIds })),
    traffic: trafficOn,
  };
}
