// The parts of a request's page that only show: what it is, the citizen's own words, the place
// (with its map point), the photos, the referrals and the whole history, dates in Jalali.
import { h, ltr } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { formatNumber } from '../lib/digits.ts';
import {
  codeEl,
  dateEl,
  deadlineEl,
  deadlineRunning,
  nameIn,
  priorityFlag,
  sizeText,
  statusChip,
  statusLabel,
} from './format.ts';
import { unitById, type Reference } from './reference.ts';
import type { PastReferral, RequestDetail } from './types.ts';

type RequestEvent = RequestDetail['events'][number];

const EVENT_KEYS: Record<string, StringKey> = {
  registered: 'ofEvRegistered',
  referred: 'ofEvReferred',
  note: 'evNote',
  progress: 'ofEvProgress',
  accepted: 'ofEvAccepted',
  done: 'ofEvDone',
  returned: 'ofEvReturned',
  'followed-up': 'ofEvFollowedUp',
  feedback: 'ofEvFeedback',
  'special-follow-up': 'statusSpecial',
  closed: 'statusClosed',
  'reporter-linked': 'ofEvReporterLinked',
  overdue: 'evOverdue',
  reminder: 'ofEvReminder',
  escalated: 'ofEvEscalated',
  'extension-requested': 'ofEvExtensionRequested',
  'extension-granted': 'ofEvExtensionGranted',
  'extension-refused': 'ofEvExtensionRefused',
  'status-changed': 'ofEvStatusChanged',
};

const CHANNEL_KEYS: Record<string, StringKey> = {
  phone: 'ofChannelPhone',
  sms: 'ofChannelSms',
  web: 'ofChannelWeb',
  app: 'ofChannelApp',
  email: 'ofChannelEmail',
  post: 'ofChannelPost',
  meeting: 'ofChannelMeeting',
};

export function channelLabel(channel: string): string {
  const key = CHANNEL_KEYS[channel];
  return key ? t(key) : channel;
}

export function panel(titleKey: StringKey, testid: string, ...children: Array<Node | null>): HTMLElement {
  return h('section', { class: 'panel', testid }, h('h3', { class: 'sub-head', i18n: titleKey }), ...children);
}

function row(labelKey: StringKey, ...value: Array<Node | string | null>): HTMLElement {
  return h(
    'div',
    { class: 'of-kv' },
    h('span', { class: 'of-k', i18n: labelKey }),
    h('span', { class: 'of-v' }, ...value),
  );
}

/** The line under a history entry: which unit, which status, how many hours. */
function eventDetail(e: RequestEvent, ref: Reference | null): string | null {
  const det = e.details ?? {};
  const parts: string[] = [];
  const unit = ref ? unitById(ref, Number(det['unitId']) || null) : null;
  if (unit) parts.push(nameIn(unit.nameFa, unit.nameEn));
  if (e.kind === 'status-changed' && typeof det['to'] === 'string')
    parts.push(t('evStatus', { status: statusLabel(det['to']) }));
  if (typeof det['hours'] === 'number') parts.push(t('ofHoursN', { n: det['hours'] }));
  if (typeof det['level'] === 'number') parts.push(t('ofLevelN', { n: det['level'] }));
  if (Array.isArray(det['attachmentIds']) && det['attachmentIds'].length)
    parts.push(t('ofPhotosN', { n: det['attachmentIds'].length }));
  return parts.length ? parts.join(' · ') : null;
}

