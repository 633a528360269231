// Reporting a problem: what, where, a description, photos and the mobile number; then the code sent
// to that number; then the tracking code (or the request it was joined to).
import { digitsOnly } from '../lib/digits.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import { call, errorText } from './api.ts';
import { categorySearch, type PublicCategory } from './category-search.ts';
import { codeStep } from './code-step.ts';
import { h, ltr, replace, tx } from './dom.ts';
import { d, localDigitsField, t, type CitizenKey } from './i18n.ts';
import { photoPicker } from './photos.ts';
import { placePicker, type PublicDistrict } from './place-picker.ts';

export interface Taxonomy {
  categories: PublicCategory[];
  districts: PublicDistrict[];
}

interface Outcome {
  outcome: 'registered' | 'linked';
  trackingCode: string;
}

function textField(id: string, key: CitizenKey, input: HTMLInputElement | HTMLTextAreaElement, hint?: CitizenKey) {
  input.id = id;
  return h(
    'div',
    { class: 'field' },
    tx('label', key, { for: id }),
    input,
    hint ? tx('p', hint, { class: 'hint' }) : null,
  );
}

/** Hidden from people (off-screen, out of the tab order); robots that fill every field fill it. */
function honeypot(): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'text', name: 'website', id: 'website', tabindex: '-1', autocomplete: 'off' });
  return {
    el: h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: 'website' }, 'Website'), input),
    input,
  };
}

export function reportView(root: HTMLElement, tax: Taxonomy, onTrack: (code: string) => void): void {
  const cat = categorySearch(tax.categories);
  const place = placePicker(tax.districts);
  const photos = photoPicker();
  const address = h('input', { type: 'text', maxlength: '300', autocomplete: 'street-address' });
  const description = h('textarea', { rows: '4', maxlength: '2000' });
  const phone = localDigitsField(
    h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', dir: 'ltr', maxlength: '20' }),
  );
  const hp = honeypot();
  const error = h('p', { class: 'error', role: 'alert' });
  const send = tx('button', 'send', { type: 'submit', class: 'primary wide' });
  const form = h(
    'form',
    { class: 'report card', novalidate: true },
    h('fieldset', {}, tx('legend', 'category'), cat.el),
    place.el,
    textField('address', 'address', address),
    textField('description', 'description', description, 'descriptionHint'),
    photos.el,
    textField('phone', 'phone', phone, 'phoneHint'),
    hp.el,
    error,
    send,
  );
  replace(root, form);

  function missing(): CitizenKey | null {
    if (!cat.value()) return 'category';
    if (!place.value()) return 'place';
    if (description.value.trim().length < 3) return 'description';
    if (digitsOnly(phone.value).length < 10) return 'phone';
    return null;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const gap = missing();
    if (gap) return void (error.textContent = t('required', { what: t(gap) }));
    send.disabled = true;
    send.textContent = t('sending');
    const body = {
      categoryId: Number(cat.value()!.id),
      ...place.value(),
      ...(address.value.trim() ? { address: address.value.trim() } : {}),
      description: description.value.trim(),
      phone: digitsOnly(phone.value),
      photos: photos.value(),
      ...(hp.input.value ? { website: hp.input.value } : {}),
    };
    const r = await call<{ challengeId: string }>('POST', '/reports', body);
    send.disabled = false;
    send.textContent = t('send');
    if (!r.ok) return void (error.textContent = errorText(r.error));
    form.hidden = true;
    const step = codeStep<Outcome>({
      challengeId: r.data.challengeId,
      message: 'codeSent',
      actions: [{ key: 'confirm' }],
      onDone: (out) => {
        step.remove();
        root.append(resultCard(out, onTrack, () => reportView(root, tax, onTrack)));
      },
    });
    root.append(step);
  });
}

function resultCard(out: Outcome, onTrack: (code: string) => void, again: () => void): HTMLElement {
  const track = tx('button', 'trackIt', { type: 'button', class: 'primary' });
  const fresh = tx('button', 'newReport', { type: 'button', class: 'secondary' });
  track.addEventListener('click', () => onTrack(out.trackingCode));
  fresh.addEventListener('click', again);
  const card = h(
    'section',
    { class: `card result ${out.outcome}`, 'aria-live': 'polite' },
    tx('p', out.outcome, { class: 'result-title' }),
    h(
      'p',
      { class: 'tracking' },
      tx('span', 'trackingCode'),
      ': ',
      ltr(groupTrackingCode(out.trackingCode), d(groupTrackingCode(out.trackingCode)), 'code'),
    ),
    tx('p', 'keepCode', { class: 'muted' }),
    h('div', { class: 'actions' }, track, fresh),
  );
  return card;
}
