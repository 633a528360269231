// Names of the fixed dimension values (channels and statuses live in CHECK constraints, not tables).
const CHANNELS: Record<string, [string, string]> = {
  phone: ['تلفن', 'Phone'],
  sms: ['پیامک', 'SMS'],
  web: ['وب', 'Web'],
  app: ['اپلیکیشن', 'App'],
  email: ['ایمیل', 'E-mail'],
  post: ['نامه', 'Post'],
  meeting: ['ملاقات حضوری', 'Meeting'],
};
const STATUSES: Record<string, [string, string]> = {
  registered: ['ثبت‌شده', 'Registered'],
  referred: ['ارجاع‌شده', 'Referred'],
  'in-progress': ['در حال انجام', 'In progress'],
  done: ['انجام‌شده', 'Done'],
  'feedback-positive': ['بازخورد مثبت', 'Positive feedback'],
  'feedback-negative': ['بازخورد منفی', 'Negative feedback'],
  'special-follow-up': ['پیگیری ویژه', 'Special follow-up'],
  closed: ['مختومه', 'Closed'],
  returned: ['برگشتی', 'Returned'],
};

/** The label of a channel or status value; null for dimensions whose names come from the database. */
export function fixedLabel(groupBy: string, key: string): { fa: string; en: string } | null {
  const table = groupBy === 'channel' ? CHANNELS : groupBy === 'status' ? STATUSES : null;
  const hit = table?.[key];
  return hit ? { fa: hit[0], en: hit[1] } : null;
}
