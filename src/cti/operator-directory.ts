import type { Db } from '../db/index.ts';
import { loadOperators } from './operator-repository.ts';
import type { OperatorInfo } from './operator-types.ts';

/**
 * A phone's identity: PJSIP/1001 on two servers is two phones, and Asterisk may report the
 * interface in another case (pjsip/1001), so it is compared case-insensitively.
 */
export const phoneKey = (serverId: string, iface: string) => `${serverId}\u0000${iface.toLowerCase()}`;

/**
 * Who sits behind which phone. Small and read on every event, so kept in memory and reloaded on
 * change. A phone is (server, interface): PJSIP/1001 on pbx1 and on pbx2 are two people.
 */
export class OperatorDirectory {
  private byServerIface = new Map<string, OperatorInfo>();
  private byIfaceAll = new Map<string, OperatorInfo[]>();
  private byIdMap = new Map<string, OperatorInfo>();

  private loading: Promise<void> | null = null;
  private reloading: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Read the operators again (at start, and when an admin changed one: no restart needed). A
   * load asked for while one runs starts after it, so the last change is never overwritten by an
   * older read finishing late.
   */
  load(): Promise<void> {
    if (!this.loading) return (this.loading = this.loadOnce().finally(() => (this.loading = null)));
    this.reloading ??= this.loading
      .catch(() => undefined)
      .then(() => {
        this.reloading = null;
        return this.load();
      });
    return this.reloading;
  }

  private async loadOnce(): Promise<void> {
    const byServerIface = new Map<string, OperatorInfo>();
    const byIfaceAll = new Map<string, OperatorInfo[]>();
    const byId = new Map<string, OperatorInfo>();
    for (const info of await loadOperators(this.db)) {
      byServerIface.set(phoneKey(info.serverId, info.interface), info);
      const same = byIfaceAll.get(info.interface.toLowerCase()) ?? [];
      same.push(info);
      byIfaceAll.set(info.interface.toLowerCase(), same);
      byId.set(info.id, info);
    }
    this.byServerIface = byServerIface;
    this.byIfaceAll = byIfaceAll;
    this.byIdMap = byId;
  }

  /**
   * The operator behind a phone. Events always know their server: pass it. Without one (a
   * record read back with only the interface) the answer is given only when a single server has
   * that interface, so a call is never put on the wrong person.
   */
  byInterface(iface: string | null | undefined, serverId?: string): OperatorInfo | undefined {
    if (!iface) return undefined;
    if (serverId !== undefined) return this.byServerIface.get(phoneKey(serverId, iface));
    const all = this.byIfaceAll.get(iface.toLowerCase());
    return all?.length === 1 ? all[0] : undefined;
  }

  byId(id: string): OperatorInfo | undefined {
    return this.byIdMap.get(id);
  }

  all(): OperatorInfo[] {
    return [...this.byIdMap.values()];
  }
}
