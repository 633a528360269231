// The analytics API's answers as the page reads them: the server's own types (src/analytics), so
// the page and the routes cannot drift apart.
export type {
  AnalyticsPeriodRow as PeriodRow,
  AnalyticsPeriodInfo as PeriodInfo,
  AnalyticsCounts as RequestCounts,
  AnalyticsResolutionRow as ResolutionRow,
  AnalyticsUnitRow as UnitRow,
  AnalyticsHeat as HeatAnswer,
  AnalyticsHotspot as Hotspot,
  AnalyticsMap as MapConfig,
} from '../../lib/server-types.ts';
