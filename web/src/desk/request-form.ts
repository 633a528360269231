// Register a citizen's request during (or right after) the call. The form is never rebuilt by
// socket events, and a draft in sessionStorage survives a reload.
import { h, unifyDigitsOnInput } from '../lib/dom.ts';
import { t, d, onLangChange } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { formatPhoneNational, toE164 } from '../lib/phone.ts';
import type { DeskStore, CurrentCall } from './store.ts';
import type { PastRequest } from './types.ts';
import type { ReferenceData } from './reference-data.ts';
import type { TrackingResult } from './tracking-result.ts';
import { buildCategoryPicker } from './category-picker.ts';
import { buildLocationPicker } from './location-picker.ts';
import { clearDraft, isDraftEmpty, loadDraft, saveDraft, type Draft } from './draft.ts';
import { buildRequestBody, DESCRIPTION_MAX } from './request-body.ts';
import { notify } from './notice.ts';
import { parsePoint } from '../lib/geo.ts';

export interface RequestForm {
  el: HTMLElement;
  setReference: (data: ReferenceData) => void;
  submit: () => void;
  clear: () => void;
  /** The caller was linked to an existing request: this report is done, like after a submit. */
  linked: () => void;
  escape: () => void;
  focusDescription: () => void;
  focusCategory: () => void;
  insertText: (text: string) => void;
  /** The call and phone this form is for (used when linking to a duplicate). */
  context: () => { callId?: string; phone?: string };
  /** What the duplicates are looked up by; lat/lng only for a valid point (as typed numbers). */
  selection: () => { categoryId: string; neighbourhoodId: string; lat: string; lng: string };
  onSelection: (fn: () => void) => void;
}

export interface RequestFormDeps {
  store: DeskStore;
  result: TrackingResult;
  onCreated: (r: PastRequest) => void;
}

interface Ctx {
  callId: string | null;
  callerPhone: string | null;
  hazard: boolean;
}
const ctxOf = (call: CurrentCall | null): Ctx => ({
  callId: call?.callId ?? null,
  callerPhone: call?.caller.phone ? formatPhoneNational(call.caller.phone) : null,
  hazard: Boolean(call && (call.hazard || call.ivrChoice === '9')),
});

