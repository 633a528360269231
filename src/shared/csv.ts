// CSV as RFC 4180 has it (CRLF rows, fields with a comma, quote or line break in double quotes,
// quotes doubled), UTF-8 with a BOM so that Excel reads Persian as UTF-8. A text cell that begins
// like a formula (= + - @, or a tab or CR that some spreadsheets strip first) gets a leading ' so
// that a spreadsheet shows it instead of running it: descriptions and names come from outside.
// Shared by the request export (src/exports) and the analytics tables' exports (src/analytics).

/** A cell: text, a number, nothing, or an instant (written as its ISO text). */
export type CsvValue = string | number | { iso: string } | null;

export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(v: CsvValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = typeof v === 'string' ? v : v.iso;
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
