// Short messages for the person at the screen (a state change failed, a draft was restored, a
// supervisor's action on an operator went through), announced politely by screen readers and gone
// after a few seconds; errors stay longer. Shared by the desk and the wallboard: one region a page.
import { h } from './dom.ts';

const region = h('div', { class: 'notices', testid: 'notices', attrs: { 'aria-live': 'polite' } });

export function noticeRegion(): HTMLElement {
  return region;
}

export function notify(text: string, kind: 'info' | 'error' = 'info'): void {
  const item = h(
    'div',
    { class: `notice notice-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    text,
  );
  const close = h('button', {
    class: 'notice-close',
    text: '×',
    attrs: { type: 'button', 'aria-label': '×' },
    on: { click: () => item.remove() },
  });
  item.append(close);
  while (region.children.length >= 3) region.firstElementChild?.remove();
  region.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 12_000 : 5_000);
}
