import { AppError, conflict, validationError } from '../shared/index.ts';
import type { PhoneHolder } from './user-admin-repository.ts';

// The users admin's refusals: stable codes the admin screen translates, messages that say what to do.

export const usernameTaken = (username: string) =>
  conflict('USERNAME_TAKEN', `The username ${username} is someone's already; choose another`);

export const extensionTaken = (extension: string, serverId: string, holder?: PhoneHolder) =>
  new AppError(
    'EXTENSION_TAKEN',
    409,
    holder
      ? `Extension ${extension} on ${serverId} is ${holder.displayName}'s (${holder.username}); give them another ` +
          'phone or disable them first, or choose another extension'
      : `Extension ${extension} on ${serverId} was just given to someone else; choose another extension`,
    { extension, serverId, username: holder?.username ?? null },
  );

export const supervisorPhone = (extension: string, serverId: string) =>
  new AppError(
    'SUPERVISOR_PHONE',
    409,
    `Extension ${extension} on ${serverId} is on the supervisors' listen-in phone list; an operator's phone must be another`,
    { extension, serverId },
  );

export const unknownServer = (serverId: string, servers: string[]) =>
  new AppError('UNKNOWN_SERVER', 400, `No Asterisk server ${serverId}; the servers are ${servers.join(', ')}`, {
    serverId,
    servers,
  });

export const unknownUnits = (unitIds: number[]) =>
  new AppError(
    'UNKNOWN_UNIT',
    400,
    `Unit ${unitIds.join(', ')} does not exist or is not active; choose from the list`,
    {
      unitIds,
    },
  );

export const extensionRequired = () =>
  new AppError('EXTENSION_REQUIRED', 400, 'An operator needs a phone: give the extension (and its server)');

export const unitsRequired = () =>
  new AppError('UNITS_REQUIRED', 400, 'A unit user works for at least one unit: choose their units');

export const unknownNeighbourhoods = (neighbourhoodIds: number[]) =>
  new AppError(
    'UNKNOWN_NEIGHBOURHOOD',
    400,
    `Neighbourhood ${neighbourhoodIds.join(', ')} does not exist; choose from the list`,
    { neighbourhoodIds },
  );

export const neighbourhoodsRequired = () =>
  new AppError(
    'NEIGHBOURHOODS_REQUIRED',
    400,
    'A council member speaks for at least one neighbourhood: choose their neighbourhoods',
  );

const NOT_FOR_ROLE = {
  extension: 'Only operators have a phone extension',
  unitIds: 'Only unit users (unit, unit-manager) belong to units',
  neighbourhoodIds: 'Only council members are tied to neighbourhoods',
} as const;

export const notForRole = (field: keyof typeof NOT_FOR_ROLE, role: string) =>
  validationError(`${NOT_FOR_ROLE[field]}, not a ${role}`, {
    fields: [{ field, message: `not for the role ${role}` }],
  });

export const selfLockout = () =>
  conflict('SELF_LOCKOUT', 'You cannot disable yourself or take away your own admin role; ask another admin');
