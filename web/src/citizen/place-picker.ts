// Where the problem is: a district and its neighbourhood from the city's lists (the unit is routed
// by it), or a point from the phone's location or typed (a person then places it). No map tiles:
// the page loads nothing from outside the city's server.
import { normalizeDigits } from '../lib/digits.ts';
import { h, tx } from './dom.ts';
import { d, lang, localDigitsField, onLang, t } from './i18n.ts';

export interface PublicDistrict {
  id: string;
  nameFa: string;
  nameEn: string;
  neighbourhoods: Array<{ id: string; nameFa: string; nameEn: string }>;
}

export type Place = { neighbourhoodId: number } | { lat: number; lng: number } | null;

const nameOf = (x: { nameFa: string; nameEn: string }) => (lang() === 'fa' ? x.nameFa : x.nameEn);

function fillSelect(sel: HTMLSelectElement, items: Array<{ id: string; nameFa: string; nameEn: string }>): void {
  const keep = sel.value;
  sel.replaceChildren(
    h('option', { value: '' }, t('choose')),
    ...items.map((x) => h('option', { value: x.id }, nameOf(x))),
  );
  sel.value = items.some((x) => x.id === keep) ? keep : '';
}

function coordInput(id: string, key: 'lat' | 'lng') {
  const input = localDigitsField(
    h('input', { id, type: 'text', inputmode: 'decimal', dir: 'ltr', autocomplete: 'off' }),
  );
  return h('div', { class: 'field small' }, tx('label', key, { for: id }), input);
}

/** The phone's own position into the two fields (the browser asks the citizen first). */
function locateInto(lat: HTMLInputElement, lng: HTMLInputElement, status: HTMLElement): void {
  status.textContent = t('locating');
  if (!navigator.geolocation) return void (status.textContent = t('locationFailed'));
  navigator.geolocation.getCurrentPosition(
    (p) => {
      lat.value = d(p.coords.latitude.toFixed(6));
      lng.value = d(p.coords.longitude.toFixed(6));
      status.textContent = `${lat.value}، ${lng.value}`;
    },
    () => (status.textContent = t('locationFailed')),
    { enableHighAccuracy: true, timeout: 15_000 },
  );
}

export function placePicker(districts: PublicDistrict[]) {
  let mode: 'hood' | 'point' = 'hood';
  const modeHood = h('input', { type: 'radio', name: 'place-mode', id: 'place-hood', value: 'hood', checked: true });
  const modePoint = h('input', { type: 'radio', name: 'place-mode', id: 'place-point', value: 'point' });
  const district = h('select', { id: 'district' });
  const hood = h('select', { id: 'neighbourhood' });
  const latBox = coordInput('lat', 'lat');
  const lngBox = coordInput('lng', 'lng');
  const lat = latBox.querySelector('input')!;
  const lng = lngBox.querySelector('input')!;
  const locate = tx('button', 'useLocation', { type: 'button', class: 'secondary' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const hoodPane = h(
    'div',
    { class: 'pane' },
    h('div', { class: 'field' }, tx('label', 'district', { for: 'district' }), district),
    h('div', { class: 'field' }, tx('label', 'neighbourhood', { for: 'neighbourhood' }), hood),
  );
  const pointPane = h(
    'div',
    { class: 'pane', hidden: true },
    locate,
    status,
    h('div', { class: 'row' }, latBox, lngBox),
  );
  const el = h(
    'fieldset',
    { class: 'place' },
    tx('legend', 'place'),
    h(
      'div',
      { class: 'segmented' },
      h('label', { for: 'place-hood' }, modeHood, tx('span', 'placeHood')),
      h('label', { for: 'place-point' }, modePoint, tx('span', 'placePoint')),
    ),
    hoodPane,
    pointPane,
  );

  const hoodsOf = () => districts.find((x) => x.id === district.value)?.neighbourhoods ?? [];
  const render = () => {
    fillSelect(district, districts);
    fillSelect(hood, hoodsOf());
    hood.disabled = !district.value;
  };
  district.addEventListener('change', () => {
    hood.value = '';
    render();
  });
  for (const r of [modeHood, modePoint])
    r.addEventListener('change', () => {
      mode = modePoint.checked ? 'point' : 'hood';
      hoodPane.hidden = mode !== 'hood';
      pointPane.hidden = mode !== 'point';
    });
  locate.addEventListener('click', () => locateInto(lat, lng, status));
  onLang(render);
  render();

  function value(): Place {
    if (mode === 'hood') return hood.value ? { neighbourhoodId: Number(hood.value) } : null;
    const a = Number(normalizeDigits(lat.value.trim()).replace('٫', '.'));
    const b = Number(normalizeDigits(lng.value.trim()).replace('٫', '.'));
    if (!lat.value.trim() || !lng.value.trim() || !Number.isFinite(a) || !Number.isFinite(b)) return null;
    if (Math.abs(a) > 90 || Math.abs(b) > 180) return null;
    return { lat: a, lng: b };
  }
  return { el, value };
}
