import type { AmiMessage } from '../asterisk/ami/ami-codec.ts';
import { maskPhone, normalizePhone } from '../shared/phone.ts';
import type { CallTracker } from './call-tracker.ts';
import type { CtiBus } from './cti-events.ts';
import type { OperatorDirectory } from './operator-directory.ts';
import type { QueueLive, QueueMember } from './queue-types.ts';

/**
 * The live picture of every queue: members as Asterisk reports them (QueueMemberStatus/Pause/
 * Added/Removed, and QueueStatus after a reconnect) and waiting callers from the call tracker.
 * Queues configured in Asterisk but empty still show once QueueStatus has listed them.
 */
export class QueueState {
  private readonly members = new Map<string, Map<string, QueueMember>>(); // queue → interface → member
  private readonly known = new Set<string>();

  constructor(
    bus: CtiBus,
    private readonly tracker: CallTracker,
    private readonly directory: OperatorDirectory,
    private readonly idOf: (callKey: string) => string | null,
  ) {
    bus.on('member:changed', (m) => {
      this.known.add(m.queue);
      const q = this.queue(m.queue);
      if (m.removed) {
        q.delete(m.interface);
        return;
      }
      const prev = q.get(m.interface);
      q.set(m.interface, {
        interface: m.interface,
        operatorId: this.directory.byInterface(m.interface)?.id ?? null,
        memberName: m.memberName || prev?.memberName || m.interface,
        status: m.status ?? prev?.status ?? 1,
        paused: m.paused ?? prev?.paused ?? false,
        pausedReason: m.paused === false ? null : (m.reason ?? prev?.pausedReason ?? null) || null,
        inCall: m.inCall ?? prev?.inCall ?? false,
      });
    });
    bus.on('call:queued', (c) => c.queue && this.known.add(c.queue));
  }

  /** Replace a server's members with what QueueStatus listed (after connect/reconnect). */
  applyQueueStatus(items: AmiMessage[]): void {
    const fresh = new Map<string, Map<string, QueueMember>>();
    for (const m of items) {
      const queue = m.get('Queue');
      if (!queue) continue;
      this.known.add(queue);
      if (m.event !== 'QueueMember') continue;
      const iface = m.get('Location') ?? m.get('Interface') ?? '';
      let q = fresh.get(queue);
      if (!q) fresh.set(queue, (q = new Map()));
      q.set(iface, {
        interface: iface,
        operatorId: this.directory.byInterface(iface)?.id ?? null,
        memberName: m.get('Name') ?? m.get('MemberName') ?? iface,
        status: Number(m.get('Status') ?? 0),
        paused: m.get('Paused') === '1',
        pausedReason: m.get('PausedReason') || null,
        inCall: m.get('InCall') === '1',
      });
    }
    for (const name of this.known) this.members.set(name, fresh.get(name) ?? new Map());
  }

  snapshot(): QueueLive[] {
    const byQueue = new Map<string, QueueLive>();
    for (const name of [...this.known].sort()) {
      byQueue.set(name, { name, waiting: [], members: [...(this.members.get(name)?.values() ?? [])], talking: 0 });
    }
    for (const c of this.tracker.active()) {
      if (!c.queue) continue;
      let q = byQueue.get(c.queue);
      if (!q) byQueue.set(c.queue, (q = { name: c.queue, waiting: [], members: [], talking: 0 }));
      if (c.phase === 'talking') q.talking++;
      if (c.phase !== 'queued' && c.phase !== 'ringing') continue;
      q.waiting.push({
        callId: this.idOf(c.key),
        linkedid: c.linkedid,
        serverId: c.serverId,
        callerMasked: maskPhone(normalizePhone(c.callerNum)),
        waitingSince: new Date(c.queuedAt ?? c.enteredAt).toISOString(),
        position: c.position,
        hazard: c.hazard,
        ivrChoice: c.ivrChoice,
        ringing: c.rings.filter((r) => r.outcome === 'ringing').map((r) => r.interface),
      });
    }
    for (const q of byQueue.values()) q.waiting.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
    return [...byQueue.values()];
  }

  private queue(name: string): Map<string, QueueMember> {
    let q = this.members.get(name);
    if (!q) this.members.set(name, (q = new Map()));
    return q;
  }
}
