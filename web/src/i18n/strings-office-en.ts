// English strings of the back office's office screens; typed against the Persian table.
import type { officeFa } from './strings-office-fa.ts';

export const officeEn: { readonly [K in keyof typeof officeFa]: string } = {
  officePlaceholder: '',
};
