// The Persian strings of the back office's office screens (kept apart from the desk's table so
// that screens grow without stepping on each other). Merged into the one table by i18n.ts.

export const officeFa = {
  officePlaceholder: '',
} as const;
