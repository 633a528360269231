// One request as a compact card: the same look in the screen-pop, the duplicates and the search.
import { h, ltr } from '../lib/dom.ts';
import { t, d, getLang } from '../i18n/i18n.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import { deadlineState, formatGregorianDate, formatJalaliDateTime, formatJalaliLong } from '../lib/jalali.ts';
import type { PastEvent, PastRequest } from './types.ts';
import { isClosed, statusLabel } from './request-status.ts';

export interface CardOptions {
  /** Show the first part of the description. */
  excerpt?: boolean;
  /** Extra elements at the end of the card (buttons, note form). */
  actions?: Node[];
  /** Makes the tracking code a button (e.g. open it in the search panel). */
  onCode?: (r: PastRequest) => void;
  testid?: string;
  /** Fold the request's latest follow-ups (notes, status changes) into the card. */
  events?: boolean;
}

function eventLabel(e: PastEvent): string {
  if (e.kind === 'note') return t('evNote');
  if (e.kind === 'overdue') return t('evOverdue');
  return t('evStatus', { status: statusLabel(e.status ?? e.kind) });
}

/** The latest follow-ups, newest first, folded away under their count. */
export function eventsEl(r: PastRequest): HTMLElement | null {
  const events = Array.isArray(r.events) ? r.events : [];
  if (events.length === 0) return null;
  return h(
    'details',
    { class: 'req-events', testid: 'req-events', attrs: { 'data-request-id': r.id } },
    h('summary', { text: t('reqEventsToggle', { n: events.length }) }),
    h(
      'ul',
      { class: 'events' },
      ...events.map((e) =>
        h(
          'li',
          { class: `event event-${e.kind}`, testid: 'req-event' },
          h(
            'div',
            { class: 'event-head' },
            dateEl(e.at, false),
            ' ',
            h('strong', { class: 'event-kind', text: eventLabel(e) }),
            e.by ? h('span', { class: 'muted' }, ' · ', h('bdi', { text: e.by })) : null,
          ),
          e.note ? h('p', { class: 'event-text', attrs: { dir: 'auto' }, text: e.note }) : null,
        ),
      ),
    ),
  );
}

/**
 * A date as the desk shows it: Jalali (Tehran time). In English the Gregorian date is put beside
 * it (or, where space is short, in the tooltip) for visitors who do not read Jalali dates.
 */
export function dateEl(iso: string | null | undefined, gregorianBeside = true): HTMLElement {
  const lang = getLang();
  const title =
    lang === 'en' && iso ? `${formatJalaliLong(iso, lang)} (${formatGregorianDate(iso)})` : formatJalaliLong(iso, lang);
  const el = h('time', { class: 'date', attrs: { datetime: iso ?? '', title } }, ltr(formatJalaliDateTime(iso, lang)));
  if (lang === 'en' && iso && gregorianBeside)
    el.append(' ', h('span', { class: 'greg', text: `(${formatGregorianDate(iso)})` }));
  return el;
}

export function trackingCodeEl(code: string, cls = 'code'): HTMLElement {
  return ltr(d(groupTrackingCode(code)), { class: cls });
}

/** Where the problem is: "ونک · خیابان ولیعصر، کوچه ۱۲", or null when neither was given. */
export function placeEl(r: PastRequest): HTMLElement | null {
  const lang = getLang();
  const hood = (lang === 'fa' ? r.neighbourhoodFa : r.neighbourhoodEn || r.neighbourhoodFa) ?? null;
  const address = r.address?.trim() || null;
  if (!hood && !address) return null;
  return h(
    'div',
    { class: 'req-line req-place', testid: 'req-card-place' },
    h('span', { class: 'muted', i18n: 'reqPlace' }),
    ' ',
    hood ? h('bdi', { class: 'req-hood', testid: 'req-card-hood', text: hood }) : null,
    hood && address ? ' · ' : null,
    address
      ? h('bdi', { class: 'req-address', testid: 'req-card-address', attrs: { dir: 'auto' }, text: address })
      : null,
  );
}

/**
 * The unit's deadline matters while the request waits for the unit (or for its referral): once done,
 * with the citizen's feedback, returned or closed, "overdue" would be news about nothing.
 */
const WAITING = ['new', 'open', 'registered', 'referred', 'in-progress', 'in_progress', 'special-follow-up'];
const deadlineRuns = (r: PastRequest) => !isClosed(r) && WAITING.includes(r.status);

export function requestCard(r: PastRequest, opts: CardOptions = {}): HTMLElement {
  const lang = getLang();
  const closed = isClosed(r);
  const category = lang === 'fa' ? r.categoryFa : r.categoryEn || r.categoryFa;
  const unit = lang === 'fa' ? r.unitFa : r.unitEn || r.unitFa;
  const code = trackingCodeEl(r.trackingCode ?? '');
  const codeEl = opts.onCode
    ? h(
        'button',
        {
          class: 'link code-btn',
          attrs: { type: 'button', title: t('reqOpenInFind') },
          on: { click: () => opts.onCode?.(r) },
        },
        code,
      )
    : code;

  const dl = deadlineState(r.deadlineAt, new Date());
  const deadline =
    r.deadlineAt && deadlineRuns(r)
      ? h(
          'span',
          { class: `deadline deadline-${dl}` },
          t('reqDeadline'),
          ' ',
          dateEl(r.deadlineAt),
          dl === 'overdue' ? h('strong', { class: 'flag flag-danger', i18n: 'reqOverdue' }) : null,
          dl === 'soon' ? h('strong', { class: 'flag flag-warn', i18n: 'reqSoon' }) : null,
        )
      : null;

  const excerpt =
    opts.excerpt && r.description
      ? h('p', {
          class: 'excerpt',
          attrs: { dir: 'auto' },
          text: r.description.length > 160 ? `${r.description.slice(0, 160)}…` : r.description,
        })
      : null;

  return h(
    'article',
    {
      class: `req-card${closed ? ' is-closed' : ''}${r.hazard ? ' is-hazard' : ''}`,
      testid: opts.testid,
      attrs: { 'data-request-id': r.id },
    },
    h(
      'div',
      { class: 'req-head' },
      codeEl,
      h('span', {
        class: `status status-${closed ? 'closed' : 'open'}`,
        testid: 'req-status',
        attrs: { 'data-status': r.status },
        text: statusLabel(r.status),
      }),
      r.hazard ? h('span', { class: 'flag flag-danger', i18n: 'hazardCategory' }) : null,
      typeof r.reporters === 'number'
        ? h('span', { class: 'reporters', text: t('reqReporters', { n: r.reporters }) })
        : null,
    ),
    h(
      'div',
      { class: 'req-line' },
      h('span', { class: 'category', text: category || '—' }),
      unit ? h('span', { class: 'unit', text: t('reqUnit', { unit }) }) : null,
    ),
    placeEl(r),
    excerpt,
    h('div', { class: 'req-line muted' }, h('span', {}, t('reqCreated'), ' ', dateEl(r.createdAt)), deadline),
    opts.events ? eventsEl(r) : null,
    ...(opts.actions ?? []),
  );
}
