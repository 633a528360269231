import type { NeighbourhoodRow, ServiceRow } from './open311-repository.ts';
import type { RequestViewRow } from './request-view-repository.ts';
import { CLOSED_STATUSES } from './request-view-repository.ts';

// The GeoReport v2 documents, built from our rows, in the asked language (Persian first).

export type Lang = 'fa' | 'en';

/** `locale` (fa, en, en_US, fa-IR) wins over Accept-Language; Persian when neither says English. */
export function langOf(locale: unknown, acceptLanguage: string | undefined): Lang {
  if (typeof locale === 'string' && locale) return /^en/i.test(locale) ? 'en' : 'fa';
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().toLowerCase();
    if (tag.startsWith('fa')) return 'fa';
    if (tag.startsWith('en')) return 'en';
  }
  return 'fa';
}

const pick = (lang: Lang, fa: string, en: string) => (lang === 'fa' ? fa : en);

/** W3C date-time without milliseconds (what FixMyStreet's W3CDTF parser reads). */
export function w3c(d: Date | null): string | null {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

export const CHANGESET = '2026-12-06T00:00:00Z';

export function discovery(baseUrl: string, lang: Lang) {
  return {
    changeset: CHANGESET,
    contact: pick(lang, 'سامانه ۱۳۷ شهرداری — تلفن ۱۳۷', 'The municipality 137 centre — phone 137'),
    key_service: pick(
      lang,
      'کلید API را مدیر سامانه ۱۳۷ صادر می‌کند',
      'API keys are issued by the 137 centre administrator',
    ),
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

export function serviceList(rows: ServiceRow[], lang: Lang) {
  return rows.map((s) => ({
    service_code: s.code,
    service_name: pick(lang, s.nameFa, s.nameEn),
    // The other language beside: Persian first, English beside.
    description: pick(lang, s.nameEn, s.nameFa),
    metadata: true,
    type: 'realtime',
    keywords: '',
    group: s.groupFa === null ? '' : pick(lang, s.groupFa, s.groupEn ?? s.groupFa),
  }));
}

export function serviceDefinition(s: ServiceRow, hoods: NeighbourhoodRow[], lang: Lang) {
  const attr = (order: number, code: string, description: string, values: { key: string; name: string }[]) => ({
    ...{ variable: true, code, datatype: 'singlevaluelist', required: false, datatype_description: '' },
    ...{ order, description, values },
  });
  return {
    service_code: s.code,
    attributes: [
      attr(1, 'hazard', pick(lang, 'آیا خطر جانی یا مالی دارد؟', 'Is it a danger to people or property?'), [
        { key: 'yes', name: pick(lang, 'بله', 'Yes') },
        { key: 'no', name: pick(lang, 'خیر', 'No') },
      ]),
      attr(
        2,
        'neighbourhood',
        pick(lang, 'محله', 'Neighbourhood'),
        hoods.map((n) => ({
          key: String(n.id),
          name: pick(lang, `${n.nameFa} (${n.districtFa})`, `${n.nameEn} (${n.districtEn})`),
        })),
      ),
    ],
  };
}

/** Digits hidden: a note may carry a phone number, and this answer is public. */
export function maskDigits(s: string): string {
  return s.replace(/[0-9۰-۹٠-٩]/g, '*');
}

export function requestView(r: RequestViewRow, lang: Lang) {
  const closed = (CLOSED_STATUSES as readonly string[]).includes(r.status);
  return {
    service_request_id: r.trackingCode,
    status: closed ? 'closed' : 'open',
    status_notes: r.note ? maskDigits(r.note) : null,
    service_name: pick(lang, r.serviceFa, r.serviceEn),
    service_code: r.serviceCode,
    agency_responsible: r.unitFa === null ? null : pick(lang, r.unitFa, r.unitEn ?? r.unitFa),
    service_notice: null,
    requested_datetime: w3c(r.createdAt),
    updated_datetime: w3c(r.updatedAt),
    expected_datetime: w3c(r.deadlineAt),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.mediaUrl,
  };
}
