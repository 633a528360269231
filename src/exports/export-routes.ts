import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentUser, requireRole } from '../auth/index.ts';
import { worklistQuery, worklistScope, type ExportRecord, type WorklistQuery } from '../requests/index.ts';
import { apiDoc, parseInput } from '../shared/index.ts';
import { CSV_BOM, csvLine } from './csv.ts';
import { csvBatchWriter } from './csv-batch.ts';
import { csvRenderer, EXPORT_COLUMNS, exportCells } from './export-columns.ts';
import { createInstantFormatter, jalaliToday } from './export-time.ts';
import {
  startRequestExport,
  type ExportDeps,
  type ExportFormat,
  type ExportRun,
  type ExportScope,
} from './request-export.ts';
import { xlsxStream } from './xlsx.ts';

// GET /exports/requests.csv and .xlsx: the 137 worklist's filters (GET /requests without
// trackingCode or phone; cursor and limit do not apply: an export is the whole filtered list).
// The 137's supervisors, admins and viewers (and the city's managers, who read what they read):
// the whole city's list, so not operators (they look requests up one caller at a time) and not
// the units' people. A neighbourhood council exports its own neighbourhoods' list only (the
// rows carry no phone number or name for anyone).

const EXPORTERS = { preHandler: requireRole('supervisor', 'admin', 'viewer', 'council') };

/** The query, and who asks with what their list is held to (a council's neighbourhoods). */
function exportInput(req: FastifyRequest): { userId: string; query: WorklistQuery; scope: ExportScope } {
  const u = currentUser(req);
  const query = parseInput(worklistQuery, req.query ?? {});
  const actor = { userId: u.id, role: u.role, unitIds: u.unitIds, neighbourhoodIds: u.neighbourhoodIds };
  return { userId: u.id, query, scope: worklistScope(query, actor) };
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The guard and the OpenAPI description of one format's route (the body is a file, not JSON). */
const exportOptions = (format: ExportFormat) => ({
  ...EXPORTERS,
  schema: {
    ...apiDoc({
      summary: `The worklist's requests as ${format.toUpperCase()}, filtered as GET /requests, the whole list (supervisors, admins, viewers, managers; councils their neighbourhoods'); audited`,
      tags: 'exports',
      querystring: worklistQuery,
      response: { 200: { description: `The ${format.toUpperCase()} file (${CONTENT_TYPE[format]}), streamed` } },
    }),
    produces: [CONTENT_TYPE[format]],
  },
});

/** ASCII name for old clients, the Persian one (RFC 6266 filename*) for the rest. */
function disposition(format: ExportFormat, timeZone: string): string {
  const day = jalaliToday(timeZone);
  const fa = encodeURIComponent(`درخواست‌ها-${day}.${format}`);
  return `attachment; filename="requests-${day}.${format}"; filename*=UTF-8''${fa}`;
}

/** One chunk per batch: the writer asks for the next batch only when the response has room. */
async function* csvChunks(run: ExportRun, timeZone: string): AsyncGenerator<string | Buffer> {
  yield CSV_BOM + csvLine(EXPORT_COLUMNS.map((c) => c.header));
  yield* run.batches(csvBatchWriter(csvRenderer(run.names, createInstantFormatter(timeZone))));
}

/**
 * A byte stream, not Readable.from's default object mode: that reads 16 chunks (16 batches, tens
 * of megabytes) ahead of a slow client; this stops reading once one chunk waits unsent.
 */
const byteStream = (chunks: AsyncGenerator<string | Buffer>) => Readable.from(chunks, { objectMode: false });

function sendHeaders(reply: FastifyReply, format: ExportFormat, timeZone: string): FastifyReply {
  return reply
    .header('content-type', CONTENT_TYPE[format])
    .header('content-disposition', disposition(format, timeZone))
    .header('cache-control', 'no-store');
}

export function registerExportRoutes(app: FastifyInstance, deps: ExportDeps): void {
  const { timeZone } = deps;
  app.get('/exports/requests.csv', exportOptions('csv'), async (req, reply) => {
    const { userId, query, scope } = exportInput(req);
    const run = await startRequestExport(deps, userId, 'csv', query, scope);
    return sendHeaders(reply, 'csv', timeZone).send(byteStream(csvChunks(run, timeZone)));
  });

  app.get('/exports/requests.xlsx', exportOptions('xlsx'), async (req, reply) => {
    const { userId, query, scope } = exportInput(req);
    const run = await startRequestExport(deps, userId, 'xlsx', query, scope);
    const time = createInstantFormatter(timeZone);
    // Each row is committed to the sheet as it is read; a batch's end only paces the writer.
    const stream = xlsxStream(
      (write) => run.batches(() => ({ add: write, done: () => undefined })),
      (r: ExportRecord) => exportCells(r, run.names, time),
      deps.logger,
    );
    return sendHeaders(reply, 'xlsx', timeZone).send(stream);
  });
}
