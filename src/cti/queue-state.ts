import type { AmiMessage } from '../asterisk/ami/index.ts';
import { maskPhone, normalizePhone } from '../shared/index.ts';
import type { CallTracker } from './call-tracker.ts';
import type { CtiBus } from './cti-events.ts';
import type { OperatorDirectory } from './operator-directory.ts';
import type { QueueLive, QueueMember } from './queue-types.ts';
import { memberFacts } from './member-facts.ts';

// A queue is (server, name): q137 on pbx1 and q137 on pbx2 are two queues with their own members.
const qkey = (serverId: string, queue: string) => `${serverId}/${queue}`;

type QueueParams = Pick<QueueLive, 'strategy' | 'weight' | 'maxCallers'>;
/** A queue seen only through a caller or member event, before any QueueStatus: parameters unknown. */
const NO_PARAMS: QueueParams = { strategy: null, weight: null, maxCallers: null };
const optionalNumber = (v: string | undefined): number | null =>
  v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null;

/**
 * The live picture of every queue: members as Asterisk reports them (QueueMemberStatus/Pause/
 * Added/Removed, and QueueStatus after a reconnect) and waiting callers from the call tracker.
 * Queues configured in Asterisk but empty still show once QueueStatus has listed them.
 */
export class QueueState {
  private readonly members = new Map<string, Map<string, QueueMember>>(); // server/queue → interface → member
  private readonly params = new Map<string, QueueParams>(); // server/queue → QueueParams of the last QueueStatus
  private readonly known = new Map<string, { serverId: string; name: string }>();

  constructor(
    bus: CtiBus,
    private readonly tracker: CallTracker,
    private readonly directory: OperatorDirectory,
    private readonly idOf: (callKey: string) => string | null,
  ) {
    bus.on('member:changed', (m) => {
      const q = this.queue(m.serverId, m.queue);
      if (m.removed) {
        q.delete(m.interface);
        return;
      }
      const prev = q.get(m.interface);
      q.set(m.interface, {
        ...prev,
        ...m.facts,
        interface: m.interface,
        operatorId: this.directory.byInterface(m.interface, m.serverId)?.id ?? null,
        memberName: m.memberName || prev?.memberName || m.interface,
        status: m.status ?? prev?.status ?? 1,
        paused: m.paused ?? prev?.paused ?? false,
        pausedReason: m.paused === false ? null : (m.reason ?? prev?.pausedReason ?? null) || null,
        inCall: m.inCall ?? prev?.inCall ?? false,
      });
    });
    bus.on('call:queued', (c) => c.queue && this.know(c.serverId, c.queue));
  }

  /** Replace one server's members with what its QueueStatus listed (after connect/reconnect); other servers' queues are untouched. */
  applyQueueStatus(serverId: string, items: AmiMessage[]): void {
    const fresh = new Map<string, Map<string, QueueMember>>();
    for (const m of items) {
      const queue = m.get('Queue');
      if (!queue) continue;
      this.know(serverId, queue);
      if (m.event === 'QueueParams') {
        this.params.set(qkey(serverId, queue), {
          strategy: m.get('Strategy') || null,
          weight: optionalNumber(m.get('Weight')),
          maxCallers: optionalNumber(m.get('Max')),
        });
        continue;
      }
      if (m.event !== 'QueueMember') continue;
      const iface = m.get('Location') ?? m.get('Interface') ?? '';
      let q = fresh.get(queue);
      if (!q) fresh.set(queue, (q = new Map()));
      q.set(iface, {
        ...memberFacts(m),
        interface: iface,
        operatorId: this.directory.byInterface(iface, serverId)?.id ?? null,
        memberName: m.get('Name') ?? m.get('MemberName') ?? iface,
        status: Number(m.get('Status') ?? 0),
        paused: m.get('Paused') === '1',
        pausedReason: m.get('PausedReason') || null,
        inCall: m.get('InCall') === '1',
      });
    }
    for (const [k, q] of this.known) if (q.serverId === serverId) this.members.set(k, fresh.get(q.name) ?? new Map());
  }

  snapshot(): QueueLive[] {
    const byQueue = new Map<string, QueueLive>();
    const order = [...this.known].sort(
      ([, a], [, b]) => a.name.localeCompare(b.name) || a.serverId.localeCompare(b.serverId),
    );
    for (const [k, { serverId, name }] of order) {
      const p = this.params.get(k) ?? NO_PARAMS;
      byQueue.set(k, {
        name,
        serverId,
        ...p,
        waiting: [],
        members: [...(this.members.get(k)?.values() ?? [])],
        talking: 0,
      });
    }
    for (const c of this.tracker.active()) {
      if (!c.queue) continue;
      const k = qkey(c.serverId, c.queue);
      let q = byQueue.get(k);
      if (!q)
        byQueue.set(
          k,
          (q = { name: c.queue, serverId: c.serverId, ...NO_PARAMS, waiting: [], members: [], talking: 0 }),
        );
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

  private know(serverId: string, name: string): string {
    const k = qkey(serverId, name);
    if (!this.known.has(k)) this.known.set(k, { serverId, name });
    return k;
  }

  private queue(serverId: string, name: string): Map<string, QueueMember> {
    const k = this.know(serverId, name);
    let q = this.members.get(k);
    if (!q) this.members.set(k, (q = new Map()));
    return q;
  }
}
