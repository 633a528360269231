// A supervisor's action on many requests at once (the ticked rows of the worklist): refer them to
// a unit, or give them more time. Each request goes through on its own; the answer says how many
// did and why the others did not.
import { h, replace } from '../lib/dom.ts';
import { d, onLangChange, t } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';
import { field, numberInput, readNumber, textArea } from './action-form.ts';
import { fillUnits } from './pickers.ts';
import { reference } from './reference.ts';
import type { BulkResult } from './types.ts';

export interface BulkBar {
  el: HTMLElement;
  setSelected: (ids: string[]) => void;
}

export const BULK_MAX = 200;

function failureText(r: BulkResult['results'][number]): string {
  return errorText(400, { code: r.error ?? '', message: r.message ?? r.error ?? '' });
}

function bulkEls() {
  const unit = h('select', { testid: 'bulk-unit' });
  return {
    count: h('strong', { testid: 'bulk-count' }),
    action: h('select', { testid: 'bulk-action' }),
    unit,
    hours: numberInput('bulk-hours'),
    note: textArea('ofBulkNote', 'bulk-note', false, 1),
    result: h('div', { class: 'of-bulk-result', testid: 'bulk-result', attrs: { role: 'status' } }),
    submit: h('button', { class: 'btn btn-primary', testid: 'bulk-apply', i18n: 'ofApply', attrs: { type: 'submit' } }),
    unitField: field('ofReferUnit', unit),
  };
}

/** `codeOf` names a request by its tracking code (the list knows them) in what did not go through. */
export function buildBulkBar(done: () => void, codeOf: (id: string) => string): BulkBar {
  let ids: string[] = [];
  const { count, action, unit, hours, note, result, submit, unitField } = bulkEls();
  const fill = () => {
    const v = action.value || 'refer';
    replace(
      action,
      h('option', { attrs: { value: 'refer' } }, t('ofBulkRefer')),
      h('option', { attrs: { value: 'extend' } }, t('ofBulkExtend')),
    );
    action.value = v;
    void reference().then((ref) => fillUnits(unit, ref, t('formChoose')));
    count.textContent = t('ofSelectedN', { n: ids.length });
  };
  const sync = () => {
    unitField.hidden = action.value !== 'refer';
  };
  action.addEventListener('change', sync);

  const el = h(
    'form',
    { class: 'of-bulk', testid: 'bulk-bar', attrs: { hidden: true, novalidate: true } },
    count,
    field('ofBulkAction', action),
    unitField,
    field('ofBulkHours', hours),
    field('ofBulkNote', note),
    submit,
    result,
  );
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void apply();
  });

  const apply = async () => {
    const isRefer = action.value === 'refer';
    const n = hours.value.trim() ? readNumber(hours, 1, isRefer ? 2160 : 720) : undefined;
    if (isRefer && !unit.value) return void (result.textContent = t('ofReferNeedUnit'));
    if (n === null || (!isRefer && n === undefined))
      return void (result.textContent = t('ofBadHours', { max: isRefer ? 2160 : 720 }));
    submit.disabled = true;
    result.textContent = t('ofBulkSending', { n: ids.length });
    const r = await post<BulkResult>('/api/v1/requests/bulk', {
      ids,
      action: action.value,
      ...(isRefer ? { unitId: Number(unit.value) } : {}),
      ...(n ? { hours: n } : {}),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
    });
    submit.disabled = false;
    if (!r.ok) return void (result.textContent = t('ofActionFailed', { message: errorText(r.status, r.error) }));
    const ok = r.data.results.filter((x) => x.ok).length;
    const failed = r.data.results.filter((x) => !x.ok);
    replace(
      result,
      h('span', {}, t('ofBulkDone', { ok, failed: failed.length })),
      ...failed.slice(0, 5).map((f) => h('div', { class: 'muted' }, `${d(codeOf(f.id))}: ${failureText(f)}`)),
    );
    notify(t('ofBulkDone', { ok, failed: failed.length }), failed.length ? 'error' : 'info');
    done();
  };

  onLangChange(fill);
  fill();
  sync();
  return {
    el,
    setSelected: (next) => {
      ids = next;
      el.hidden = ids.length === 0;
      count.textContent = t('ofSelectedN', { n: ids.length });
      if (ids.length > BULK_MAX) result.textContent = t('ofBulkTooMany', { max: BULK_MAX });
      submit.disabled = ids.length === 0 || ids.length > BULK_MAX;
    },
  };
}
