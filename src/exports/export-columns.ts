import type { ExportNames, ExportRecord } from '../requests/index.ts';
import { csvField } from './csv.ts';
import type { InstantFormatter } from './export-time.ts';

// The columns of the request export, the same for CSV and XLSX. A supervisor's overview of the
// city's requests: never a phone number or a citizen's name (the worklist item carries neither).

/** A Gregorian instant: ISO 8601 text for CSV, a date cell (the centre's wall clock) for XLSX. */
export interface GregorianCell {
  iso: string;
  wall: Date;
}
export type ExportValue = string | number | GregorianCell | null;

export interface ExportColumn {
  header: string;
  /** XLSX column width, in characters. */
  width: number;
  gregorian?: boolean;
}

const STATUS: Record<string, [fa: string, en: string]> = {
  registered: ['ثبت‌شده', 'Registered'],
  referred: ['ارجاع‌شده', 'Referred'],
  'in-progress': ['در حال انجام', 'In progress'],
  done: ['انجام‌شده', 'Done'],
  'feedback-positive': ['رضایت شهروند', 'Citizen satisfied'],
  'feedback-negative': ['نارضایتی شهروند', 'Citizen not satisfied'],
  'special-follow-up': ['پیگیری ویژه', 'Special follow-up'],
  closed: ['مختومه', 'Closed'],
  returned: ['برگشت از واحد اجرایی', 'Returned by the unit'],
};

const CHANNEL_FA: Record<string, string> = {
  phone: 'تلفن ۱۳۷',
  sms: 'پیامک',
  web: 'وب‌سایت',
  app: 'اپلیکیشن',
  email: 'رایانامه',
  post: 'نامه',
  meeting: 'ملاقات حضوری',
};

const yesNo = (b: boolean) => (b ? 'بله' : 'خیر');

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'کد رهگیری (Tracking code)', width: 14 },
  { header: 'وضعیت', width: 18 },
  { header: 'Status', width: 20 },
  { header: 'موضوع (Category)', width: 28 },
  { header: 'واحد اجرایی (Unit)', width: 28 },
  { header: 'منطقه (District)', width: 16 },
  { header: 'محله (Neighbourhood)', width: 20 },
  { header: 'راه دریافت (Channel)', width: 14 },
  { header: 'خطرساز (Hazard)', width: 10 },
  { header: 'ثبت، شمسی (Created, Jalali)', width: 18 },
  { header: 'ثبت، میلادی (Created)', width: 22, gregorian: true },
  { header: 'مهلت، شمسی (Deadline, Jalali)', width: 18 },
  { header: 'مهلت، میلادی (Deadline)', width: 22, gregorian: true },
  { header: 'مختومه، شمسی (Closed, Jalali)', width: 18 },
  { header: 'مختومه، میلادی (Closed)', width: 22, gregorian: true },
  { header: 'معوق (Overdue)', width: 10 },
  { header: 'گزارش‌دهندگان (Reporters)', width: 12 },
];

/** One request as the export's cells, in EXPORT_COLUMNS' order (the XLSX rows). */
export function exportCells(r: ExportRecord, names: ExportNames, time: InstantFormatter): ExportValue[] {
  const at = (s: number | null): [string | null, GregorianCell | null] => {
    if (s === null) return [null, null];
    const z = time.zoned(s);
    return [z.jalali, { iso: z.iso, wall: z.wall }];
  };
  const status = STATUS[r.status] ?? [r.status, r.status];
  const place = r.neighbourhood_id === null ? undefined : names.neighbourhoods.get(r.neighbourhood_id);
  return [
    r.tracking_code,
    status[0],
    status[1],
    names.categories.get(r.category_id)?.fa ?? null,
    r.unit_id === null ? null : (names.units.get(r.unit_id)?.fa ?? null),
    place?.district?.fa ?? null,
    place?.name.fa ?? null,
    CHANNEL_FA[r.channel] ?? r.channel,
    yesNo(r.hazard),
    ...at(r.created_s),
    ...at(r.deadline_s),
    ...at(r.closed_s),
    yesNo(r.overdue),
    r.reporters,
  ];
}

/**
 * The CSV line of a request, the same bytes as csvLine(exportCells(…)) but built for a million
 * rows: every name, status and channel is a CSV field made once per export (by id), the instants
 * come as ready cells, and a line is one template string.
 */
export function csvRenderer(names: ExportNames, time: InstantFormatter): (r: ExportRecord) => string {
  const field = (v: string | null | undefined) => csvField(v ?? null);
  const map = <K, V>(m: Map<K, V>, f: (v: V) => string) => new Map([...m].map(([k, v]) => [k, f(v)]));
  const categories = map(names.categories, (c) => field(c.fa));
  const units = map(names.units, (u) => field(u.fa));
  const places = map(names.neighbourhoods, (n) => `${field(n.district?.fa)},${field(n.name.fa)}`);
  const statuses = new Map(Object.entries(STATUS).map(([k, [fa, en]]) => [k, `${field(fa)},${field(en)}`]));
  const channels = new Map(Object.entries(CHANNEL_FA).map(([k, fa]) => [k, field(fa)]));
  const [yes, no] = [field(yesNo(true)), field(yesNo(false))];
  return (r) => {
    const status = statuses.get(r.status) ?? `${field(r.status)},${field(r.status)}`;
    const category = categories.get(r.category_id) ?? '';
    const unit = r.unit_id === null ? '' : (units.get(r.unit_id) ?? '');
    const place = r.neighbourhood_id === null ? ',' : (places.get(r.neighbourhood_id) ?? ',');
    const channel = channels.get(r.channel) ?? field(r.channel);
    const [created, deadline, closed] = [r.created_s, r.deadline_s, r.closed_s].map(time.csvCells);
    const flags = [r.hazard ? yes : no, r.overdue ? yes : no];
    return `${field(r.tracking_code)},${status},${category},${unit},${place},${channel},${flags[0]},${created},${deadline},${closed},${flags[1]},${r.reporters}\r\n`;
  };
}
