import type { Db } from '../db/pool.ts';

export interface OperatorInfo {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  extension: string;
  /** Queue member interface, e.g. PJSIP/1001. */
  interface: string;
  /** The Asterisk server the phone registers on (pbx1 = first of ASTERISK_AMI_URL): its queue actions go there. */
  serverId: string;
  queues: string[];
}

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

  constructor(private readonly db: Db) {}

  async load(): Promise<void> {
    const r = await this.db.query<{
      id: string;
      user_id: string;
      username: string;
      display_name: string;
      extension: string;
      interface: string;
      server_id: string;
      queues: string[];
    }>(
      `SELECT o.id::text, o.user_id::text, u.username, u.display_name, o.extension, o.interface, o.server_id, o.queues
         FROM operators o JOIN users u ON u.id = o.user_id WHERE NOT u.disabled`,
    );
    const byServerIface = new Map<string, OperatorInfo>();
    const byIfaceAll = new Map<string, OperatorInfo[]>();
    const byId = new Map<string, OperatorInfo>();
    for (const row of r.rows) {
      const info: OperatorInfo = {
        id: row.id,
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        extension: row.extension,
        interface: row.interface,
        serverId: row.server_id,
        queues: row.queues,
      };
      byServerIface.set(phoneKey(info.serverId, info.interface), info);
      const same = byIfaceAll.get(info.interface.toLowerCase()) ?? [];
      same.push(info);
      byIfaceAll.set(info.interface.toLowerCase(), same);
      byId.set(row.id, info);
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
