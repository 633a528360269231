import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { Logger } from '../shared/index.ts';
import { EXPORT_COLUMNS, type ExportValue } from './export-columns.ts';

// The XLSX export: exceljs's streaming WorkbookWriter, each row committed (written out) as soon as
// it is added. exceljs does not wait for its reader: a committed row goes on through the sheet's
// buffer, the deflate stream and the zip whatever the response can take. So between batches we
// wait until what those streams hold has gone on to the response and the response has drained;
// only then is the next batch read. What waits in memory is about one batch, whatever the size.

const SHEET_NAME = 'درخواست‌ها';
/** What the streams between exceljs and the response may still hold before the next batch is read. */
const BACKLOG_BYTES = 4 << 20;

/** A stream inside exceljs or archiver (their own streams library: the lengths are in the states). */
interface Inner {
  _writableState?: { length?: number };
  _readableState?: { length?: number; pipes?: Inner | Inner[] | null };
  pipes?: Inner[];
}

const list = (p: Inner | Inner[] | null | undefined): Inner[] => (p ? (Array.isArray(p) ? p : [p]) : []);
const held = (s: Inner): number => (s._writableState?.length ?? 0) + (s._readableState?.length ?? 0);

/** Bytes between a committed row and the response: the sheet's pipes, their deflate, the zip. */
function backlog(sheetStream: Inner, zip: Inner & { _module?: Inner }): number {
  let sum = held(zip) + (zip._module ? held(zip._module) : 0);
  for (const pipe of sheetStream.pipes ?? []) {
    sum += held(pipe);
    for (const next of list(pipe._readableState?.pipes)) sum += held(next);
  }
  return sum;
}

/** Resolves when the response can take more: drained and nothing much in between, or gone. */
async function settle(out: PassThrough, pending: () => number): Promise<void> {
  for (;;) {
    if (out.destroyed) return;
    if (out.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done).off('close', done);
          resolve();
        };
        out.on('drain', done).on('close', done);
      });
      continue;
    }
    if (pending() <= BACKLOG_BYTES) return;
    await sleep(2); // deflate works off the main thread: a short wait, not a spin
  }
}

/**
 * exceljs looks a cell's style up by JSON-encoding it, for every cell: half of the writer's time
 * on a million rows. Here every cell's style is empty or a number format alone (the header's bold
 * is the exception), so the id is remembered per cell type and format; the output is the same.
 */
function rememberStyleIds(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  type Add = (model: Record<string, unknown> | undefined, cellType?: number) => number;
  const styles = (wb as unknown as { styles: { addStyleModel: Add } }).styles;
  const add = styles.addStyleModel.bind(styles);
  const ids = new Map<string, number>();
  styles.addStyleModel = (model, cellType) => {
    if (!model) return 0;
    const keys = Object.keys(model);
    if (keys.length > 1 || (keys.length === 1 && keys[0] !== 'numFmt')) return add(model, cellType);
    const key = `${cellType}|${String(model.numFmt ?? '')}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = add(model, cellType)));
    return id;
  };
}

const cellValue = (v: ExportValue): string | number | Date | null => (v === null || typeof v !== 'object' ? v : v.wall);

/**
 * The batches, given where each row goes: every row is written as it is read (not gathered into
 * a batch that lives, and is promoted by V8, until its turn); each step is a batch read.
 */
export type RowBatches<T> = (write: (row: T) => void) => AsyncIterable<unknown>;

/** The workbook as a stream for the response; rows are read from `batches` as it drains. */
export function xlsxStream<T>(batches: RowBatches<T>, cells: (row: T) => ExportValue[], logger: Logger): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  rememberStyleIds(wb);
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ rightToLeft: true, state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c, i) => ({
    key: `c${i}`,
    width: c.width,
    ...(c.gregorian ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }));
  const header = ws.addRow(EXPORT_COLUMNS.map((c) => c.header));
  header.eachCell((cell) => (cell.font = { bold: true }));
  header.commit();
  const zip = (wb as unknown as { zip: Inner }).zip;
  const pending = () => backlog((ws as unknown as { stream: Inner }).stream, zip);

  void (async () => {
    const write = (row: T) => ws.addRow(cells(row).map(cellValue)).commit();
    for await (const _batch of batches(write)) {
      await settle(out, pending);
      if (out.destroyed) return; // the client went away: `for await` ends the batches (audited)
    }
    ws.commit();
    await wb.commit();
  })().catch((err: Error) => {
    logger.error({ err: err.message }, 'the XLSX export failed');
    out.destroy(err);
  });
  return out;
}
