// The analytics page (#/analytics) for the city's managers, 137's supervisors, admins and viewers,
// and a neighbourhood council (its own neighbourhoods only; the server scopes the figures, the
// page offers only those neighbourhoods). One query from the controls feeds every panel; each
// panel stands alone, so a route this server lacks leaves only that panel saying so.
import { h } from '../../lib/dom.ts';
import { getLang, onLangChange, t } from '../../i18n/i18n.ts';
import { formatGregorianDate, formatJalaliDate, formatJalaliDateTime } from '../../lib/jalali.ts';
import { nameIn } from '../format.ts';
import { reference, type Reference } from '../reference.ts';
import type { LegendEntry, OfficeContext, View } from '../view.ts';
import {
  buildAnalyticsControls,
  GROUP_LABELS,
  PERIOD_LABELS,
  type AnalyticsControls,
  type AnalyticsQuery,
} from './analytics-controls.ts';
import type { HeatAnswer, Hotspot, MapConfig, RequestCounts, ResolutionRow, UnitRow } from './analytics-types.ts';
import { drawCountBars } from './count-bars.ts';
import { drawExportLinks, requestListLinks, type ExportTable } from './export-links.ts';
import { drawResolution, drawUnits } from './figure-tables.ts';
import { buildHotspotMap } from './hotspot-map.ts';
import { buildPanel, loadAnalytics, show, type Loaded, type Panel } from './panel.ts';
import { drawHeat, drawHotspots } from './place-tables.ts';
import { buildTrendChart } from './trend-chart.ts';

interface Answers {
  counts: Loaded<RequestCounts>;
  resolution: Loaded<{ rows: ResolutionRow[] }>;
  units: Loaded<{ rows: UnitRow[] }>;
  heat: Loaded<HeatAnswer>;
  hotspots: Loaded<{ rows: Hotspot[] }>;
}

/** A Gregorian day as the page shows it: Jalali, with the Gregorian day beside in English. */
function dayText(day: string): string {
  const iso = `${day}T12:00:00Z`;
  const jalali = formatJalaliDate(iso, getLang());
  return getLang() === 'en' ? `${jalali} (${formatGregorianDate(iso)})` : jalali;
}

class AnalyticsView implements View {
  readonly el: HTMLElement;
  private readonly controls: AnalyticsControls;
  private readonly heading = h('p', { class: 'an-range', testid: 'an-range' });
  private readonly printedAt = h('p', { class: 'an-print-only muted', testid: 'an-printed' });
  private readonly listLinks = h('div', { class: 'an-links an-list-links', testid: 'an-list-links' });
  private readonly status = h('p', { class: 'empty', testid: 'an-status', attrs: { role: 'status', hidden: true } });
  private readonly panels = {
    counts: buildPanel('counts', true),
    trend: buildPanel('trend', true),
    resolution: buildPanel('resolution', true),
    units: buildPanel('units', true),
    heat: buildPanel('heat', true),
    hotspots: buildPanel('hotspots', true),
  };
  private readonly mapEl = h('div', { class: 'an-map-wrap', attrs: { hidden: true } });
  private readonly trend = buildTrendChart();
  private readonly map = buildHotspotMap();
  private readonly mapConfig: Promise<MapConfig | null>;
  private ref: Reference | null = null;
  private query: AnalyticsQuery | null = null;
  private answers: Answers | null = null;
  private seq = 0;

  constructor(ctx: OfficeContext) {
    const council = ctx.user.role === 'council' ? ctx.user.neighbourhoodIds : null;
    this.controls = buildAnalyticsControls(council, () => void this.load());
    this.mapConfig = loadAnalytics<MapConfig>('map', {}).then((r) => (r.state === 'ok' ? r.data : null));
    this.panels.hotspots.el.append(this.mapEl);
    const print = h('button', {
      class: 'btn btn-quiet an-no-print',
      testid: 'an-print',
      i18n: 'anPrint',
      attrs: { type: 'button' },
      on: { click: () => window.print() },
    });
    const scope = council ? h('span', { class: 'flag', testid: 'an-council-scope', i18n: 'anCouncilScope' }) : null;
    this.el = h(
      'section',
      { class: 'of-page an-page', testid: 'analytics', attrs: { 'aria-labelledby': 'an-title' } },
      h('div', { class: 'of-toolbar' }, h('h2', { id: 'an-title', i18n: 'anTitle' }), scope, print),
      this.heading,
      this.printedAt,
      this.controls.el,
      this.listLinks,
      this.status,
      h('div', { class: 'an-grid' }, ...Object.values(this.panels).map((p) => p.el)),
    );
    void reference().then((ref) => {
      this.ref = ref;
      if (this.answers) this.draw();
    });
    onLangChange(() => this.draw());
    window.addEventListener('beforeprint', () => this.stampPrinted());
    void this.load();
  }

