import type { Role } from '../auth/index.ts';

// What the users admin answers. Types only: the browser bundle imports them too.

/** A user as the admin screens list them (never the password hash). */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  email: string | null;
  /** The operator's phone; null for everyone else (and an operator whose phone was taken back). */
  extension: string | null;
  /** The Asterisk server the phone registers on (pbx1 …); null without a phone. */
  serverId: string | null;
  /** operators.id (the roster and the wallboard name operators by it); null if never an operator. */
  operatorId: string | null;
  /** The units a unit user works for (empty for 137 staff). */
  unitIds: number[];
  /** The neighbourhoods a council member speaks for (empty for everyone else). */
  neighbourhoodIds: number[];
  createdAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  email?: string | null | undefined;
  extension?: string | undefined;
  serverId?: string | undefined;
  unitIds?: number[] | undefined;
  neighbourhoodIds?: number[] | undefined;
}

/** Fields left out stay as they are; extension null takes the phone back. */
export interface UserChange {
  displayName?: string | undefined;
  role?: Role | undefined;
  email?: string | null | undefined;
  disabled?: boolean | undefined;
  extension?: string | null | undefined;
  serverId?: string | undefined;
  unitIds?: number[] | undefined;
  neighbourhoodIds?: number[] | undefined;
}
