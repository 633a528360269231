// District, then neighbourhood: where the problem is (the duplicates check needs the neighbourhood).
import { h, replace } from '../lib/dom.ts';
import { t, getLang, onLangChange } from '../i18n/i18n.ts';
import type { District } from './types.ts';
import { nameOf } from './reference-data.ts';

export interface LocationPicker {
  el: HTMLElement;
  setDistricts: (list: District[]) => void;
  districtId: () => string;
  neighbourhoodId: () => string;
  set: (districtId: string, neighbourhoodId: string) => void;
  onChange: (fn: () => void) => void;
}

export function buildLocationPicker(): LocationPicker {
  let districts: District[] = [];
  let pending: [string, string] | null = null;
  const listeners: Array<() => void> = [];
  const fire = () => listeners.forEach((fn) => fn());

  const district = h('select', { id: 'req-district', testid: 'req-district' });
  const hood = h('select', { id: 'req-neighbourhood', testid: 'req-neighbourhood' });

  const fillHoods = (keep: string) => {
    const dist = districts.find((x) => x.id === district.value);
    hood.disabled = !dist;
    const list = dist?.neighbourhoods ?? [];
    replace(
      hood,
      h('option', { attrs: { value: '' }, text: dist ? t('formChoose') : t('formChooseDistrictFirst') }),
      ...list.map((n) => h('option', { attrs: { value: n.id } }, nameOf(n, getLang()))),
    );
    hood.value = list.some((n) => n.id === keep) ? keep : '';
  };

  const fill = () => {
    const dv = district.value;
    const hv = hood.value;
    replace(
      district,
      h('option', { attrs: { value: '' }, text: t('formChoose') }),
      ...districts.map((x) => h('option', { attrs: { value: x.id } }, nameOf(x, getLang()))),
    );
    district.value = districts.some((x) => x.id === dv) ? dv : '';
    fillHoods(hv);
  };

  const set = (districtId: string, neighbourhoodId: string) => {
    if (districtId && !districts.some((x) => x.id === districtId)) {
      pending = [districtId, neighbourhoodId];
      return;
    }
    pending = null;
    district.value = districtId;
    fillHoods(neighbourhoodId);
  };

  district.addEventListener('change', () => {
    fillHoods('');
    fire();
  });
  hood.addEventListener('change', fire);
  onLangChange(fill);
  fill();

  const el = h(
    'div',
    { class: 'row-2' },
    h('div', { class: 'field' }, h('label', { i18n: 'formDistrict', attrs: { for: 'req-district' } }), district),
    h('div', { class: 'field' }, h('label', { i18n: 'formNeighbourhood', attrs: { for: 'req-neighbourhood' } }), hood),
  );

  return {
    el,
    setDistricts: (list) => {
      districts = list;
      fill();
      if (pending) set(...pending);
    },
    districtId: () => district.value,
    neighbourhoodId: () => hood.value,
    set,
    onChange: (fn) => {
      listeners.push(fn);
    },
  };
}
