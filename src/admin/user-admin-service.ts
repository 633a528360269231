import {
  existingNeighbourhoods,
  hashPassword,
  isUnitRole,
  replaceCouncilNeighbourhoods,
  type Role,
} from '../auth/index.ts';
import { recordAudit, withTransaction, type Db, type DbClient } from '../db/index.ts';
import { notFound, type Logger } from '../shared/index.ts';
import type { AdminUser, NewUser, UserChange } from './admin-types.ts';
import * as err from './user-admin-errors.ts';
import * as repo from './user-admin-repository.ts';

/** What the users admin needs of auth and the CTI core, lent by the app. */
export interface UserAdminDeps {
  db: Db;
  logger: Logger;
  /** auth: end every session of a user now (closes their sockets too). */
  endSessions(userId: string): Promise<number>;
  /** auth: re-check open sockets now (a unit user's units changed). */
  sweepSockets(): Promise<void>;
  /** cti: read the operators again (a new, changed or disabled operator, without a restart). */
  reloadOperators(): Promise<void>;
  /** cti: take an operator out of the queues if signed in (their phone or account is going). */
  leaveQueues(operatorId: string): Promise<void>;
  /** The configured Asterisk servers (pbx1 …). */
  servers(): string[];
}

interface Phone {
  serverId: string;
  extension: string;
}

/** What a user change names beside the role (given) and what the user ends up with (final). */
interface Shape {
  extension: string | null;
  units: number[];
  finalUnits: number[];
  hoods: number[];
  finalHoods: number[];
}

/**
 * Users without a restart: a new operator can sign in and take calls as soon as they are created
 * (the operator directory reloads), and a change to who someone is at the centre — disabled, a new
 * role, phone or password — ends their sessions and takes an operator out of the queues first, so
 * no call rings an empty chair. Name, e-mail and units apply at their next request.
 */
export class UserAdmin {
  constructor(private readonly d: UserAdminDeps) {}

  async list(actorId: string): Promise<AdminUser[]> {
    const users = await repo.listUsers(this.d.db);
    await recordAudit(this.d.db, actorId, 'users-listed', null, { count: users.length });
    return users;
  }

  async create(input: NewUser, actorId: string): Promise<AdminUser> {
    const phone = input.role === 'operator' ? this.phoneOf(input.extension, input.serverId) : null;
    const units = input.unitIds ?? [];
    const hoods = input.neighbourhoodIds ?? [];
    const shape = { extension: input.extension ?? null, units, finalUnits: units, hoods, finalHoods: hoods };
    this.checkShape({ role: input.role, disabled: false }, phone, shape);
    await this.checkUnits(units);
    await this.checkNeighbourhoods(hoods);
    const passwordHash = await hashPassword(input.password);
    const id = await this.write(
      () => phone,
      async (c) => {
        const userId = await repo.insertUser(c, { ...input, email: input.email ?? null, passwordHash });
        const released = phone ? await this.takePhone(c, userId, phone) : null;
        await repo.replaceUnits(c, userId, units);
        await replaceCouncilNeighbourhoods(c, userId, hoods);
        await recordAudit(c, actorId, 'user-created', `user:${userId}`, {
          username: input.username,
          role: input.role,
          email: input.email ?? null,
          ...(phone ?? {}),
          unitIds: units,
          ...(hoods.length ? { neighbourhoodIds: hoods } : {}),
          ...(released ? { phoneTakenFrom: released } : {}),
        });
        return userId;
      },
      input.username,
    );
    await this.d.reloadOperators();
    return (await repo.findUser(this.d.db, id))!;
  }

  async update(id: string, change: UserChange, actorId: string): Promise<AdminUser> {
    if (id === actorId && (change.disabled === true || (change.role && change.role !== 'admin')))
      throw err.selfLockout();
    if (change.unitIds) await this.checkUnits(change.unitIds);
    if (change.neighbourhoodIds) await this.checkNeighbourhoods(change.neighbourhoodIds);
    let phoneTarget: Phone | null = null;
    const done = await this.write(
      () => phoneTarget,
      async (c) => {
        // Read under a lock: two admins editing one user apply their changes one after the other.
        const before = await repo.findUser(c, id, true);
        if (!before) throw notFound('The user');
        const after = { ...before, ...defined(change) };
        const phone = this.phoneAfter(before, change, after.role);
        const unitIds = isUnitRole(after.role) ? (change.unitIds ?? before.unitIds) : [];
        const hoods = after.role === 'council' ? (change.neighbourhoodIds ?? before.neighbourhoodIds) : [];
        const given = { extension: change.extension ?? null, units: change.unitIds ?? [] };
        this.checkShape(after, phone, {
          ...given,
          hoods: change.neighbourhoodIds ?? [],
          finalUnits: unitIds,
          finalHoods: hoods,
        });
        const phoneChanged =
          before.extension !== (phone?.extension ?? null) || before.serverId !== (phone?.serverId ?? null);
        phoneTarget = phone;
        await repo.updateUser(c, id, after);
        const released = phone && phoneChanged ? await this.takePhone(c, id, phone) : null;
        if (!phone && before.operatorId && before.extension) await repo.releasePhone(c, before.operatorId);
        await repo.replaceUnits(c, id, unitIds);
        await replaceCouncilNeighbourhoods(c, id, hoods);
        const changes = diff(before, {
          ...after,
          extension: phone?.extension ?? null,
          serverId: phone?.serverId ?? null,
          unitIds,
          neighbourhoodIds: hoods,
        });
        await recordAudit(c, actorId, 'user-updated', `user:${id}`, {
          username: before.username,
          changes,
          ...(released ? { phoneTakenFrom: released } : {}),
        });
        const signedOut = (after.disabled && !before.disabled) || after.role !== before.role || phoneChanged;
        // A council member's neighbourhoods apply at their next request (the session reads them).
        return { before, signedOut, sameUnits: sameSet(before.unitIds, unitIds) };
      },
    );
    await this.afterChange(done.before, done.signedOut, done.sameUnits);
    return (await repo.findUser(this.d.db, id))!;
  }

