import type { ExportItem } from '../requests/index.ts';
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

/** One request as the export's cells, in EXPORT_COLUMNS' order. */
export function exportRow(item: ExportItem, time: InstantFormatter): ExportValue[] {
  const at = (iso: string | null): [string | null, GregorianCell | null] => {
    if (!iso) return [null, null];
    const z = time.format(new Date(iso));
    return [z.jalali, { iso: z.iso, wall: z.wall }];
  };
  const status = STATUS[item.status] ?? [item.status, item.status];
  return [
    item.trackingCode,
    status[0],
    status[1],
    item.category.fa,
    item.unit?.fa ?? null,
    item.district?.fa ?? null,
    item.neighbourhood?.fa ?? null,
    CHANNEL_FA[item.channel] ?? item.channel,
    yesNo(item.hazard),
    ...at(item.createdAt),
    ...at(item.deadlineAt),
    ...at(item.closedAt),
    yesNo(item.overdue),
    item.reporters,
  ];
}
