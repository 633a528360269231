// One request's page: what it is and where, the citizen's words, photos, referrals and history on
// one side; on the other what this user may do with it now. Reloaded when the server says it
// changed (someone else acted on it), keeping an open form as it is.
import { h, replace } from '../lib/dom.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import { get } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { buildActions, type ActionsPanel } from './request-actions.ts';
import {
  historyPanel,
  photosPanel,
  placePanel,
  referralsPanel,
  requestHead,
  summaryPanel,
  wordsPanel,
} from './request-sections.ts';
import { reference, type Reference } from './reference.ts';
import type { LegendEntry, OfficeContext, View } from './view.ts';
import type { InboxChanged, RequestDetail } from './types.ts';

function buildTop(back: () => void): { top: HTMLElement; head: HTMLElement } {
  const button = h(
    'button',
    {
      class: 'btn btn-quiet btn-small',
      testid: 'req-back',
      attrs: { type: 'button', 'aria-keyshortcuts': 'Escape' },
      on: { click: back },
    },
    h('span', { i18n: 'ofBack' }),
    ' ',
    h('kbd', {}, 'Esc'),
  );
  const head = h('div', { class: 'of-req-head' });
  return { top: h('div', { class: 'of-req-top' }, button, head), head };
}

/** One request's page: the detail loaded, and the actions panel (kept while a form is open). */
class RequestPage implements View {
  readonly el: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private detail: RequestDetail | null = null;
  private ref: Reference | null = null;
  private actions: ActionsPanel | null = null;
  private seq = 0;
  private readonly offLang: () => void;
  private readonly tick: ReturnType<typeof setInterval>;

  constructor(
    private readonly id: string,
    private readonly ctx: OfficeContext,
  ) {
    const { top, head } = buildTop(ctx.back);
    this.head = head;
    this.body = h('div', { class: 'of-req-body' }, h('p', { class: 'empty', i18n: 'ofLoading' }));
    this.el = h(
      'section',
      { class: 'of-page of-request', testid: 'request-page', attrs: { 'data-request-id': id } },
      top,
      this.body,
    );
    this.offLang = onLangChange(() => {
      if (!this.actions?.formOpen()) this.actions = null;
      this.draw();
    });
    this.tick = setInterval(() => {
      if (!this.actions?.formOpen()) this.draw();
    }, 30_000);
    void this.load();
  }

  private draw(): void {
    const r = this.detail;
    if (!r) return;
    const now = Date.now();
    // A form being filled stays as it is across a redraw (someone else's change, a language switch).
    if (!this.actions) this.actions = buildActions(r, this.ctx.user, () => void this.load());
    this.el.dataset['status'] = r.status;
    replace(this.head, requestHead(r, now));
    replace(
      this.body,
      h(
        'div',
        { class: 'of-req-main' },
        summaryPanel(r, now),
        wordsPanel(r),
        placePanel(r),
        photosPanel(r),
        historyPanel(r, this.ref),
      ),
      h('aside', { class: 'of-req-side' }, this.actions.el, referralsPanel(r, now)),
    );
    this.ctx.legendChanged();
  }

  private async load(): Promise<void> {
    const mine = ++this.seq;
    const [r, ref] = await Promise.all([get<RequestDetail>(`/api/v1/requests/${this.id}`), reference()]);
    if (mine !== this.seq) return;
    this.ref = ref;
    if (!r.ok) {
      const text =
        r.status === 404 ? t('ofRequestNotFound') : t('ofLoadFailed', { message: errorText(r.status, r.error) });
      replace(this.body, h('p', { class: 'form-error', testid: 'request-error', attrs: { role: 'alert' } }, text));
      return;
    }
    const first = this.detail === null;
    this.detail = r.data;
    if (!this.actions?.formOpen()) this.actions = null;
    this.draw();
    document.title = `${t('ofTitle')} · ${r.data.trackingCode}`;
    if (first) this.el.querySelector<HTMLElement>('.of-action-buttons .btn')?.focus({ preventScroll: true });
  }

  changed(e: InboxChanged | null): void {
    if (!e || e.requestId === this.id) void this.load();
  }

  key(e: KeyboardEvent): boolean {
    if (e.key === 'Escape') {
      if (this.actions?.formOpen()) this.actions.closeForm();
      else this.ctx.back();
      return true;
    }
    return e.key.length === 1 ? (this.actions?.key(e.key) ?? false) : false;
  }

  legend(): LegendEntry[] {
    return [['Esc', 'ofKeyBack'], ...(this.actions?.legend() ?? [])];
  }

  dispose(): void {
    this.offLang();
    clearInterval(this.tick);
  }
}

export function buildRequestPage(id: string, ctx: OfficeContext): View {
  return new RequestPage(id, ctx);
}