  /** A new password: the user's sessions end (unless it is the admin's own), they sign in with it. */
  async setPassword(id: string, password: string, actorId: string): Promise<void> {
    const user = await repo.findUser(this.d.db, id);
    if (!user) throw notFound('The user');
    if (!(await repo.setPasswordHash(this.d.db, id, await hashPassword(password)))) throw notFound('The user');
    await recordAudit(this.d.db, actorId, 'user-password-set', `user:${id}`, { username: user.username });
    if (id !== actorId) await this.afterChange(user, true, true);
  }

  /** After the commit: out of the queues (while the directory still knows the phone), sessions, reload. */
  private async afterChange(before: AdminUser, signedOut: boolean, sameUnits: boolean): Promise<void> {
    if (signedOut && before.operatorId && before.extension)
      await this.d
        .leaveQueues(before.operatorId)
        .catch((e: Error) =>
          this.d.logger.warn({ user: before.username, err: e.message }, 'admin change: queue logout failed'),
        );
    if (signedOut) await this.d.endSessions(before.id);
    else if (!sameUnits) await this.d.sweepSockets();
    await this.d.reloadOperators();
  }

  /** The phone an operator ends up with; null for everyone else and a disabled operator without one. */
  private phoneAfter(before: AdminUser, change: UserChange, role: Role): Phone | null {
    if (role !== 'operator' || change.extension === null) return null;
    const extension = change.extension ?? before.extension;
    if (!extension) return null;
    return this.phoneOf(extension, change.serverId ?? before.serverId ?? undefined);
  }

  private phoneOf(extension: string | undefined, serverId: string | undefined): Phone | null {
    if (!extension) return null;
    const servers = this.d.servers();
    const server = serverId ?? servers[0] ?? 'pbx1';
    if (!servers.includes(server)) throw err.unknownServer(server, servers);
    return { serverId: server, extension };
  }

  /**
   * The role decides what else a user has: an enabled operator a phone, an enabled unit user
   * units, an enabled council member neighbourhoods (given: what the request named; final: after it).
   */
  private checkShape(user: { role: Role; disabled: boolean }, phone: Phone | null, s: Shape): void {
    const { role, disabled } = user;
    if (role !== 'operator' && s.extension) throw err.notForRole('extension', role);
    if (!isUnitRole(role) && s.units.length) throw err.notForRole('unitIds', role);
    if (role !== 'council' && s.hoods.length) throw err.notForRole('neighbourhoodIds', role);
    if (role === 'operator' && !phone && !disabled) throw err.extensionRequired();
    if (isUnitRole(role) && !disabled && s.finalUnits.length === 0) throw err.unitsRequired();
    if (role === 'council' && !disabled && s.finalHoods.length === 0) throw err.neighbourhoodsRequired();
  }

  private async checkNeighbourhoods(ids: number[]): Promise<void> {
    const found = new Set(await existingNeighbourhoods(this.d.db, ids));
    const missing = ids.filter((n) => !found.has(n));
    if (missing.length) throw err.unknownNeighbourhoods(missing);
  }

  private async checkUnits(unitIds: number[]): Promise<void> {
    const found = new Set(await repo.existingUnits(this.d.db, unitIds));
    const missing = unitIds.filter((u) => !found.has(u));
    if (missing.length) throw err.unknownUnits(missing);
  }

  /**
   * The phone goes to this user. A disabled user's phone is taken back from them (audited); an
   * enabled user's or a supervisor's listen-in phone is refused. Returns whom it was taken from.
   */
  private async takePhone(c: DbClient, userId: string, phone: Phone): Promise<string | null> {
    if (await repo.isSupervisorPhone(c, phone.serverId, phone.extension))
      throw err.supervisorPhone(phone.extension, phone.serverId);
    const holder = await repo.phoneHolder(c, phone.serverId, phone.extension);
    if (holder && holder.userId !== userId && !holder.disabled)
      throw err.extensionTaken(phone.extension, phone.serverId, holder);
    const takenFrom = holder && holder.userId !== userId ? holder : null;
    if (takenFrom) await repo.releasePhone(c, takenFrom.operatorId);
    await repo.setPhone(c, userId, phone.serverId, phone.extension);
    return takenFrom?.username ?? null;
  }

  /** One transaction; a username or phone taken at the same moment by another admin reads as taken. */
  private async write<T>(phone: () => Phone | null, fn: (c: DbClient) => Promise<T>, username = ''): Promise<T> {
    try {
      return await withTransaction(this.d.db, fn);
    } catch (e) {
      const key = repo.uniqueConstraintOf(e);
      const p = phone();
      if (key === repo.USERNAME_KEY) throw err.usernameTaken(username);
      if (key !== null && p && repo.PHONE_KEYS.includes(key)) throw err.extensionTaken(p.extension, p.serverId);
      throw e;
    }
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

const AUDITED = [
  'displayName',
  'role',
  'email',
  'disabled',
  'extension',
  'serverId',
  'unitIds',
  'neighbourhoodIds',
] as const;

/** What changed, as { field: [from, to] } (never a password). */
function diff(before: AdminUser, after: Pick<AdminUser, (typeof AUDITED)[number]>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of AUDITED) {
    const [a, b] = [before[k], after[k]];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = [a, b];
  }
  return out;
}
