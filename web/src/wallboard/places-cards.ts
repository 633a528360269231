// The places page's cards (places-view.ts): one per district, its own row of inputs on top, then a
// row per neighbourhood (renamed or moved to another district) and a row to add one. Each row is a
// form of its own, saved alone; what it does with the answer is the page's (PlaceWrites).
import { h, unifyDigitsOnInput } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { post, type ApiResult } from '../lib/api.ts';
import { changedFields, parsePosition, type PlaceChange } from './places-edit.ts';
import type { DistrictView as District } from '../lib/server-types.ts';

type Neighbourhood = District['neighbourhoods'][number];

export type Message = { kind: 'ok' | 'error'; text: () => string };

/** What a row asks of the page: show a message, send a change, or run any other write. */
export interface PlaceWrites {
  say: (m: Message | null) => void;
  /** PATCH the changed fields (nothing changed: says so instead). */
  send: (form: HTMLElement, path: string, change: PlaceChange) => void;
  write: (
    form: HTMLElement,
    call: Promise<ApiResult<{ nameFa: string; nameEn: string }>>,
    done: StringKey,
    after?: () => void,
  ) => Promise<void>;
}

/** A place's name in the interface language (labels and messages follow the language). */
export const nameOf = (p: { nameFa: string; nameEn: string }) => (getLang() === 'en' ? p.nameEn : p.nameFa);

const nameInput = (testid: string, value: string, label: string, en = false) =>
  h('input', {
    class: 'pl-input',
    testid,
    attrs: { type: 'text', value, 'aria-label': label, dir: en ? 'ltr' : 'rtl', maxlength: 100, required: true },
  });

const saveButton = (testid: string, label: string) =>
  h('button', {
    class: 'btn btn-quiet',
    testid,
    i18n: 'plSave',
    attrs: { type: 'submit', 'aria-label': label },
  });

/** The district's own row: its position in lists, and its names. */
function districtRow(dist: District, w: PlaceWrites): HTMLElement {
  const lab = (k: StringKey) => t('plDistrictLabel', { field: t(k), name: nameOf(dist) });
  const pos = h('input', {
    class: 'pl-input pl-pos',
    testid: 'pl-d-position',
    attrs: {
      type: 'text',
      inputmode: 'numeric',
      value: d(dist.position),
      'aria-label': lab('plPosition'),
      maxlength: 4,
    },
  });
  unifyDigitsOnInput(pos);
  const fa = nameInput('pl-d-fa', dist.nameFa, lab('plNameFa'));
  const en = nameInput('pl-d-en', dist.nameEn, lab('plNameEn'), true);
  const head = h(
    'form',
    { class: 'pl-row pl-district-row' },
    h('span', { class: 'sc-label', i18n: 'plPosition', attrs: { 'aria-hidden': 'true' } }),
    pos,
    fa,
    en,
    saveButton('pl-d-save', lab('plSave')),
  );
  head.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = parsePosition(pos.value);
    if (p === null) return w.say({ kind: 'error', text: () => t('plBadPosition') });
    w.send(
      head,
      `/api/v1/districts/${dist.id}`,
      changedFields(dist, { nameFa: fa.value, nameEn: en.value, position: p }),
    );
  });
  return head;
}

/** A neighbourhood's names and its district (choosing another one moves it there). */
function neighbourhoodRow(n: Neighbourhood, dist: District, all: District[], w: PlaceWrites): HTMLElement {
  const nl = (k: StringKey) => t('plNeighbourhoodLabel', { field: t(k), name: nameOf(n) });
  const nfa = nameInput('pl-n-fa', n.nameFa, nl('plNameFa'));
  const nen = nameInput('pl-n-en', n.nameEn, nl('plNameEn'), true);
  const move = h(
    'select',
    { class: 'pl-move', testid: 'pl-n-district', attrs: { 'aria-label': nl('plMove') } },
    ...all.map((o) =>
      h('option', { attrs: { value: o.id, selected: o.id === dist.id } }, `${d(o.position)}. ${nameOf(o)}`),
    ),
  );
  const row = h(
    'form',
    { class: 'pl-row pl-nb-row', testid: 'pl-nb', attrs: { 'data-neighbourhood': n.id } },
    nfa,
    nen,
    move,
    saveButton('pl-n-save', nl('plSave')),
  );
  row.addEventListener('submit', (e) => {
    e.preventDefault();
    w.send(
      row,
      `/api/v1/neighbourhoods/${n.id}`,
      changedFields({ ...n, districtId: dist.id }, { nameFa: nfa.value, nameEn: nen.value, districtId: move.value }),
    );
  });
  return row;
}

/** The row that adds a neighbourhood to this district. */
function addNeighbourhoodRow(dist: District, w: PlaceWrites): HTMLElement {
  const newLab = (k: StringKey) => t('plNewNeighbourhoodLabel', { field: t(k), district: nameOf(dist) });
  const newFa = nameInput('pl-new-fa', '', newLab('plNameFa'));
  const newEn = nameInput('pl-new-en', '', newLab('plNameEn'), true);
  newFa.placeholder = t('plNameFa');
  newEn.placeholder = t('plNameEn');
  const add = h(
    'form',
    { class: 'pl-row pl-nb-add', testid: 'pl-nb-add' },
    h('span', { class: 'sc-label' }, t('plAddNeighbourhood', { district: nameOf(dist) })),
    newFa,
    newEn,
    h('button', {
      class: 'btn btn-primary',
      testid: 'pl-new-add',
      i18n: 'plAdd',
      attrs: { type: 'submit', 'aria-label': newLab('plAdd') },
    }),
  );
  add.addEventListener('submit', (e) => {
    e.preventDefault();
    void w.write(
      add,
      post(`/api/v1/districts/${dist.id}/neighbourhoods`, { nameFa: newFa.value, nameEn: newEn.value }),
      'plAdded',
    );
  });
  return add;
}

/** One district: its row, its neighbourhoods (under column heads), and the row to add one. */
export function districtCard(dist: District, all: District[], w: PlaceWrites): HTMLElement {
  const head = districtRow(dist, w);
  const rows = dist.neighbourhoods.map((n) => neighbourhoodRow(n, dist, all, w));
  const add = addNeighbourhoodRow(dist, w);
  return h(
    'article',
    { class: 'pl-district', testid: 'pl-district', attrs: { 'data-district': dist.id } },
    head,
    h('h3', { class: 'pl-nb-title' }, t('plNeighbourhoods', { n: dist.neighbourhoods.length })),
    h(
      'div',
      { class: 'pl-nb-head', attrs: { 'aria-hidden': 'true' } },
      h('span', { i18n: 'plNameFa' }),
      h('span', { i18n: 'plNameEn' }),
      h('span', { i18n: 'plMove' }),
      h('span'),
    ),
    ...(rows.length ? rows : [h('p', { class: 'muted', i18n: 'plNoNeighbourhoods' })]),
    add,
  );
}
