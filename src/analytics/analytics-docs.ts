import { apiDoc, type RouteDocInput } from '../shared/index.ts';
import { countsQuery, filterQuery, groupedQuery, hotspotQuery, rangeQuery, topQuery } from './analytics-query.ts';

// The OpenAPI descriptions of the analytics routes (map-route.ts keeps its own), kept apart so the
// route files stay thin edges. Documentation only: parseInput in each handler validates. Readers:
// supervisors, admins, viewers, managers and council members (their own neighbourhoods only).

const READERS = 'supervisors, admins, viewers, managers, councils for their neighbourhoods';
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) =>
  apiDoc({ summary: `${summary} (${READERS}); audited`, tags: 'analytics', ...more });
const OTHER_HOOD = { 403: { description: 'Role not allowed, or a neighbourhood not the council member’s own' } };

/** Each exported table's query: the same as its figure's route. */
export const EXPORT_QUERIES = {
  requests: countsQuery,
  resolution: groupedQuery,
  units: rangeQuery,
  heat: filterQuery,
  hotspots: hotspotQuery,
} as const;
export type ExportTable = keyof typeof EXPORT_QUERIES;

export const ANALYTICS_DOCS = {
  requests: doc(
    'Requests per Jalali period and dimension value, with the period before and the same period a year before',
    {
      querystring: countsQuery,
      response: {
        200: {
          description: '{ rows: [ { key, labelFa, labelEn, period, …, count, previous, lastYear } ], totals, periods }',
        },
        ...OTHER_HOOD,
      },
    },
  ),
  resolution: doc('Time to resolution and the citizens’ word per dimension value, most requests first', {
    querystring: groupedQuery,
    response: {
      200: { description: '{ rows: [ { key, requests, closed, medianHours, p90Hours, feedbackResolvedShare, … } ] }' },
      ...OTHER_HOOD,
    },
  }),
  units: doc('The unit accountability table, worst first, with worklist drill-downs', {
    querystring: rangeQuery,
    response: {
      200: { description: '{ rows: [ { unitId, received, onTime, overdueNow, late, overdueRate, … } ] }' },
      ...OTHER_HOOD,
    },
  }),
  heat: doc('Requests per neighbourhood and top-level category', {
    querystring: filterQuery,
    response: { 200: { description: '{ rows: [ { neighbourhoodId, cells, total, … } ], categories }' }, ...OTHER_HOOD },
  }),
  topCategories: doc('Each neighbourhood’s most asked-about categories', {
    querystring: topQuery,
    response: { 200: { description: '{ rows: [ { neighbourhoodId, total, categories: [ … ] } ] }' }, ...OTHER_HOOD },
  }),
  hotspots: doc('Places where requests of one category keep coming back (grid buckets)', {
    querystring: hotspotQuery,
    response: {
      200: { description: '{ radiusM, minCount, rows: [ { categoryId, lat, lng, count, … } ] }' },
      ...OTHER_HOOD,
    },
  }),
};

/** GET /exports/analytics/{table}.{csv|xlsx}: the body is a file, not JSON. */
export function exportDoc(table: ExportTable, contentType: string): Record<string, unknown> {
  const format = contentType.startsWith('text/csv') ? 'CSV' : 'XLSX';
  return {
    ...doc(`The analytics ${table} table as ${format}, with the query of its figure`, {
      querystring: EXPORT_QUERIES[table],
      response: { 200: { description: `The ${format} file (${contentType})` }, ...OTHER_HOOD },
    }),
    produces: [contentType],
  };
}
