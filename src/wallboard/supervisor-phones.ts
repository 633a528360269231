import type { SessionUser } from '../auth/index.ts';
import type { OperatorDirectory } from '../cti/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { AppError, conflict, notFound, validationError } from '../shared/index.ts';
import * as repo from './supervisor-phone-repository.ts';

/** A supervisor's phone is a PJSIP endpoint named after its extension: no dial strings, no Local/, no trunks. */
const PHONE = /^PJSIP\/(\d{2,10})$/;
export const extensionOf = (iface: string): string | null => PHONE.exec(iface)?.[1] ?? null;

const notAllowed = (iface: string) =>
  new AppError(
    'PHONE_NOT_ALLOWED',
    403,
    `${iface} is not a supervisor phone you may use: only phones on the supervisors' phone list ` +
      '(kept by an admin: PUT /api/v1/supervision/phones/<server>/<extension>) can be rung for listen, whisper or barge',
  );

export interface SupervisorPhonesDeps {
  db: Db;
  directory: OperatorDirectory;
  /** The configured Asterisk servers (pbx1, pbx2 …). */
  servers: () => string[];
}

/**
 * Which phones listen/whisper/barge may ring: a citizen's call must never be sent to an outside
 * number or to another operator's phone. Only extensions an admin listed (per server, for one
 * supervisor or for all of them), never an operator's, and only on the operator's own server
 * (ChanSpy runs there). Every change to the list is audited.
 */
export class SupervisorPhones {
  constructor(private readonly d: SupervisorPhonesDeps) {}

  /** PUT /supervision/me/phone: the phone must be on the list for this user, on some server. */
  async checkChoice(user: SessionUser, iface: string): Promise<void> {
    const ext = extensionOf(iface);
    if (!ext || (await repo.usableServersOf(this.d.db, user.id, ext)).length === 0) throw notAllowed(iface);
    if (this.d.servers().some((s) => this.d.directory.byInterface(iface, s))) throw notAllowed(iface);
  }

  /** Before ringing it: still listed for this user, on the server of the operator's phone. */
  async checkRing(user: SessionUser, iface: string, serverId: string): Promise<void> {
    const ext = extensionOf(iface);
    const servers = ext ? await repo.usableServersOf(this.d.db, user.id, ext) : [];
    if (servers.length === 0 || this.d.directory.byInterface(iface, serverId)) throw notAllowed(iface);
    if (!servers.includes(serverId))
      throw conflict(
        'PHONE_ON_OTHER_SERVER',
        `Your phone ${iface} is on ${servers.join(', ')}, but this operator's phone is on ${serverId}, where the ` +
          'listening has to run: pick a supervisor phone of that server',
      );
  }

  list(user: SessionUser): Promise<repo.SupervisorExtension[]> {
    return repo.listSupervisorExtensions(this.d.db, user.role === 'admin' ? undefined : user.id);
  }

  async put(admin: SessionUser, serverId: string, extension: string, username: string | null): Promise<void> {
    if (!this.d.servers().includes(serverId))
      throw validationError(`No Asterisk server ${serverId}; the servers are ${this.d.servers().join(', ')}`);
    const operator = this.d.directory.byInterface(`PJSIP/${extension}`, serverId);
    if (operator)
      throw conflict(
        'OPERATOR_PHONE',
        `${extension} on ${serverId} is ${operator.displayName}'s operator phone; a supervisor phone must be another`,
      );
    let userId: string | null = null;
    if (username !== null) {
      const u = await repo.listenerByUsername(this.d.db, username);
      if (!u) throw notFound(`User ${username}`);
      if (u.role !== 'supervisor' && u.role !== 'admin')
        throw validationError(`${username} is not a supervisor or admin: only they listen to calls`);
      userId = u.id;
    }
    await repo.putSupervisorExtension(this.d.db, { serverId, extension, userId, addedBy: admin.id });
    await recordAudit(this.d.db, admin.id, 'supervisor-extension-set', `phone:${serverId}/${extension}`, {
      serverId,
      extension,
      user: username,
    });
  }

  async remove(admin: SessionUser, serverId: string, extension: string): Promise<void> {
    if (!(await repo.deleteSupervisorExtension(this.d.db, serverId, extension)))
      throw notFound(`Supervisor phone ${extension} on ${serverId}`);
    await recordAudit(this.d.db, admin.id, 'supervisor-extension-removed', `phone:${serverId}/${extension}`, {
      serverId,
      extension,
    });
  }
}
