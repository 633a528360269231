// The request form's elements and layout, apart from what they do (request-form-controller.ts):
// built once per page, never rebuilt by socket events, so nothing the operator typed is lost.
import { h, unifyDigitsOnInput } from '../lib/dom.ts';
import { DESCRIPTION_MAX } from './request-body.ts';
import { buildCategoryPicker, type CategoryPicker } from './category-picker.ts';
import { buildLocationPicker, type LocationPicker } from './location-picker.ts';

export interface FormFields {
  form: HTMLFormElement;
  cats: CategoryPicker;
  loc: LocationPicker;
  phone: HTMLInputElement;
  address: HTMLInputElement;
  point: HTMLInputElement;
  pointError: HTMLElement;
  description: HTMLTextAreaElement;
  counter: HTMLElement;
  hazard: HTMLInputElement;
  /** "For caller: …" in the form's head. */
  forLine: HTMLElement;
  error: HTMLElement;
  submitBtn: HTMLButtonElement;
  clearBtn: HTMLButtonElement;
}

type Inputs = Pick<FormFields, 'phone' | 'address' | 'point' | 'pointError' | 'description' | 'counter' | 'hazard'>;

/** The typed fields. Phone and point are digits and stay left-to-right in either language. */
function buildInputs(): Inputs {
  const phone = h('input', {
    id: 'req-phone',
    testid: 'req-phone',
    attrs: { type: 'tel', inputmode: 'tel', dir: 'ltr', autocomplete: 'off', 'aria-describedby': 'req-phone-hint' },
  });
  unifyDigitsOnInput(phone);
  // dir=auto: an address or description follows the script it is written in, whatever the UI language.
  const address = h('input', {
    id: 'req-address',
    testid: 'req-address',
    attrs: { type: 'text', autocomplete: 'off', dir: 'auto' },
  });
  address.setAttribute('data-i18n-placeholder', 'formAddressHint');
  // The map point: typed or pasted as "lat, lng" (no map tiles are reachable from the centre).
  const point = h('input', {
    id: 'req-point',
    testid: 'req-point',
    attrs: {
      type: 'text',
      inputmode: 'decimal',
      dir: 'ltr',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': 'req-point-error',
    },
  });
  point.setAttribute('data-i18n-placeholder', 'formPointHint');
  unifyDigitsOnInput(point);
  const pointError = h('small', {
    id: 'req-point-error',
    class: 'hint field-error',
    testid: 'req-point-error',
    attrs: { hidden: true },
  });
  const description = h('textarea', {
    id: 'req-description',
    testid: 'req-description',
    attrs: {
      rows: 5,
      maxlength: DESCRIPTION_MAX,
      required: true,
      dir: 'auto',
      'aria-describedby': 'req-description-counter',
      'aria-keyshortcuts': 'F8',
    },
  });
  const counter = h('span', { id: 'req-description-counter', class: 'counter', testid: 'req-description-counter' });
  const hazard = h('input', {
    id: 'req-hazard',
    testid: 'req-hazard',
    attrs: { type: 'checkbox', 'aria-describedby': 'req-hazard-hint' },
  });
  return { phone, address, point, pointError, description, counter, hazard };
}

const field = (
  label: 'formAddress' | 'formDescription' | 'formPhone' | 'formPoint',
  id: string,
  input: HTMLElement,
  ...extra: HTMLElement[]
) => h('div', { class: 'field' }, h('label', { i18n: label, attrs: { for: id } }), input, ...extra);

/** The hazard box and the citizen's phone share the last row, above the buttons. */
function hazardAndPhoneRow(f: Inputs): HTMLElement {
  return h(
    'div',
    { class: 'row-2 align-end' },
    h(
      'div',
      { class: 'field check' },
      h('label', { class: 'check-label', attrs: { for: 'req-hazard' } }, f.hazard, h('span', { i18n: 'formHazard' })),
      h('small', { id: 'req-hazard-hint', class: 'hint', i18n: 'formHazardHint' }),
    ),
    field(
      'formPhone',
      'req-phone',
      f.phone,
      h('small', { id: 'req-phone-hint', class: 'hint', i18n: 'formPhoneHint' }),
    ),
  );
}

export function buildFormFields(): FormFields {
  // The pickers first: their language listeners then run before the form's own (as they always have).
  const cats = buildCategoryPicker();
  const loc = buildLocationPicker();
  const inputs = buildInputs();
  const forLine = h('p', { class: 'form-for', testid: 'req-for' });
  const error = h('div', { class: 'form-error', testid: 'req-error', attrs: { role: 'alert' } });
  const submitBtn = h('button', {
    class: 'btn btn-primary',
    testid: 'req-submit',
    attrs: { type: 'submit', 'aria-keyshortcuts': 'Control+Enter' },
  });
  const clearBtn = h('button', {
    class: 'btn btn-quiet',
    testid: 'req-clear',
    i18n: 'formClear',
    attrs: { type: 'button' },
  });
  const form = h(
    'form',
    { class: 'panel req-form', testid: 'req-form', attrs: { novalidate: true, 'aria-labelledby': 'req-title' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'req-title', i18n: 'formTitle' }), forLine),
    cats.el,
    loc.el,
    h(
      'div',
      { class: 'row-2' },
      field('formAddress', 'req-address', inputs.address),
      field('formPoint', 'req-point', inputs.point, inputs.pointError),
    ),
    field('formDescription', 'req-description', inputs.description, inputs.counter),
    hazardAndPhoneRow(inputs),
    error,
    h('div', { class: 'form-actions' }, submitBtn, clearBtn),
  );
  return { form, cats, loc, ...inputs, forLine, error, submitBtn, clearBtn };
}
