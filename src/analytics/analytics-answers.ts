import type { accountability, requestCounts, resolution } from './analytics-service.ts';
import type { heat, hotspotList } from './places-service.ts';

// The analytics routes' answers by name, for the web page (web/src/lib/server-types.ts): taken from
// the services' return types, so the page reads what the server writes and cannot drift from it.

type Answer<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

export type { PeriodRow as AnalyticsPeriodRow } from './analytics-service.ts';
/** GET /analytics/requests. */
export type AnalyticsCounts = Answer<typeof requestCounts>;
/** One period of the range (also those without a request). */
export type AnalyticsPeriodInfo = AnalyticsCounts['periods'][number];
/** A row of GET /analytics/resolution. */
export type AnalyticsResolutionRow = Answer<typeof resolution>['rows'][number];
/** A row of GET /analytics/units. */
export type AnalyticsUnitRow = Answer<typeof accountability>['rows'][number];
/** GET /analytics/heat. */
export type AnalyticsHeat = Answer<typeof heat>;
/** A row of GET /analytics/hotspots. */
export type AnalyticsHotspot = Answer<typeof hotspotList>['rows'][number];
export type { MapAnswer as AnalyticsMap } from './map-route.ts';
