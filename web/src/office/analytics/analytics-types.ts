// The analytics API's answers as the page reads them (src/analytics/analytics-service.ts and
// places-service.ts); fields a newer server adds are optional so an older one still draws.

export interface PeriodRow {
  key: string;
  labelFa: string;
  labelEn: string;
  period: string;
  periodLabelFa: string;
  periodLabelEn: string;
  periodStart: string;
  periodEnd: string;
  count: number;
  previous: number;
  lastYear: number;
}

export interface PeriodInfo {
  period: string;
  periodLabelFa: string;
  periodLabelEn: string;
  periodStart: string;
  periodEnd: string;
}

export interface RequestCounts {
  rows: PeriodRow[];
  totals: { count: number; previous: number; lastYear: number };
  periods?: PeriodInfo[];
}

export interface ResolutionRow {
  key: string;
  labelFa: string;
  labelEn: string;
  requests: number;
  closed: number;
  medianHours: number | null;
  p90Hours: number | null;
  feedbackAnswered: number;
  feedbackResolvedShare: number | null;
  feedbackAsked?: number;
  feedbackShare?: number | null;
}

export interface UnitRow {
  unitId: number;
  unitFa: string;
  unitEn: string;
  districtFa: string | null;
  districtEn: string | null;
  received: number;
  onTime: number;
  overdueNow: number;
  late: number;
  overdueRate: number;
  medianDaysOverdue: number | null;
  returned: number;
  reopened: number;
  feedbackAnswered: number;
  satisfaction: number | null;
  drillOverdue?: Record<string, string | number | boolean>;
}

export interface HeatAnswer {
  rows: Array<{
    neighbourhoodId: number | null;
    labelFa: string;
    labelEn: string;
    districtId: number | null;
    cells: Record<string, number>;
    total: number;
  }>;
  categories: Array<{ id: number; labelFa: string; labelEn: string; total: number }>;
}

export interface Hotspot {
  categoryId: number;
  labelFa: string;
  labelEn: string;
  lat: number | null;
  lng: number | null;
  neighbourhoodId: number | null;
  neighbourhoodFa?: string | null;
  neighbourhoodEn?: string | null;
  count: number;
  first: string;
  last: string;
  requestIds?: string[];
}

export interface MapConfig {
  tileUrl: string | null;
  attribution: string | null;
}
