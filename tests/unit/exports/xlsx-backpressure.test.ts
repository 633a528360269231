// The XLSX writer reads the next batch only when its reader has taken the last: a download that
// is not read holds a few batches, not the whole export; read to the end, every row arrives; a
// reader that goes away ends the batches (so the export's end is audited).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportCells } from '../../../src/exports/export-columns.ts';
import { createInstantFormatter } from '../../../src/exports/export-time.ts';
import { xlsxStream } from '../../../src/exports/xlsx.ts';
import type { ExportNames, ExportRecord } from '../../../src/requests/index.ts';
import { createLogger } from '../../../src/shared/index.ts';
import { quietWindow, waitFor } from '../../helpers/wait.ts';

const BATCH = 2_000;
const BATCHES = 20;

const names: ExportNames = {
  categories: new Map([[1, { id: 1, fa: 'چاله در آسفالت', en: 'Pothole' }]]),
  units: new Map([[2, { id: 2, fa: 'منطقه ۵ — معابر', en: 'District 5 — Roads' }]]),
  neighbourhoods: new Map([
    [4, { name: { id: 4, fa: 'سجاد', en: 'Sajjad' }, district: { id: 3, fa: 'منطقه ۵', en: 'District 5' } }],
  ]),
};

const item = (n: number): ExportRecord => ({
  id: String(n),
  tracking_code: String(10_000_000 + n),
  status: 'referred',
  category_id: 1,
  unit_id: 2,
  neighbourhood_id: 4,
  channel: 'phone',
  hazard: false,
  created_s: Date.UTC(2026, 0, 1) / 1000 + n * 60,
  deadline_s: Date.UTC(2026, 0, 4) / 1000 + n * 60,
  closed_s: null,
  overdue: false,
  reporters: 1,
  created_us: '0',
});

function counted() {
  const state = { pulled: 0, ended: false };
  async function* batches(write: (r: ExportRecord) => void): AsyncGenerator<void> {
    try {
      for (; state.pulled < BATCHES;) {
        const from = state.pulled++ * BATCH;
        for (let i = 0; i < BATCH; i++) write(item(from + i));
        yield;
      }
    } finally {
      state.ended = true;
    }
  }
  return { state, batches };
}

const time = createInstantFormatter('Asia/Tehran');
const cells = (r: ExportRecord) => exportCells(r, names, time);
const logger = createLogger('silent');

describe('XLSX export backpressure', () => {
  it('reads no further than a few batches while nobody reads, and everything once read', async () => {
    const { state, batches } = counted();
    const out = xlsxStream(batches, cells, logger);
    await waitFor(() => state.pulled >= 1, 5_000, 'the first batch read');
    // Long enough for exceljs to write hundreds of thousands of rows if nothing held it back.
    await quietWindow(1_000);
    expect(state.pulled).toBeLessThan(6);
    const chunks: Buffer[] = [];
    for await (const chunk of out) chunks.push(chunk as Buffer);
    expect(state.pulled).toBe(BATCHES);
    expect(state.ended).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.actualRowCount).toBe(BATCH * BATCHES + 1);
  }, 60_000);

  it('ends the batches when the reader goes away', async () => {
    const { state, batches } = counted();
    const out = xlsxStream(batches, cells, logger);
    await waitFor(() => state.pulled >= 1, 5_000, 'the first batch read');
    out.destroy();
    await waitFor(() => state.ended, 5_000, 'the batches ended');
    expect(state.pulled).toBeLessThan(BATCHES);
  });
});
