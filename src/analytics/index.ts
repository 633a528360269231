// Analytics' only public face: install(core) adds the read-only report routes under /analytics.
export { install, type AnalyticsCore } from './install.ts';
export { GROUP_BYS, type GroupBy } from './analytics-repository.ts';
export type {
  AnalyticsCounts,
  AnalyticsPeriodRow,
  AnalyticsPeriodInfo,
  AnalyticsResolutionRow,
  AnalyticsUnitRow,
  AnalyticsHeat,
  AnalyticsHotspot,
  AnalyticsMap,
} from './analytics-answers.ts';
