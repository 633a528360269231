// The admins' places page (?view=places): the city's districts, each with its neighbourhoods, as
// rows of inputs saved one at a time through the admin-only taxonomy API (each write audited on
// the server). After every write the list is read again, so what is shown is what operators get.
import { h, replace } from '../lib/dom.ts';
import { t, type StringKey } from '../i18n/i18n.ts';
import { get, patch, post, type ApiResult } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import type { PlaceChange } from './places-edit.ts';
import { districtCard, nameOf, type Message, type PlaceWrites } from './places-cards.ts';

/** GET /api/v1/districts: the server's own shape (type-only). */
import type { DistrictView as District } from '../lib/server-types.ts';

interface PageEls {
  el: HTMLElement;
  msg: HTMLElement;
  list: HTMLElement;
  addForm: HTMLFormElement;
  addFa: HTMLInputElement;
  addEn: HTMLInputElement;
}

/** The page: its title, the form that adds a district, the message line, and the list of cards. */
function buildPage(): PageEls {
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
  return { el, msg, list, addForm, addFa, addEn };
}

function showMessage(msg: HTMLElement, m: Message | null): void {
  msg.textContent = m ? m.text() : '';
  msg.dataset['kind'] = m?.kind ?? '';
  // A refusal interrupts (the admin must fix the row); a success is announced politely.
  msg.setAttribute('role', m?.kind === 'error' ? 'alert' : 'status');
}

/** Waits for a row's write with the row's controls disabled, so that it cannot be sent twice. */
async function whileDisabled<T>(form: HTMLElement, call: Promise<T>): Promise<T> {
  const controls = [
    ...form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('input, button, select'),
  ];
  for (const c of controls) c.disabled = true;
  const r = await call;
  for (const c of controls) c.disabled = false;
  return r;
}

export function buildPlacesView(): { el: HTMLElement; show: () => void; render: () => void } {
  let districts: District[] | null = null;
  let loadError: (() => string) | null = null;
  let message: Message | null = null;

  const { el, msg, list, addForm, addFa, addEn } = buildPage();
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void write(
      addForm,
      post<District>('/api/v1/districts', { nameFa: addFa.value, nameEn: addEn.value }),
      'plAdded',
      () => addForm.reset(),
    );
  });

  function say(m: Message | null): void {
    message = m;
    showMessage(msg, m);
  }

  /** One write: the form is disabled meanwhile; success reloads the list and names what changed. */
  async function write(
    form: HTMLElement,
    call: Promise<ApiResult<{ nameFa: string; nameEn: string }>>,
    done: StringKey,
    after?: () => void,
  ): Promise<void> {
    const r = await whileDisabled(form, call);
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
  const writes: PlaceWrites = { say, send, write };

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
    replace(list, ...all.map((x) => districtCard(x, all, writes)));
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
