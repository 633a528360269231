// One panel of the analytics page: a titled section with its download links, a body the panel
// draws, and a line saying when it is loading, empty, failed or not on this server (a route that
// answers 404 is a part not installed yet: said, not an error).
import { h, replace } from '../../lib/dom.ts';
import { get, qs } from '../../lib/api.ts';
import { t } from '../../i18n/i18n.ts';
import { errorText } from '../../lib/error-text.ts';

export type Loaded<T> = { state: 'ok'; data: T } | { state: 'missing' } | { state: 'failed'; message: string };

/** GET /api/v1/analytics/<path>?query. */
export async function loadAnalytics<T>(path: string, query: Record<string, string>): Promise<Loaded<T>> {
  const r = await get<T>(`/api/v1/analytics/${path}${qs(query)}`);
  if (r.ok) return { state: 'ok', data: r.data };
  if (r.status === 404) return { state: 'missing' };
  return { state: 'failed', message: errorText(r.status, r.error) };
}

export interface Panel {
  el: HTMLElement;
  title: HTMLElement;
  body: HTMLElement;
  links: HTMLElement;
  /** Says the panel's state; 'ok' clears the line. */
  say: (state: 'loading' | 'empty' | 'missing' | 'ok' | { failed: string }) => void;
}

export function buildPanel(name: string, wide = false): Panel {
  const title = h('h3', { class: 'an-panel-title', testid: `an-${name}-title` });
  const links = h('div', { class: 'an-links', testid: `an-${name}-links` });
  const body = h('div', { class: 'an-panel-body', testid: `an-${name}-body` });
  const status = h('p', { class: 'empty an-panel-status', testid: `an-${name}-status`, attrs: { role: 'status' } });
  const el = h(
    'section',
    { class: `an-panel${wide ? ' an-wide' : ''}`, testid: `an-${name}`, attrs: { 'data-state': 'loading' } },
    h('div', { class: 'an-panel-head' }, title, links),
    status,
    body,
  );
  const say: Panel['say'] = (state) => {
    const key = typeof state === 'object' ? 'failed' : state;
    el.dataset['state'] = key;
    status.hidden = key === 'ok';
    if (typeof state === 'object') status.textContent = t('ofLoadFailed', { message: state.failed });
    else if (state === 'loading') status.textContent = t('anLoading');
    else if (state === 'empty') status.textContent = t('anEmpty');
    else if (state === 'missing') status.textContent = t('anUnavailable');
    if (key === 'missing' || key === 'failed') replace(body);
  };
  return { el, title, body, links, say };
}

/** Draws a loaded answer into the panel, or says why there is none. */
export function show<T>(p: Panel, r: Loaded<T>, draw: (data: T) => boolean): void {
  if (r.state === 'missing') return p.say('missing');
  if (r.state === 'failed') return p.say({ failed: r.message });
  p.say(draw(r.data) ? 'ok' : 'empty');
}