  private stampPrinted(): void {
    this.printedAt.textContent = t('anPrintedAt', { time: formatJalaliDateTime(new Date().toISOString(), getLang()) });
  }

  private async load(): Promise<void> {
    const q = this.controls.query();
    if (!q) {
      this.status.hidden = false;
      this.status.textContent = t('anBadRange');
      return;
    }
    this.status.hidden = true;
    const mine = ++this.seq;
    this.query = q;
    for (const p of Object.values(this.panels)) p.say('loading');
    const range = { from: q.from, to: q.to, ...q.filters };
    const [counts, resolution, units, heat, hotspots] = await Promise.all([
      loadAnalytics<RequestCounts>('requests', { ...range, groupBy: q.groupBy, period: q.period }),
      loadAnalytics<{ rows: ResolutionRow[] }>('resolution', { ...range, groupBy: q.groupBy }),
      loadAnalytics<{ rows: UnitRow[] }>('units', range),
      loadAnalytics<HeatAnswer>('heat', range),
      loadAnalytics<{ rows: Hotspot[] }>('hotspots', range),
    ]);
    if (mine !== this.seq) return;
    this.answers = { counts, resolution, units, heat, hotspots };
    this.draw();
  }

  private hoodName = (id: number | null): string => {
    const hood = this.ref?.districts.flatMap((x) => x.neighbourhoods ?? []).find((n) => String(n.id) === String(id));
    return hood ? nameIn(hood.nameFa, hood.nameEn) : '—';
  };

  private titles(q: AnalyticsQuery): void {
    const by = t(GROUP_LABELS[q.groupBy]);
    const { counts, trend, resolution, units, heat, hotspots } = this.panels;
    counts.title.textContent = t('anCountsTitle', { by });
    trend.title.textContent = t('anTrendTitle', { period: t(PERIOD_LABELS[q.period]) });
    resolution.title.textContent = t('anResolutionTitle', { by });
    units.title.textContent = t('anUnitsTitle');
    heat.title.textContent = t('anHeatTitle');
    hotspots.title.textContent = t('anHotspotsTitle');
    this.heading.textContent = t('anRangeHeading', { from: dayText(q.from), to: dayText(q.to) });
  }

  private links(q: AnalyticsQuery): void {
    const range = { from: q.from, to: q.to, ...q.filters };
    const tables: Array<[ExportTable, Panel, Record<string, string>]> = [
      ['requests', this.panels.counts, { ...range, groupBy: q.groupBy, period: q.period }],
      ['resolution', this.panels.resolution, { ...range, groupBy: q.groupBy }],
      ['units', this.panels.units, range],
      ['heat', this.panels.heat, range],
      ['hotspots', this.panels.hotspots, range],
    ];
    for (const [table, panel, query] of tables)
      drawExportLinks(panel.links, table, query, panel.title.textContent ?? '');
    requestListLinks(this.listLinks, range);
  }

  private draw(): void {
    const q = this.query;
    const a = this.answers;
    if (!q || !a) return;
    this.titles(q);
    this.links(q);
    const p = this.panels;
    show(p.counts, a.counts, (data) => drawCountBars(p.counts.body, data));
    show(p.trend, a.counts, (data) => this.trend.draw(p.trend.body, data));
    show(p.resolution, a.resolution, (data) => drawResolution(p.resolution.body, data.rows));
    show(p.units, a.units, (data) => drawUnits(p.units.body, data.rows));
    show(p.heat, a.heat, (data) => drawHeat(p.heat.body, data));
    show(p.hotspots, a.hotspots, (data) => drawHotspots(p.hotspots.body, data.rows, this.hoodName));
    const rows = a.hotspots.state === 'ok' ? a.hotspots.data.rows : [];
    void this.mapConfig.then((config) => this.map.draw(this.mapEl, config, rows));
  }

  shown(): void {
    void this.load();
  }

  legend(): LegendEntry[] {
    return [];
  }

  dispose(): void {
    this.trend.dispose();
    this.map.dispose();
  }
}

export function buildAnalyticsView(ctx: OfficeContext): View {
  return new AnalyticsView(ctx);
}
