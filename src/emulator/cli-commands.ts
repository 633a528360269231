import type { Pbx } from './ports.ts';
import type { Queue } from './queue-model.ts';
import { epochSec } from './time-format.ts';

const DEVICE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Not in use',
  2: 'In use',
  3: 'Busy',
  4: 'Invalid',
  5: 'Unavailable',
  6: 'Ringing',
  7: 'Ring+Inuse',
  8: 'On Hold',
};

function queueShow(pbx: Pbx, q: Queue): string[] {
  const now = epochSec();
  const out = [
    `${q.cfg.name} has ${q.callers.length} calls (max unlimited) in '${q.cfg.strategy}' strategy (${q.holdtime}s holdtime, ${q.talktime}s talktime), W:${q.cfg.weight}, C:${q.completed}, A:${q.abandoned}, SL:0.0%, SL2:0.0% within 0s`,
  ];
  if (q.members.length === 0) out.push('   No Members');
  else {
    out.push('   Members: ');
    for (const m of q.members) {
      const paused = m.paused
        ? ` (paused${m.pausedReason ? `:${m.pausedReason}` : ''} was ${now - m.lastPause} secs ago)`
        : '';
      const inCall = m.inCall ? ' (in call)' : '';
      const taken = m.callsTaken
        ? `has taken ${m.callsTaken} calls (last was ${now - m.lastCall} secs ago)`
        : 'has taken no calls yet';
      out.push(
        `      ${m.name} (${m.iface}) (ringinuse disabled)${m.membership === 'dynamic' ? ' (dynamic)' : ''}${paused}${inCall} (${DEVICE_TEXT[m.status] ?? 'Unknown'}) ${taken} (login was ${now - m.loginTime} secs ago)`,
      );
    }
  }
  if (q.callers.length === 0) out.push('   No Callers');
  else {
    out.push('   Callers: ');
    q.callers.forEach((c, i) => {
      const w = Math.floor(pbx.queues.since(c.joinedAt) / 1000);
      out.push(
        `      ${i + 1}. ${c.ch.name} (wait: ${Math.floor(w / 60)}:${String(w % 60).padStart(2, '0')}, prio: ${c.prio})`,
      );
    });
  }
  out.push('', '');
  return out;
}

/** The handful of CLI commands a CTI server might send through AMI `Command`; null = unknown. */
export function runCli(pbx: Pbx, command: string): string[] | null {
  const words = command.trim().split(/\s+/);
  const cmd = words.join(' ').toLowerCase();
  if (cmd === 'core show version') {
    return ['Asterisk 22.10.1 built by root @ vm on a x86_64 running Linux on 2026-11-22 06:25:15 UTC'];
  }
  if (cmd === 'core show uptime') {
    const up = Math.floor((Date.now() - pbx.startedAt) / 1000);
    return [`System uptime: ${up} seconds`, `Last reload: ${up} seconds`];
  }
  if (cmd === 'core show channels' || cmd === 'core show channels concise') {
    const lines = [...pbx.channels.values()].map((c) => `${c.name}!${c.context}!${c.exten}!${c.priority}!${c.appName}`);
    return [...lines, `${pbx.channels.size} active channels`];
  }
  if (words[0]?.toLowerCase() === 'queue' && words[1]?.toLowerCase() === 'show') {
    const name = words[2];
    const queues = [...pbx.queues.queues.values()].filter((q) => !name || q.cfg.name === name);
    if (name && queues.length === 0) return [`No such queue: ${name}.`];
    return queues.flatMap((q) => queueShow(pbx, q));
  }
  return null;
}
