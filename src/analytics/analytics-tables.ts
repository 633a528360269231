import { jalaliPeriodOf } from '../calendar/index.ts';
import type { CsvValue } from '../shared/index.ts';
import type { accountability, requestCounts, resolution } from './analytics-service.ts';
import type { heat, hotspotList } from './places-service.ts';

// The analytics page's tables as spreadsheet tables: Persian headers with English beside, one row
// per row of the route's answer, Jalali and Gregorian dates side by side. Nothing personal is in any
// of them (the routes' answers hold none).

export interface Table {
  sheetFa: string;
  headers: string[];
  rows: CsvValue[][];
}

type Answer<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;

const jalaliDay = (day: string) => jalaliPeriodOf(day, 'day').key.replace(/-/g, '/');

export function requestsTable(a: Answer<typeof requestCounts>): Table {
  return {
    sheetFa: 'تعداد درخواست‌ها',
    headers: ['دوره (Period)', 'Period', 'آغاز، شمسی (Start, Jalali)', 'آغاز، میلادی (Start)',
      'پایان، شمسی (End, Jalali)', 'پایان، میلادی (End)', 'کلید (Key)', 'عنوان', 'Label', 'تعداد (Count)',
      'دورهٔ قبل (Previous)', 'پارسال (Last year)'], // prettier-ignore
    rows: a.rows.map((r) => [
      r.periodLabelFa,
      r.periodLabelEn,
      jalaliDay(r.periodStart),
      r.periodStart,
      jalaliDay(r.periodEnd),
      r.periodEnd,
      r.key,
      r.labelFa,
      r.labelEn,
      r.count,
      r.previous,
      r.lastYear,
    ]),
  };
}

export function resolutionTable(a: Answer<typeof resolution>): Table {
  return {
    sheetFa: 'زمان رسیدگی',
    headers: ['کلید (Key)', 'عنوان', 'Label', 'درخواست‌ها (Requests)', 'رسیدگی‌شده (Resolved)',
      'میانه، ساعت (Median hours)', 'صدک ۹۰، ساعت (90th percentile hours)', 'پاسخ بازخورد (Feedback answers)',
      'سهم رفع‌شده به گفتهٔ شهروند (Resolved share)', 'انجام‌شده یا مختومه (Done or closed)',
      'بازخورد گرفته‌شده (Feedback asked)', 'سهم بازخورد (Feedback share)'], // prettier-ignore
    rows: a.rows.map((r) => [
      r.key,
      r.labelFa,
      r.labelEn,
      r.requests,
      r.closed,
      r.medianHours,
      r.p90Hours,
      r.feedbackAnswered,
      r.feedbackResolvedShare,
      r.doneOrClosed,
      r.feedbackAsked,
      r.feedbackShare,
    ]),
  };
}

export function unitsTable(a: Answer<typeof accountability>): Table {
  return {
    sheetFa: 'پاسخ‌گویی واحدها',
    headers: ['واحد اجرایی', 'Unit', 'منطقه', 'District', 'دریافتی (Received)', 'به‌موقع (On time)',
      'معوق اکنون (Overdue now)', 'با تأخیر (Late)', 'نرخ تأخیر (Overdue rate)', 'میانهٔ روزهای تأخیر (Median days overdue)',
      'برگشتی (Returned)', 'بازگشایی‌شده (Reopened)', 'پاسخ بازخورد (Feedback answers)', 'رضایت (Satisfaction)'], // prettier-ignore
    rows: a.rows.map((r) => [
      r.unitFa,
      r.unitEn,
      r.districtFa,
      r.districtEn,
      r.received,
      r.onTime,
      r.overdueNow,
      r.late,
      r.overdueRate,
      r.medianDaysOverdue,
      r.returned,
      r.reopened,
      r.feedbackAnswered,
      r.satisfaction,
    ]),
  };
}

export function heatTable(a: Answer<typeof heat>): Table {
  return {
    sheetFa: 'محله × موضوع',
    headers: ['محله', 'Neighbourhood', ...a.categories.map((c) => `${c.labelFa} (${c.labelEn})`), 'جمع (Total)'],
    rows: [
      ...a.rows.map((r) => [r.labelFa, r.labelEn, ...a.categories.map((c) => r.cells[String(c.id)] ?? 0), r.total]),
      ['جمع', 'Total', ...a.categories.map((c) => c.total), a.categories.reduce((s, c) => s + c.total, 0)],
    ],
  };
}

export function hotspotsTable(a: Answer<typeof hotspotList>, timeZone: string): Table {
  const local = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(iso),
    );
  return {
    sheetFa: 'نقاط تکرار',
    headers: ['موضوع', 'Category', 'عرض جغرافیایی (Lat)', 'طول جغرافیایی (Lng)', 'نشانی (Address)',
      'شناسهٔ محله (Neighbourhood id)', 'تعداد (Count)', 'نخستین، شمسی (First, Jalali)', 'نخستین، میلادی (First)',
      'آخرین، شمسی (Last, Jalali)', 'آخرین، میلادی (Last)', 'شماره‌ها (Request ids)'], // prettier-ignore
    rows: a.rows.map((r) => [
      r.labelFa,
      r.labelEn,
      r.lat,
      r.lng,
      r.address,
      r.neighbourhoodId,
      r.count,
      jalaliDay(local(r.first)),
      local(r.first),
      jalaliDay(local(r.last)),
      local(r.last),
      r.requestIds.join(' '),
    ]),
  };
}
