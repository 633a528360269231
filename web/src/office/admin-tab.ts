// The admins' tab: the admin screens (admin/admin-view.ts) mounted once into the page and kept,
// so that a half-filled admin form survives a look at a request.
import { h } from '../lib/dom.ts';
import { mountAdmin } from './admin/admin-view.ts';
import type { View } from './view.ts';

export function buildAdminTab(): View {
  const el = h('section', { class: 'of-page of-admin', testid: 'admin' });
  const unmount = mountAdmin(el);
  return {
    el,
    legend: () => [],
    dispose: unmount,
  };
}