export function buildRequestForm(deps: RequestFormDeps): RequestForm {
  const userId = deps.store.get().user.id;
  let ctx: Ctx = ctxOf(deps.store.get().call);
  let hazardManual = false;
  let busy = false;
  let escArmedUntil = 0;
  const selectionListeners: Array<() => void> = [];

  const cats = buildCategoryPicker();
  const loc = buildLocationPicker();
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

  const field = (
    label: 'formAddress' | 'formDescription' | 'formPhone' | 'formPoint',
    id: string,
    input: HTMLElement,
    ...extra: HTMLElement[]
  ) => h('div', { class: 'field' }, h('label', { i18n: label, attrs: { for: id } }), input, ...extra);

  const form = h(
    'form',
    { class: 'panel req-form', testid: 'req-form', attrs: { novalidate: true, 'aria-labelledby': 'req-title' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'req-title', i18n: 'formTitle' }), forLine),
    cats.el,
    loc.el,
    h(
      'div',
      { class: 'row-2' },
      field('formAddress', 'req-address', address),
      field('formPoint', 'req-point', point, pointError),
    ),
    field('formDescription', 'req-description', description, counter),
    h(
      'div',
      { class: 'row-2 align-end' },
      h(
        'div',
        { class: 'field check' },
        h('label', { class: 'check-label', attrs: { for: 'req-hazard' } }, hazard, h('span', { i18n: 'formHazard' })),
        h('small', { id: 'req-hazard-hint', class: 'hint', i18n: 'formHazardHint' }),
      ),
      field(
        'formPhone',
        'req-phone',
        phone,
        h('small', { id: 'req-phone-hint', class: 'hint', i18n: 'formPhoneHint' }),
      ),
    ),
    error,
    h('div', { class: 'form-actions' }, submitBtn, clearBtn),
  );

  const draft = (): Draft => ({
    callId: ctx.callId,
    callerPhone: ctx.callerPhone,
    phone: phone.value,
    categoryId: cats.value()?.id ?? '',
    districtId: loc.districtId(),
    neighbourhoodId: loc.neighbourhoodId(),
    address: address.value,
    point: point.value,
    description: description.value,
    hazard: hazard.checked,
    hazardManual,
  });
  const pristine = () => isDraftEmpty(draft()) && !hazardManual;

  const drawStatic = () => {
    submitBtn.textContent = busy ? t('formSubmitting') : t('formSubmit');
    const n = description.value.length;
    counter.textContent = t('formCounter', { n, max: DESCRIPTION_MAX });
    counter.classList.toggle('warn', n > DESCRIPTION_MAX - 200);
    forLine.textContent = ctx.callId
      ? t('formFor', { phone: ctx.callerPhone ? d(ctx.callerPhone) : t('popHidden') })
      : t('formForNone');
  };

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    drawStatic();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const dr = draft();
      if (isDraftEmpty(dr)) clearDraft(userId);
      else saveDraft(userId, dr);
    }, 300);
  };

  const applyCtx = (next: Ctx) => {
    ctx = next;
    phone.value = ctx.callerPhone ? d(ctx.callerPhone) : '';
    if (!hazardManual) hazard.checked = ctx.hazard || Boolean(cats.value()?.hazard);
    drawStatic();
  };

  const showError = (text: string) => {
    error.textContent = text;
  };

  // A point being typed is not wrong yet: say so when the operator leaves the field or submits.
  let pointShown = '';
  const checkPoint = (say: boolean) => {
    const r = parsePoint(point.value);
    const text = r.ok ? '' : t(r.error);
    if (r.ok || say) {
      pointError.textContent = text;
      pointError.hidden = !text;
      if (text) point.setAttribute('aria-invalid', 'true');
      else point.removeAttribute('aria-invalid');
    }
    return r;
  };
  const pointKey = () => {
    const r = parsePoint(point.value);
    return r.ok && r.point ? `${r.point.lat},${r.point.lng}` : '';
  };

  const reset = (next: Ctx) => {
    cats.set(null);
    loc.set('', '');
    address.value = '';
    point.value = '';
    checkPoint(true);
    pointShown = '';
    description.value = '';
    hazardManual = false;
    hazard.checked = false;
    showError('');
    applyCtx(next);
    clearDraft(userId);
    selectionListeners.forEach((fn) => fn());
  };

  cats.onChange(() => {
    const c = cats.value();
    const parent = c ? cats.parentOf(c) : null;
    // A hazardous category always ticks the box; otherwise leave the operator's own choice alone.
    if (c && (c.hazard || parent?.hazard)) hazard.checked = true;
    else if (!hazardManual) hazard.checked = ctx.hazard;
    selectionListeners.forEach((fn) => fn());
    changed();
  });
  loc.onChange(() => {
    selectionListeners.forEach((fn) => fn());
    changed();
  });
  hazard.addEventListener('change', () => {
    hazardManual = true;
    changed();
  });
  for (const input of [phone, address, description]) input.addEventListener('input', changed);
  point.addEventListener('input', () => {
    checkPoint(false);
    changed();
    // The duplicates follow the point only when it becomes another valid point (or none).
    const key = pointKey();
    if (key !== pointShown) {
      pointShown = key;
      selectionListeners.forEach((fn) => fn());
    }
  });
  point.addEventListener('change', () => void checkPoint(true));

  const submit = async () => {
    if (busy) return;
    const built = buildRequestBody({
      callId: ctx.callId,
      phone: phone.value,
      categoryId: cats.value()?.id ?? '',
      neighbourhoodId: loc.neighbourhoodId(),
      address: address.value,
      point: point.value,
      description: description.value,
      hazard: hazard.checked,
    });
    if (!built.ok) {
      showError(t(built.error, { max: DESCRIPTION_MAX }));
      if (built.field === 'point') checkPoint(true);
      (built.field === 'category'
        ? cats
        : built.field === 'phone'
          ? phone
          : built.field === 'point'
            ? point
            : description
      ).focus();
      return;
    }
    busy = true;
    submitBtn.disabled = true;
    drawStatic();
    const r = await post<PastRequest>('/api/v1/requests', built.body);
    busy = false;
    submitBtn.disabled = false;
    if (r.ok && r.data?.trackingCode) {
      deps.result.show(r.data.trackingCode, 'created');
      deps.onCreated(r.data);
      // Same caller may report a second problem: keep the call and phone, clear the rest.
      reset(ctx);
      deps.result.el.querySelector<HTMLButtonElement>('[data-testid="tracking-copy"]')?.focus();
    } else {
      drawStatic();
      showError(r.ok ? t('formFailed', { message: '—' }) : t('formFailed', { message: errorText(r.status, r.error) }));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });
  const clear = () => {
    deps.result.hide();
    reset(ctxOf(deps.store.get().call));
  };
  clearBtn.addEventListener('click', clear);

  // A new call takes over an untouched form; a form in progress keeps the call it was started for.
  deps.store.subscribe((s, prev) => {
    if (s.call && s.call.callId !== prev.call?.callId && s.call.callId !== ctx.callId && pristine()) {
      deps.result.hide();
      applyCtx(ctxOf(s.call));
    }
  });
  onLangChange(() => {
    if (phone.value) phone.value = d(phone.value);
    if (!pointError.hidden) checkPoint(true);
    drawStatic();
  });

  const saved = loadDraft(userId);
  if (saved && !isDraftEmpty(saved)) {
    ctx = { callId: saved.callId, callerPhone: saved.callerPhone, hazard: false };
    phone.value = saved.phone;
    cats.set(saved.categoryId || null);
    loc.set(saved.districtId, saved.neighbourhoodId);
    address.value = saved.address;
    point.value = saved.point;
    pointShown = pointKey();
    description.value = saved.description;
    hazard.checked = saved.hazard;
    hazardManual = saved.hazardManual;
    setTimeout(() => notify(t('formRestored')), 0);
  } else {
    applyCtx(ctx);
  }
  drawStatic();

  return {
    el: form,
    setReference: (data) => {
      cats.setCategories(data.categories);
      loc.setDistricts(data.districts);
      selectionListeners.forEach((fn) => fn());
    },
    submit: () => void submit(),
    clear,
    // Keeps the call and the tracking code on screen; otherwise the next call would find the form
    // still "in progress" for this caller and not take it over.
    linked: () => reset(ctx),
    escape: () => {
      if (pristine()) {
        deps.result.hide();
        return;
      }
      if (Date.now() < escArmedUntil) {
        clear();
        escArmedUntil = 0;
        return;
      }
      escArmedUntil = Date.now() + 2000;
      notify(t('formClearAgain'));
    },
    focusDescription: () => description.focus(),
    focusCategory: () => cats.focus(),
    insertText: (text) => {
      const start = description.selectionStart ?? description.value.length;
      const end = description.selectionEnd ?? start;
      const before = description.value.slice(0, start);
      const sep = before && !/\s$/.test(before) ? ' ' : '';
      description.setRangeText(sep + text, start, end, 'end');
      description.focus();
      changed();
    },
    context: () => ({
      ...(ctx.callId ? { callId: ctx.callId } : {}),
      ...(toE164(phone.value) ? { phone: toE164(phone.value) ?? '' } : {}),
    }),
    selection: () => {
      const r = parsePoint(point.value);
      const p = r.ok ? r.point : null;
      return {
        categoryId: cats.value()?.id ?? '',
        neighbourhoodId: loc.neighbourhoodId(),
        lat: p ? String(p.lat) : '',
        lng: p ? String(p.lng) : '',
      };
    },
    onSelection: (fn) => {
      selectionListeners.push(fn);
    },
  };
}
