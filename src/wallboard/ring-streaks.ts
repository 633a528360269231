import type { CtiBus, OperatorDirectory } from '../cti/index.ts';

/**
 * Rings in a row each operator let ring out (AgentRingNoAnswer). A ring cancelled because the
 * caller left or another member answered says nothing about the operator and is not counted;
 * an answered call or leaving the queue starts the count again. Keyed by operator, so it stays
 * as small as the team however many calls go through.
 */
export class RingStreaks {
  private readonly streak = new Map<string, number>();

  constructor(bus: CtiBus, directory: OperatorDirectory, onChange: () => void) {
    bus.on('call:ring-ended', (c, r) => {
      if (r.outcome !== 'no-answer') return;
      const op = directory.byInterface(r.interface, c.serverId);
      if (!op) return;
      this.streak.set(op.id, (this.streak.get(op.id) ?? 0) + 1);
      onChange();
    });
    bus.on('call:answered', (c) => this.reset(directory.byInterface(c.memberInterface, c.serverId)?.id, onChange));
    bus.on('member:changed', (m) => {
      if (m.removed) this.reset(directory.byInterface(m.interface, m.serverId)?.id, onChange);
    });
  }

  of(operatorId: string): number {
    return this.streak.get(operatorId) ?? 0;
  }

  private reset(operatorId: string | undefined, onChange: () => void): void {
    if (!operatorId || !this.streak.get(operatorId)) return;
    this.streak.delete(operatorId);
    onChange();
  }
}
