// English strings of the back office's admin screens; typed against the Persian table.
import type { adminFa } from './strings-admin-fa.ts';

export const adminEn: { readonly [K in keyof typeof adminFa]: string } = {
  adminPlaceholder: '',
};
