// The bell: how many notifications are unread, the latest ones in a drop-down, marked read when
// opened or all at once. New ones arrive over the socket (the bell rings and a notice says it).
import { h, replace } from '../lib/dom.ts';
import { d, getLang, onLangChange, t } from '../i18n/i18n.ts';
import { get, post, qs } from '../lib/api.ts';
import { notify } from '../lib/notice.ts';
import { formatJalaliDateTime } from '../lib/jalali.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import { nameIn } from './format.ts';
import type { NotificationItem, NotificationPage } from './types.ts';

const PAGE = 20;
const SVG = 'http://www.w3.org/2000/svg';

function bellIcon(): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'of-bell-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute(
    'd',
    'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z',
  );
  svg.append(path);
  return svg;
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What a notification says, made from its kind and details in the page's language. */
export function notificationTitle(n: NotificationItem): string {
  const det = n.details ?? {};
  const code = d(groupTrackingCode(n.trackingCode ?? str(det['trackingCode'])));
  const unit = nameIn(str(det['unitFa']) || null, str(det['unitEn']) || null);
  const params = { code, unit: unit || '—', hours: Number(det['hours']) || 0, level: Number(det['level']) || 0 };
  switch (n.kind) {
    case 'new-referral':
      return t('ofNtNewReferral', params);
    case 'deadline-reminder':
      return t('ofNtReminder', params);
    case 'overdue':
      return t('ofNtOverdue', params);
    case 'escalated':
      return t('ofNtEscalated', params);
    case 'extension-requested':
      return t('ofNtExtensionRequested', params);
    case 'extension-decided':
      return t(det['decision'] === 'granted' ? 'ofNtExtensionGranted' : 'ofNtExtensionRefused', params);
    case 'returned':
      return t('ofNtReturned', params);
    default:
      return t('ofNtOther', { ...params, kind: n.kind });
  }
}

export interface Bell {
  el: HTMLElement;
  /** A notification pushed by the server, with the user's unread count after it. */
  push: (item: NotificationItem, unread: number) => void;
  /** Marked read elsewhere (another tab): the count, and the list again. */
  setUnread: (unread: number) => void;
  reload: () => Promise<void>;
  toggle: () => void;
}

interface BellEls {
  el: HTMLElement;
  button: HTMLButtonElement;
  count: HTMLElement;
  panel: HTMLElement;
  list: HTMLElement;
  more: HTMLButtonElement;
  markAll: HTMLButtonElement;
}

function bellEls(): BellEls {
  const count = h('span', { class: 'of-bell-count', testid: 'bell-count', attrs: { hidden: true } });
  const button = h('button', {
    class: 'btn btn-quiet of-bell',
    testid: 'bell',
    attrs: { type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'true', 'aria-keyshortcuts': 'b' },
  });
  button.append(bellIcon(), count);
  const list = h('ul', { class: 'of-bell-list', testid: 'bell-list' });
  const more = h('button', { class: 'link', i18n: 'ofMore', attrs: { type: 'button', hidden: true } });
  const markAll = h('button', {
    class: 'btn btn-small btn-quiet',
    testid: 'bell-read-all',
    i18n: 'ofBellReadAll',
    attrs: { type: 'button' },
  });
  const panel = h(
    'div',
    {
      class: 'of-bell-panel',
      testid: 'bell-panel',
      attrs: { hidden: true, role: 'dialog', 'aria-labelledby': 'bell-title' },
    },
    h('div', { class: 'panel-head' }, h('h2', { id: 'bell-title', i18n: 'ofBellTitle' }), markAll),
    list,
    more,
  );
  return { el: h('div', { class: 'of-bell-wrap' }, button, panel), button, count, panel, list, more, markAll };
}

/** The bell's state: the notifications loaded (newest first), the unread count, the next page. */
class BellView implements Bell {
  readonly el: HTMLElement;
  private readonly els: BellEls;
  private items: NotificationItem[] = [];
  private unread = 0;
  private nextCursor: string | null = null;

