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

interface StatusEls {
  details: HTMLDetailsElement;
  form: HTMLFormElement;
  select: HTMLSelectElement;
  note: HTMLTextAreaElement;
  info: HTMLElement;
  btn: HTMLButtonElement;
}

function buildEls(): StatusEls {
  const selectId = uid('status');
  const noteId = uid('status-note');
  const select = h('select', { id: selectId, testid: 'status-next' });
  const note = h('textarea', {
    id: noteId,
    class: 'note-text',
    testid: 'status-note',
    attrs: { rows: 2, maxlength: 2000, dir: 'auto' },
  });
  const info = h('p', { class: 'note-status', testid: 'status-info', attrs: { role: 'status' } });
  const btn = h('button', {
    class: 'btn btn-small',
    testid: 'status-change',
    i18n: 'statusChange',
    attrs: { type: 'submit' },
  });
  // Each label names its field by `for`, never by wrapping it: a label with data-i18n gets its whole
  // text replaced on a language switch, which would take a wrapped textarea with it.
  const form = h(
    'form',
    { class: 'note-form' },
    h('label', { attrs: { for: selectId }, i18n: 'statusNextLabel' }),
    select,
    h('label', { attrs: { for: noteId }, i18n: 'statusNoteLabel' }),
    note,
    h('div', { class: 'note-actions' }, btn, info),
  );
  const details = h(
    'details',
    { class: 'note', testid: 'status-form' },
    h('summary', { i18n: 'statusToggle', testid: 'status-toggle' }),
    form,
  );
  return { details, form, select, note, info, btn };
}

/** Folded away under the card; the choices are read when it is opened (they depend on the status now). */
export function statusForm(r: PastRequest, onChanged: (form: HTMLElement) => void): HTMLElement {
  const { details, form, select, note, info, btn } = buildEls();
  let seq = 0;
  let sending = false;

  /** The choices as the server gives them now; `said` is kept in the status line (what just happened). */
  const load = async (said = '') => {
    const mine = ++seq;
    info.textContent = said;
    btn.disabled = true;
    const res = await get<RequestDetail>(`/api/v1/requests/${encodeURIComponent(r.id)}`);
    if (mine !== seq) return;
    const next = res.ok && Array.isArray(res.data.allowedNext) ? res.data.allowedNext : [];
    replace(select, ...next.map((s) => h('option', { attrs: { value: s }, text: statusLabel(s) })));
    btn.disabled = next.length === 0 || sending;
    if (!res.ok) info.textContent = t('statusFailed', { message: errorText(res.status, res.error) });
    else if (next.length === 0) info.textContent = said ? `${said} ${t('statusNone')}` : t('statusNone');
  };
  details.addEventListener('toggle', () => {
    if (details.open) void load();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = select.value;
    if (!status || sending) return;
    sending = true;
    btn.disabled = true;
    const text = note.value.trim();
    const res = await post(`/api/v1/requests/${encodeURIComponent(r.id)}/status`, {
      status,
      ...(text ? { note: text } : {}),
    });
    sending = false;
    if (res.ok) {
      note.value = '';
      // The card is drawn again around this form: it shows the new status and the follow-up.
      onChanged(form);
      await load(t('statusChanged', { status: statusLabel(status) }));
    } else {
      btn.disabled = false;
      info.textContent = t('statusFailed', { message: errorText(res.status, res.error) });
      note.focus();
    }
  });
  return details;
}
