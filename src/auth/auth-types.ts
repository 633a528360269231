export type Role = 'operator' | 'supervisor' | 'admin' | 'viewer';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  operatorId: string | null;
  extension: string | null;
}