  constructor(private readonly openRequest: (id: string) => void) {
    this.els = bellEls();
    this.el = this.els.el;
    const { button, more, markAll, panel } = this.els;
    button.addEventListener('click', () => this.setOpen(panel.hidden));
    more.addEventListener('click', () => void this.load(this.nextCursor));
    markAll.addEventListener('click', () => {
      for (const n of this.items) n.readAt ??= new Date().toISOString();
      void this.markRead({ all: true });
    });
    panel.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      this.setOpen(false);
      button.focus();
    });
    document.addEventListener('click', (e) => {
      if (!panel.hidden && !this.el.contains(e.target as Node)) this.setOpen(false);
    });
    onLangChange(() => this.draw());
    this.draw();
  }

  private itemEl(n: NotificationItem): HTMLElement {
    return h(
      'li',
      {},
      h(
        'button',
        {
          class: `of-bell-item${n.readAt ? '' : ' is-unread'}`,
          testid: 'bell-item',
          attrs: { type: 'button', 'data-kind': n.kind, 'data-request-id': n.requestId ?? '' },
          on: { click: () => void this.open(n) },
        },
        h('span', { class: 'of-bell-text' }, notificationTitle(n)),
        h('span', { class: 'of-bell-time muted' }, formatJalaliDateTime(n.createdAt, getLang())),
      ),
    );
  }

  private draw(): void {
    const { count, button, more, markAll, list } = this.els;
    count.hidden = this.unread === 0;
    count.textContent = d(this.unread > 99 ? '99+' : String(this.unread));
    button.setAttribute('aria-label', t('ofBellLabel', { n: this.unread }));
    button.dataset['unread'] = String(this.unread);
    more.hidden = !this.nextCursor;
    markAll.disabled = this.unread === 0;
    if (this.items.length === 0) replace(list, h('li', { class: 'empty', i18n: 'ofBellEmpty' }));
    else replace(list, ...this.items.map((n) => this.itemEl(n)));
  }

  private async markRead(body: { ids?: string[]; all?: boolean }): Promise<void> {
    const r = await post<{ unread: number }>('/api/v1/notifications/read', body);
    if (r.ok && typeof r.data?.unread === 'number') this.unread = r.data.unread;
    this.draw();
  }

  private async open(n: NotificationItem): Promise<void> {
    if (!n.readAt) {
      n.readAt = new Date().toISOString();
      await this.markRead({ ids: [n.id] });
    }
    this.setOpen(false);
    if (n.requestId) this.openRequest(n.requestId);
  }

  private async load(cursor: string | null): Promise<void> {
    const r = await get<NotificationPage>(`/api/v1/notifications${qs({ limit: String(PAGE), cursor })}`);
    if (!r.ok || !Array.isArray(r.data?.items)) return;
    this.items = cursor ? [...this.items, ...r.data.items] : r.data.items;
    this.unread = typeof r.data.unread === 'number' ? r.data.unread : this.items.filter((n) => !n.readAt).length;
    this.nextCursor = r.data.nextCursor ?? null;
    this.draw();
  }

  private setOpen(want: boolean): void {
    const { panel, button, markAll } = this.els;
    panel.hidden = !want;
    button.setAttribute('aria-expanded', String(want));
    if (want) (panel.querySelector<HTMLElement>('.of-bell-item') ?? markAll).focus();
  }

  push(item: NotificationItem, unread: number): void {
    if (!this.items.some((n) => n.id === item.id)) this.items = [item, ...this.items];
    this.unread = unread;
    this.draw();
    // The ring: a short shake that the CSS plays while data-ring is set.
    const { button } = this.els;
    button.dataset['ring'] = '1';
    setTimeout(() => delete button.dataset['ring'], 1600);
    notify(notificationTitle(item));
  }

  setUnread(n: number): void {
    if (n === this.unread) return;
    this.unread = n;
    this.draw();
    void this.load(null);
  }

  reload(): Promise<void> {
    return this.load(null);
  }

  toggle(): void {
    this.setOpen(this.els.panel.hidden);
  }
}

export function buildBell(openRequest: (id: string) => void): Bell {
  return new BellView(openRequest);
}
