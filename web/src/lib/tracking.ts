// Tracking codes are read aloud to the caller: groups of three from the start ("123 456 78").
import { digitsOnly } from './digits.ts';

export function groupTrackingCode(code: string, groupSize = 3): string {
  const digits = digitsOnly(code);
  if (!digits) return code.trim();
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += groupSize) groups.push(digits.slice(i, i + groupSize));
  return groups.join(' ');
}
