// Which answer template Alt+1…Alt+9 inserts.
import { digitsOnly } from '../lib/digits.ts';
import type { AnswerTemplate } from './types.ts';

/** Template → its digit: the server's hotkey ("3", "Alt+3") when it has one, else its position. */
export function hotkeyDigits(list: AnswerTemplate[]): Map<number, AnswerTemplate> {
  const map = new Map<number, AnswerTemplate>();
  for (const tpl of list) {
    const n = Number(digitsOnly(String(tpl.hotkey ?? '')).slice(-1));
    if (n >= 1 && n <= 9 && !map.has(n)) map.set(n, tpl);
  }
  let next = 1;
  for (const tpl of list) {
    if ([...map.values()].includes(tpl)) continue;
    while (map.has(next)) next += 1;
    if (next > 9) break;
    map.set(next, tpl);
  }
  return map;
}
