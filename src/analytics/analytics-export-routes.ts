import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { z } from 'zod';
import { jalaliPeriodOf, localParts } from '../calendar/index.ts';
import { currentUser } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { CSV_BOM, csvLine, parseInput } from '../shared/index.ts';
import { EXPORT_QUERIES as Q, exportDoc, type ExportTable } from './analytics-docs.ts';
import { checkRange, filterOf, neighbourhoodScope } from './analytics-query.ts';
import { accountability, requestCounts, resolution } from './analytics-service.ts';
import {
  heatTable,
  hotspotsTable,
  requestsTable,
  resolutionTable,
  unitsTable,
  type Table,
} from './analytics-tables.ts';
import { heat, hotspotList } from './places-service.ts';

// GET /exports/analytics/{requests|resolution|units|heat|hotspots}.{csv|xlsx}: the table the page
// shows, with the same query, readers, council scope and audit. These tables are small (a row per
// period and key, unit or neighbourhood), so each is built whole and then written; the million-row
// request list is src/exports' streamed download.

type Deps = { db: Db; timeZone: string };
type Build = (req: FastifyRequest, deps: Deps) => Promise<{ table: Table; query: unknown }>;

const parse = <S extends z.ZodType>(schema: S, req: FastifyRequest): z.infer<S> => parseInput(schema, req.query ?? {});

const TABLES: Record<ExportTable, Build> = {
  requests: async (req, { db, timeZone }) => {
    const q = parse(Q.requests, req);
    const a = await requestCounts(db, q.groupBy, q.period, filterOf(q, currentUser(req), timeZone));
    return { table: requestsTable(a), query: q };
  },
  resolution: async (req, { db, timeZone }) => {
    const q = parse(Q.resolution, req);
    return {
      table: resolutionTable(await resolution(db, q.groupBy, filterOf(q, currentUser(req), timeZone))),
      query: q,
    };
  },
  units: async (req, { db, timeZone }) => {
    const q = parse(Q.units, req);
    checkRange(q.from, q.to);
    const neighbourhoodIds = neighbourhoodScope(currentUser(req), q.neighbourhoodId);
    const a = await accountability(db, { timeZone, from: q.from, to: q.to, now: new Date(), neighbourhoodIds });
    return { table: unitsTable(a), query: q };
  },
  heat: async (req, { db, timeZone }) => {
    const q = parse(Q.heat, req);
    return { table: heatTable(await heat(db, filterOf(q, currentUser(req), timeZone))), query: q };
  },
  hotspots: async (req, { db, timeZone }) => {
    const q = parse(Q.hotspots, req);
    const a = await hotspotList(db, filterOf(q, currentUser(req), timeZone), q);
    return { table: hotspotsTable(a, timeZone), query: q };
  },
};

const CONTENT_TYPE = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
type Format = keyof typeof CONTENT_TYPE;

function xlsxOf(table: Table): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(table.sheetFa, { views: [{ rightToLeft: true, state: 'frozen', ySplit: 1 }] });
  ws.columns = table.headers.map((h, i) => ({ key: `c${i}`, width: Math.min(40, Math.max(10, h.length)) }));
  const header = ws.addRow(table.headers);
  header.font = { bold: true };
  header.commit();
  for (const row of table.rows) ws.addRow(row.map((v) => (v !== null && typeof v === 'object' ? v.iso : v))).commit();
  ws.commit();
  wb.commit().catch((err: Error) => out.destroy(err));
  return out;
}

function send(reply: FastifyReply, name: string, format: Format, table: Table, timeZone: string) {
  const day = jalaliPeriodOf(localParts(Date.now(), timeZone).date, 'day').key;
  const fa = encodeURIComponent(`${table.sheetFa}-${day}.${format}`);
  reply
    .header('content-type', CONTENT_TYPE[format])
    .header('content-disposition', `attachment; filename="analytics-${name}-${day}.${format}"; filename*=UTF-8''${fa}`)
    .header('cache-control', 'no-store');
  if (format === 'xlsx') return reply.send(xlsxOf(table));
  const lines = [CSV_BOM + csvLine(table.headers), ...table.rows.map(csvLine)];
  return reply.send(Readable.from(lines));
}

export function registerAnalyticsExportRoutes(app: FastifyInstance, deps: Deps, readers: RouteShorthandOptions): void {
  for (const [name, build] of Object.entries(TABLES) as Array<[ExportTable, Build]>)
    for (const format of Object.keys(CONTENT_TYPE) as Format[])
      app.get(
        `/exports/analytics/${name}.${format}`,
        { ...readers, schema: exportDoc(name, CONTENT_TYPE[format]) },
        async (req, reply) => {
          const { table, query } = await build(req, deps);
          await recordAudit(deps.db, currentUser(req).id, 'export-analytics', `analytics:${name}`, {
            format,
            query,
            rows: table.rows.length,
          });
          return send(reply, name, format, table, deps.timeZone);
        },
      );
}
