// "Download CSV / XLSX" beside each table: the analytics exports take the page's own query. The
// tables the server exports are listed here (an export route not installed would be a dead link).
import { h, replace } from '../../lib/dom.ts';
import { qs } from '../../lib/api.ts';
import { t } from '../../i18n/i18n.ts';

export type ExportTable = 'requests' | 'resolution' | 'units' | 'heat' | 'hotspots';

/** The analytics tables with an export route (src/analytics/analytics-export-routes.ts). */
export const EXPORTED = new Set<ExportTable>(['requests', 'resolution', 'units', 'heat', 'hotspots']);

function link(href: string, format: 'CSV' | 'XLSX', testid: string, label: string): HTMLElement {
  return h(
    'a',
    {
      class: 'btn btn-quiet an-download',
      testid,
      attrs: { href, download: '', 'aria-label': t('anDownloadOf', { table: label, format }) },
    },
    t('anDownload', { format }),
  );
}

/** The CSV and XLSX links of an analytics table (none when the server has no export for it). */
export function drawExportLinks(
  el: HTMLElement,
  table: ExportTable,
  query: Record<string, string>,
  label: string,
): void {
  if (!EXPORTED.has(table)) return replace(el);
  const base = `/api/v1/exports/analytics/${table}`;
  replace(
    el,
    link(`${base}.csv${qs(query)}`, 'CSV', `an-export-${table}-csv`, label),
    link(`${base}.xlsx${qs(query)}`, 'XLSX', `an-export-${table}-xlsx`, label),
  );
}

/** The filtered request list itself, in the worklist's export (GET /exports/requests.*). */
export function requestListLinks(el: HTMLElement, query: Record<string, string>): void {
  const label = t('anRequestList');
  replace(
    el,
    h('span', { class: 'muted' }, label),
    link(`/api/v1/exports/requests.csv${qs(query)}`, 'CSV', 'an-export-list-csv', label),
    link(`/api/v1/exports/requests.xlsx${qs(query)}`, 'XLSX', 'an-export-list-xlsx', label),
  );
}
