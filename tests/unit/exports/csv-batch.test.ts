// A batch's CSV lines go into one Buffer as UTF-8 as the rows arrive: the bytes are exactly the
// lines' (Persian text is two or three bytes a character), also when a batch outgrows the Buffer
// it started with and when one line alone is longer than it.
import { describe, expect, it } from 'vitest';
import { csvBatchWriter } from '../../../src/exports/csv-batch.ts';
import type { ExportRecord } from '../../../src/requests/index.ts';

const record = (tracking: string) => ({ tracking_code: tracking }) as ExportRecord;
const line = (r: ExportRecord) => `${r.tracking_code},چاله در آسفالت،منطقه ۵,2026-01-01T00:00:00+03:30\r\n`;

function write(open: () => { add(r: ExportRecord): void; done(): Buffer }, codes: string[]): Buffer {
  const w = open();
  for (const c of codes) w.add(record(c));
  return w.done();
}

describe('CSV batch writer', () => {
  it('writes the lines’ UTF-8 bytes, growing past its first Buffer', () => {
    const open = csvBatchWriter(line);
    const codes = Array.from({ length: 5_000 }, (_, i) => String(10_000_000 + i)); // ~400 KB, over 64 KB
    const first = write(open, codes);
    expect(first.equals(Buffer.from(codes.map((c) => line(record(c))).join(''), 'utf8'))).toBe(true);
    // The next batch starts at the size the last one needed; the bytes are the same again.
    const second = write(open, codes.slice(0, 3));
    expect(second.toString('utf8')).toBe(
      codes
        .slice(0, 3)
        .map((c) => line(record(c)))
        .join(''),
    );
  });

  it('takes a line longer than its whole Buffer, and an empty batch', () => {
    const open = csvBatchWriter(line);
    const long = 'ی'.repeat(100_000); // 200,000 bytes in UTF-8
    const out = write(open, ['1', long, '2']);
    expect(out.toString('utf8')).toBe([line(record('1')), line(record(long)), line(record('2'))].join(''));
    expect(write(open, []).length).toBe(0);
  });
});
