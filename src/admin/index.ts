// Admin's only public face: the users admin (operators with their phones, unit users with their
// units) applied to the running system, and install(core).
export { install, type AdminCore, type AdminHandle } from './install.ts';
export type { AdminUser, NewUser, UserChange } from './admin-types.ts';
