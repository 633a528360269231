// Change a request's status from the desk, as the operator's role allows: the server says which
// next statuses this user may choose (RequestDetail.allowedNext), so the desk never offers a
// transition the server would refuse. A note goes with it (required for early closing).
import { h, replace, uid } from '../lib/dom.ts';
import { t } from '../i18n/i18n.ts';
import { get, post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import type { RequestDetail } from '../lib/server-types.ts';
import type { PastRequest } from './types.ts';
import { statusLabel } from './request-status.ts';

/** Folded away under the card; the choices are read when it is opened (they depend on the status now). */
export function statusForm(r: PastRequest, onChanged: (form: HTMLElement) => void): HTMLElement {
  const id = uid('status');
  const select = h('select', { id, testid: 'status-next' }) as HTMLSelectElement;
  const note = h('textarea', {
    class: 'note-text',
    testid: 'status-note',
    attrs: { rows: 2, maxlength: 2000, dir: 'auto' },
  });
  const info = h('p', { class: 'note-status', attrs: { role: 'status' } });
  const btn = h('button', {
    class: 'btn btn-small',
    testid: 'status-change',
    i18n: 'statusChange',
    attrs: { type: 'submit' },
  });
  const form = h(
    'form',
    { class: 'note-form' },
    h('label', { attrs: { for: id }, i18n: 'statusNextLabel' }),
    select,
    h('label', { i18n: 'statusNoteLabel' }, note),
    h('div', { class: 'note-actions' }, btn, info),
  );
  const details = h(
    'details',
    { class: 'note' },
    h('summary', { i18n: 'statusToggle', testid: 'status-toggle' }),
    form,
  );

  const load = async () => {
    info.textContent = '';
    const res = await get<RequestDetail>(`/api/v1/requests/${encodeURIComponent(r.id)}`);
    const next = res.ok ? res.data.allowedNext : [];
    replace(select, ...next.map((s) => h('option', { attrs: { value: s }, text: statusLabel(s) })));
    btn.disabled = next.length === 0;
    if (!res.ok) info.textContent = t('statusFailed', { message: errorText(res.status, res.error) });
    else if (next.length === 0) info.textContent = t('statusNone');
  };
  details.addEventListener('toggle', () => {
    if ((details as HTMLDetailsElement).open) void load();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!select.value) return;
    btn.disabled = true;
    const text = (note as HTMLTextAreaElement).value.trim();
    const res = await post(`/api/v1/requests/${encodeURIComponent(r.id)}/status`, {
      status: select.value,
      ...(text ? { note: text } : {}),
    });
    btn.disabled = false;
    if (res.ok) {
      (note as HTMLTextAreaElement).value = '';
      info.textContent = t('statusChanged', { status: statusLabel(select.value) });
      onChanged(form);
      void load();
    } else {
      info.textContent = t('statusFailed', { message: errorText(res.status, res.error) });
    }
  });
  return details;
}