export function historyPanel(r: RequestDetail, ref: Reference | null): HTMLElement {
  const events = [...(r.events ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  return panel(
    'ofHistory',
    'req-history',
    events.length === 0
      ? h('p', { class: 'empty', i18n: 'ofNoHistory' })
      : h(
          'ol',
          { class: 'events of-events' },
          ...events.map((e) => {
            const key = EVENT_KEYS[e.kind];
            const detail = eventDetail(e, ref);
            return h(
              'li',
              { class: `event event-${e.kind}`, testid: 'req-event', attrs: { 'data-kind': e.kind } },
              h(
                'div',
                { class: 'event-head' },
                dateEl(e.at),
                ' ',
                h('strong', { class: 'event-kind' }, key ? t(key) : e.kind),
                e.userName ? h('span', { class: 'muted' }, ' · ', h('bdi', {}, e.userName)) : null,
              ),
              detail ? h('p', { class: 'muted of-event-detail' }, detail) : null,
              e.note ? h('p', { class: 'event-text' }, h('bdi', {}, e.note)) : null,
            );
          }),
        ),
  );
}

/** Head of the page: code, status, hazard, overdue. */
export function requestHead(r: RequestDetail, now: number): HTMLElement {
  const open = deadlineRunning(r.status);
  const overdue = open && r.deadlineAt !== null && Date.parse(r.deadlineAt) < now;
  return h(
    'div',
    { class: 'of-req-title' },
    codeEl(r.trackingCode, 'code code-big of-code'),
    statusChip(r.status),
    r.hazard ? h('span', { class: 'flag flag-danger', i18n: 'hazardCategory' }) : null,
    overdue ? h('span', { class: 'flag flag-danger', testid: 'overdue-flag', i18n: 'reqOverdue' }) : null,
  );
}

export function summaryPanel(r: RequestDetail, now: number): HTMLElement {
  const lang = getLang();
  const open = deadlineRunning(r.status);
  const dupCount = r.duplicates?.length ?? 0;
  return panel(
    'ofRequest',
    'req-summary',
    row('formCategory', h('strong', {}, nameIn(r.categoryFa, r.categoryEn, lang))),
    row('ofUnit', nameIn(r.referral?.unitFa ?? r.unitFa, r.referral?.unitEn ?? r.unitEn, lang) || '—'),
    row('ofCreated', dateEl(r.createdAt, true)),
    r.deadlineAt ? row('ofDeadline', deadlineEl(r.deadlineAt, now, open, false)) : null,
    row('ofChannel', channelLabel(r.channel)),
    row('ofReporters', d(r.reporters)),
    dupCount
      ? row(
          'ofDuplicates',
          ...(r.duplicates ?? []).flatMap((x, i) => [
            i ? ' ' : null,
            h('a', { attrs: { href: `#/request/${x.id}` } }, codeEl(x.trackingCode)),
          ]),
        )
      : null,
  );
}

export function wordsPanel(r: RequestDetail): HTMLElement {
  return panel(
    'ofCitizenWords',
    'req-words',
    r.citizenName ? row('ofCitizenName', h('bdi', {}, r.citizenName)) : null,
    h('blockquote', { class: 'of-words', testid: 'req-description', attrs: { dir: 'auto' } }, r.description),
  );
}

export function placePanel(r: RequestDetail): HTMLElement {
  const lang = getLang();
  const hood = nameIn(r.neighbourhoodFa, r.neighbourhoodEn, lang);
  const district = nameIn(r.districtFa ?? null, r.districtEn ?? null, lang);
  const point =
    r.lat !== null && r.lng !== null
      ? (() => {
          const lat = formatNumber(r.lat, lang, { maximumFractionDigits: 5 });
          const lng = formatNumber(r.lng, lang, { maximumFractionDigits: 5 });
          const osm = `https://www.openstreetmap.org/?mlat=${r.lat}&mlon=${r.lng}#map=18/${r.lat}/${r.lng}`;
          return row(
            'ofMapPoint',
            ltr(`${lat}, ${lng}`, { testid: 'req-point' }),
            ' ',
            h('a', { attrs: { href: osm, target: '_blank', rel: 'noopener noreferrer' }, i18n: 'ofOpenMap' }),
          );
        })()
      : null;
  return panel(
    'ofPlace',
    'req-place',
    hood || district ? row('formNeighbourhood', h('bdi', {}, [hood, district].filter(Boolean).join(' · '))) : null,
    r.address ? row('formAddress', h('bdi', { attrs: { dir: 'auto' } }, r.address)) : null,
    point,
    !hood && !district && !r.address && !point ? h('p', { class: 'empty', i18n: 'ofNoPlace' }) : null,
  );
}

export function photosPanel(r: RequestDetail): HTMLElement | null {
  const list = r.attachments ?? [];
  if (list.length === 0) return null;
  return panel(
    'ofPhotos',
    'req-photos',
    h(
      'div',
      { class: 'of-photos' },
      ...list.map((a, i) => {
        const src = `/api/v1/attachments/${encodeURIComponent(a.id)}`;
        return h(
          'a',
          { class: 'of-photo', testid: 'req-photo', attrs: { href: src, target: '_blank', rel: 'noopener' } },
          h('img', { attrs: { src, alt: t('ofPhotoAlt', { n: i + 1 }), loading: 'lazy' } }),
          h(
            'span',
            { class: 'muted' },
            sizeText(a.bytes),
            ' · ',
            dateEl(a.createdAt),
            a.uploadedBy ? h('bdi', {}, ` · ${a.uploadedBy}`) : null,
          ),
        );
      }),
    ),
  );
}

const OUTCOME_KEYS: Record<string, StringKey> = {
  done: 'ofOutcomeDone',
  returned: 'ofOutcomeReturned',
  're-referred': 'ofOutcomeReReferred',
  closed: 'ofOutcomeClosed',
};

function referralItem(x: PastReferral | NonNullable<RequestDetail['referral']>, now: number): HTMLElement {
  const ended = 'endedAt' in x && x.endedAt;
  const outcome = 'outcome' in x && x.outcome ? OUTCOME_KEYS[x.outcome] : undefined;
  return h(
    'li',
    { class: `of-referral${ended ? ' is-ended' : ''}`, testid: 'referral' },
    h('strong', {}, nameIn(x.unitFa, x.unitEn)),
    h('span', { class: 'muted' }, ' · ', dateEl(x.referredAt)),
    x.priority > 0 ? h('span', {}, ' ', priorityFlag(x.priority)) : null,
    h(
      'div',
      { class: 'muted' },
      t(x.basis === 'calendar' ? 'ofDeadlineCalendar' : 'ofDeadlineWorking', { n: x.deadlineHours }),
      x.acceptedAt ? h('span', {}, ' · ', t('ofAcceptedAt'), ' ', dateEl(x.acceptedAt)) : null,
    ),
    ended ? null : deadlineEl(x.deadlineAt, now),
    outcome ? h('div', {}, t(outcome), ' ', dateEl(ended || null)) : null,
    'returnReason' in x && x.returnReason ? h('p', { class: 'event-text' }, h('bdi', {}, x.returnReason)) : null,
    x.note ? h('p', { class: 'event-text' }, h('bdi', {}, x.note)) : null,
  );
}

export function referralsPanel(r: RequestDetail, now: number): HTMLElement | null {
  const past = (r.referrals ?? []).filter((x) => x.endedAt);
  if (!r.referral && past.length === 0) return null;
  return panel(
    'ofReferrals',
    'req-referrals',
    h(
      'ol',
      { class: 'of-referrals' },
      // Newest first: the current referral, then the earlier ones.
      ...[...(r.referral ? [r.referral] : []), ...past.reverse()].map((x) => referralItem(x, now)),
    ),
    r.pendingExtension
      ? h(
          'p',
          { class: 'banner', testid: 'pending-extension' },
          t('ofPendingExtension', { n: r.pendingExtension.hours }),
          ' ',
          dateEl(r.pendingExtension.requestedAt),
          h('br', {}),
          h('bdi', { attrs: { dir: 'auto' } }, r.pendingExtension.reason),
        )
      : null,
  );
}
