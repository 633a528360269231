import type { Db } from '../db/pool.ts';

export interface OperatorInfo {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  extension: string;
  /** Queue member interface, e.g. PJSIP/1001. */
  interface: string;
  queues: string[];
}

/** Who sits behind which phone. Small and read on every event, so kept in memory and reloaded on change. */
export class OperatorDirectory {
  private byIface = new Map<string, OperatorInfo>();
  private byIdMap = new Map<string, OperatorInfo>();

  constructor(private readonly db: Db) {}

  async load(): Promise<void> {
    const r = await this.db.query<{ id: string; user_id: string; username: string; display_name: string; extension: string; interface: string; queues: string[] }>(
      `SELECT o.id::text, o.user_id::text, u.username, u.display_name, o.extension, o.interface, o.queues
         FROM operators o JOIN users u ON u.id = o.user_id WHERE NOT u.disabled`,
    );
    const byIface = new Map<string, OperatorInfo>();
    const byId = new Map<string, OperatorInfo>();
    for (const row of r.rows) {
      const info: OperatorInfo = {
        id: row.id,
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        extension: row.extension,
        interface: row.interface,
        queues: row.queues,
      };
      // Asterisk may report the interface in another case (pjsip/1001): compare case-insensitively.
      byIface.set(row.interface.toLowerCase(), info);
      byId.set(row.id, info);
    }
    this.byIface = byIface;
    this.byIdMap = byId;
  }

  byInterface(iface: string | null | undefined): OperatorInfo | undefined {
    return iface ? this.byIface.get(iface.toLowerCase()) : undefined;
  }

  byId(id: string): OperatorInfo | undefined {
    return this.byIdMap.get(id);
  }

  all(): OperatorInfo[] {
    return [...this.byIdMap.values()];
  }
}
