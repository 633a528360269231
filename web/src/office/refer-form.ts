// Refer a request (again) to a unit: the unit from the tree, the deadline in hours (empty: the
// category's own), and a note for the unit. The request's current unit is not offered as "again".
import { h } from '../lib/dom.ts';
import { t } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';
import { actionForm, field, numberInput, readNumber, textArea } from './action-form.ts';
import { fillUnits } from './pickers.ts';
import { reference } from './reference.ts';
import type { RequestDetail } from './types.ts';

export function buildReferForm(r: RequestDetail, close: () => void, after: () => void): HTMLFormElement {
  const unit = h('select', { testid: 'refer-unit' });
  const hours = numberInput('refer-hours');
  const note = textArea('ofReferNote', 'refer-note', false, 2);
  void reference().then((ref) => {
    fillUnits(unit, ref, t('formChoose'));
    // The unit it is with now is no answer to "refer again".
    const now = r.referral?.unitId;
    if (now) unit.querySelector<HTMLOptionElement>(`option[value="${now}"]`)?.setAttribute('disabled', '');
  });
  return actionForm({
    title: r.referral ? 'ofActReRefer' : 'ofActRefer',
    testid: 'form-refer',
    fields: [
      field('ofReferUnit', unit),
      field('ofReferHours', hours, t('ofReferHoursHint')),
      field('ofReferNote', note),
    ],
    submit: r.referral ? 'ofActReRefer' : 'ofActRefer',
    cancel: close,
    send: async () => {
      if (!unit.value) return t('ofReferNeedUnit');
      const n = hours.value.trim() ? readNumber(hours, 1, 2160) : undefined;
      if (n === null) return t('ofBadHours', { max: 2160 });
      const body = {
        unitId: Number(unit.value),
        ...(n ? { deadlineHours: n } : {}),
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      };
      const res = await post(`/api/v1/requests/${r.id}/referrals`, body);
      if (!res.ok) return errorText(res.status, res.error);
      notify(t('ofReferSaved'));
      after();
      return null;
    },
  });
}
