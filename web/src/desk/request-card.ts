// One request as a compact card: the same look in the screen-pop, the duplicates and the search.
import { h, ltr } from '../lib/dom.ts';
import { t, d, getLang } from '../i18n/i18n.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import { deadlineState, formatGregorianDate, formatJalaliDateTime, formatJalaliLong } from '../lib/jalali.ts';
import type { PastRequest } from './types.ts';
import { isClosed, statusLabel } from './request-status.ts';

export interface CardOptions {
  /** Show the first part of the description. */
  excerpt?: boolean;
  /** Extra elements at the end of the card (buttons, note form). */
  actions?: Node[];
  /** Makes the tracking code a button (e.g. open it in the search panel). */
  onCode?: (r: PastRequest) => void;
  testid?: string;
}

/**
 * A date as the desk shows it: Jalali (Tehran time). In English the Gregorian date is put beside
 * it (or, where space is short, in the tooltip) for visitors who do not read Jalali dates.
 */
export function dateEl(iso: string | null | undefined, gregorianBeside = true): HTMLElement {
  const lang = getLang();
  const title = lang === 'en' && iso ? `${formatJalaliLong(iso, lang)} (${formatGregorianDate(iso)})` : formatJalaliLong(iso, lang);
  const el = h('time', { class: 'date', attrs: { datetime: iso ?? '', title } }, ltr(formatJalaliDateTime(iso, lang)));
  if (lang === 'en' && iso && gregorianBeside) el.append(' ', h('span', { class: 'greg', text: `(${formatGregorianDate(iso)})` }));
  return el;
}

export function trackingCodeEl(code: string, cls = 'code'): HTMLElement {
  return ltr(d(groupTrackingCode(code)), { class: cls });
}

export function requestCard(r: PastRequest, opts: CardOptions = {}): HTMLElement {
  const lang = getLang();
  const closed = isClosed(r);
  const category = lang === 'fa' ? r.categoryFa : r.categoryEn || r.categoryFa;
  const unit = lang === 'fa' ? r.unitFa : r.unitEn || r.unitFa;
  const code = trackingCodeEl(r.trackingCode ?? '');
  const codeEl = opts.onCode
    ? h('button', { class: 'link code-btn', attrs: { type: 'button', title: t('reqOpenInFind') }, on: { click: () => opts.onCode?.(r) } }, code)
    : code;

  const dl = deadlineState(r.deadlineAt, new Date());
  const deadline = r.deadlineAt && !closed
    ? h('span', { class: `deadline deadline-${dl}` },
        t('reqDeadline'), ' ', dateEl(r.deadlineAt),
        dl === 'overdue' ? h('strong', { class: 'flag flag-danger', i18n: 'reqOverdue' }) : null,
        dl === 'soon' ? h('strong', { class: 'flag flag-warn', i18n: 'reqSoon' }) : null)
    : null;

  const excerpt = opts.excerpt && r.description
    ? h('p', { class: 'excerpt', attrs: { dir: 'auto' }, text: r.description.length > 160 ? `${r.description.slice(0, 160)}…` : r.description })
    : null;

  return h('article', { class: `req-card${closed ? ' is-closed' : ''}${r.hazard ? ' is-hazard' : ''}`, testid: opts.testid, attrs: { 'data-request-id': r.id } },
    h('div', { class: 'req-head' },
      codeEl,
      h('span', { class: `status status-${closed ? 'closed' : 'open'}`, text: statusLabel(r.status) }),
      r.hazard ? h('span', { class: 'flag flag-danger', i18n: 'hazardCategory' }) : null,
      typeof r.reporters === 'number' ? h('span', { class: 'reporters', text: t('reqReporters', { n: r.reporters }) }) : null),
    h('div', { class: 'req-line' },
      h('span', { class: 'category', text: category || '—' }),
      unit ? h('span', { class: 'unit', text: t('reqUnit', { unit }) }) : null),
    excerpt,
    h('div', { class: 'req-line muted' },
      h('span', {}, t('reqCreated'), ' ', dateEl(r.createdAt)),
      deadline),
    ...(opts.actions ?? []));
}
