// The admins' places page (?view=places): the city's districts, each with its neighbourhoods, as
// rows of inputs saved one at a time through the admin-only taxonomy API (each write audited on
// the server). After every write the list is read again, so what is shown is what operators get.
import { h, replace, unifyDigitsOnInput } from '../lib/dom.ts';
import { d, getLang, t, type StringKey } from '../i18n/i18n.ts';
import { get, patch, post, type ApiResult } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { changedFields, parsePosition, type PlaceChange } from './places-edit.ts';

/** GET /api/v1/districts: the server's own shape (type-only). */
import type { DistrictView as District } from '../lib/server-types.ts';
type Neighbourhood = District['neighbourhoods'][number];

type Message = { kind: 'ok' | 'error'; text: () => string };

/** A place's name in the interface language (labels and messages follow the language). */
const nameOf = (p: { nameFa: string; nameEn: string }) => (getLang() === 'en' ? p.nameEn : p.nameFa);

const nameInput = (testid: string, value: string, label: string, en = false) =>
  h('input', {
    class: 'pl-input',
    testid,
    attrs: { type: 'text', value, 'aria-label': label, dir: en ? 'ltr' : 'rtl', maxlength: 100, required: true },
  });

export function buildPlacesView(): { el: HTMLElement; show: () => void; render: () => void } {
  let districts: District[] | null = null;
  let loadError: (() => string) | null = null;
  let message: Message | null = null;

  const msg = h('p', { class: 'pl-message', testid: 'pl-message', attrs: { role: 'status', 'aria-live': 'polite' } });
  const list = h('div', { class: 'pl-list', testid: 'pl-list' });
  const addFa = h('input', {
    id: 'pl-add-fa',
    class: 'pl-input',
    testid: 'pl-add-fa',
    attrs: { type: 'text', dir: 'rtl', maxlength: 100, required: true },
  });
  const addEn = h('input', {
    id: 'pl-add-en',
    class: 'pl-input',
    testid: 'pl-add-en',
    attrs: { type: 'text', dir: 'ltr', maxlength: 100, required: true },
  });
  const addForm = h(
    'form',
    { class: 'pl-add', testid: 'pl-add-district', attrs: { 'aria-labelledby': 'pl-add-title' } },
    h('h3', { id: 'pl-add-title', class: 'pl-add-title', i18n: 'plAddDistrict' }),
    h('label', { class: 'sc-label', i18n: 'plNameFa', attrs: { for: 'pl-add-fa' } }),
    addFa,
    h('label', { class: 'sc-label', i18n: 'plNameEn', attrs: { for: 'pl-add-en' } }),
    addEn,
    h('button', { class: 'btn btn-primary', testid: 'pl-add-submit', i18n: 'plAdd', attrs: { type: 'submit' } }),
  );
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void write(
      addForm,
      post<District>('/api/v1/districts', { nameFa: addFa.value, nameEn: addEn.value }),
      'plAdded',
      () => addForm.reset(),
    );
  });
  const el = h(
    'section',
    { class: 'wb-panel pl-page', testid: 'places', attrs: { 'aria-labelledby': 'pl-title', hidden: true } },
    h(
      'div',
      { class: 'wb-panel-head' },
      h('h2', { id: 'pl-title', i18n: 'plTitle' }),
      h('p', { class: 'muted pl-intro', i18n: 'plIntro' }),
    ),
    addForm,
    msg,
    list,
  );

  function say(m: Message | null): void {
    message = m;
    msg.textContent = m ? m.text() : '';
    msg.dataset['kind'] = m?.kind ?? '';
    // A refusal interrupts (the admin must fix the row); a success is announced politely.
    msg.setAttribute('role', m?.kind === 'error' ? 'alert' : 'status');
  }

  /** One write: the form is disabled meanwhile; success reloads the list and names what changed. */
  async function write(
    form: HTMLElement,
    call: Promise<ApiResult<{ nameFa: string; nameEn: string }>>,
    done: StringKey,
    after?: () => void,
  ): Promise<void> {
    const controls = [
      ...form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('input, button, select'),
    ];
    for (const c of controls) c.disabled = true;
    const r = await call;
    for (const c of controls) c.disabled = false;
    if (!r.ok) {
      const { status, error } = r;
      say({ kind: 'error', text: () => errorText(status, error) });
      return;
    }
    after?.();
    const saved = r.data;
    await load();
    say({ kind: 'ok', text: () => t(done, { name: nameOf(saved) }) });
  }

  function send(form: HTMLElement, path: string, change: PlaceChange): void {
    if (Object.keys(change).length === 0) return say({ kind: 'error', text: () => t('plNothingChanged') });
    void write(form, patch(path, change), 'plSaved');
  }

  function districtCard(dist: District, all: District[]): HTMLElement {
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
      h('button', {
        class: 'btn btn-quiet',
        testid: 'pl-d-save',
        i18n: 'plSave',
        attrs: { type: 'submit', 'aria-label': lab('plSave') },
      }),
    );
    head.addEventListener('submit', (e) => {
      e.preventDefault();
      const p = parsePosition(pos.value);
      if (p === null) return say({ kind: 'error', text: () => t('plBadPosition') });
      send(
        head,
        `/api/v1/districts/${dist.id}`,
        changedFields(dist, { nameFa: fa.value, nameEn: en.value, position: p }),
      );
    });

    const rows = dist.neighbourhoods.map((n) => {
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
        h('button', {
          class: 'btn btn-quiet',
          testid: 'pl-n-save',
          i18n: 'plSave',
          attrs: { type: 'submit', 'aria-label': nl('plSave') },
        }),
      );
      row.addEventListener('submit', (e) => {
        e.preventDefault();
        send(
          row,
          `/api/v1/neighbourhoods/${n.id}`,
          changedFields(
            { ...n, districtId: dist.id },
            { nameFa: nfa.value, nameEn: nen.value, districtId: move.value },
          ),
        );
      });
      return row;
    });

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
      void write(
        add,
        post(`/api/v1/districts/${dist.id}/neighbourhoods`, { nameFa: newFa.value, nameEn: newEn.value }),
        'plAdded',
      );
    });

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

  async function load(): Promise<void> {
    const r = await get<District[]>('/api/v1/districts');
    if (r.ok && Array.isArray(r.data)) {
      districts = r.data;
      loadError = null;
    } else if (!r.ok) {
      const { status, error } = r;
      loadError = () => errorText(status, error);
    }
    render();
  }

  function render(): void {
    if (message) say(message);
    if (loadError !== null)
      return replace(
        list,
        h('p', { class: 'wb-empty', attrs: { role: 'alert' } }, t('plLoadError', { message: loadError() })),
      );
    if (!districts) return replace(list, h('p', { class: 'wb-empty muted', i18n: 'plLoading' }));
    const all = districts;
    replace(list, ...all.map((x) => districtCard(x, all)));
  }

  return {
    el,
    show() {
      say(null);
      void load();
    },
    render,
  };
}
