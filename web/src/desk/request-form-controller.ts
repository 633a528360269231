// What the request form does with its fields (request-form-fields.ts): which call it is for, the
// draft kept in sessionStorage, the map point's checks, submitting, and clearing. One object per
// page; request-form.ts wires it to the DOM events and the store.
import { t, d } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { formatPhoneNational, toE164 } from '../lib/phone.ts';
import { parsePoint } from '../lib/geo.ts';
import { notify } from '../lib/notice.ts';
import type { DeskStore, CurrentCall } from './store.ts';
import { sendUntilStored } from './submit-retry.ts';
import type { PastRequest } from './types.ts';
import type { TrackingResult } from './tracking-result.ts';
import { clearDraft, isDraftEmpty, newSubmitKey, saveDraft, type Draft } from './draft.ts';
import { buildRequestBody, DESCRIPTION_MAX, submitFailedText, type BodyResult } from './request-body.ts';
import type { FormFields } from './request-form-fields.ts';

export interface RequestFormDeps {
  store: DeskStore;
  result: TrackingResult;
  onCreated: (r: PastRequest) => void;
}

/** The call the form is for: its id, the caller's number as shown, and the phone menu's hazard. */
export interface Ctx {
  callId: string | null;
  callerPhone: string | null;
  hazard: boolean;
}

export const ctxOf = (call: CurrentCall | null): Ctx => ({
  callId: call?.callId ?? null,
  callerPhone: call?.caller.phone ? formatPhoneNational(call.caller.phone) : null,
  hazard: Boolean(call && (call.hazard || call.ivrChoice === '9')),
});

export class FormController {
  ctx: Ctx;
  /** The operator ticked or unticked the hazard box: the call and category no longer decide it. */
  hazardManual = false;
  private busy = false;
  /** Esc on a form in progress arms a second Esc (until then) that clears it. */
  private escArmedUntil = 0;
  /** The valid point the duplicates were last asked for ("lat,lng", or "" for none). */
  private pointShown = '';
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly selectionListeners: Array<() => void> = [];
  private readonly userId: string;
  /** The draft's Idempotency-Key (see Draft.submitKey): renewed only when a new draft begins. */
  private submitKey = newSubmitKey();

  constructor(
    private readonly f: FormFields,
    private readonly deps: RequestFormDeps,
  ) {
    this.userId = deps.store.get().user.id;
    this.ctx = ctxOf(deps.store.get().call);
  }

  onSelection(fn: () => void): void {
    this.selectionListeners.push(fn);
  }

  /** What the duplicates are looked up by changed (category, place or point). */
  selectionChanged(): void {
    this.selectionListeners.forEach((fn) => fn());
  }

  draft(): Draft {
    const f = this.f;
    return {
      callId: this.ctx.callId,
      callerPhone: this.ctx.callerPhone,
      phone: f.phone.value,
      categoryId: f.cats.value()?.id ?? '',
      districtId: f.loc.districtId(),
      neighbourhoodId: f.loc.neighbourhoodId(),
      address: f.address.value,
      point: f.point.value,
      description: f.description.value,
      hazard: f.hazard.checked,
      hazardManual: this.hazardManual,
      submitKey: this.submitKey,
    };
  }

  /** Nothing typed or chosen: a new call may take the form over. */
  pristine(): boolean {
    return isDraftEmpty(this.draft()) && !this.hazardManual;
  }

  /** The words that depend on the state and the language: button, counter, "for caller". */
  drawStatic(): void {
    const { submitBtn, description, counter, forLine } = this.f;
    submitBtn.textContent = this.busy ? t('formSubmitting') : t('formSubmit');
    const n = description.value.length;
    counter.textContent = t('formCounter', { n, max: DESCRIPTION_MAX });
    counter.classList.toggle('warn', n > DESCRIPTION_MAX - 200);
    forLine.textContent = this.ctx.callId
      ? t('formFor', { phone: this.ctx.callerPhone ? d(this.ctx.callerPhone) : t('popHidden') })
      : t('formForNone');
  }

  /** Something was typed: redraw now, save the draft once the typing pauses. */
  changed(): void {
    this.drawStatic();
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const dr = this.draft();
      if (isDraftEmpty(dr)) clearDraft(this.userId);
      else saveDraft(this.userId, dr);
    }, 300);
  }

  applyCtx(next: Ctx): void {
    this.ctx = next;
    this.f.phone.value = next.callerPhone ? d(next.callerPhone) : '';
    if (!this.hazardManual) this.f.hazard.checked = next.hazard || Boolean(this.f.cats.value()?.hazard);
    this.drawStatic();
  }

  showError(text: string): void {
    this.f.error.textContent = text;
  }

  /** A point being typed is not wrong yet: say so (`say`) when the operator leaves the field or submits. */
  checkPoint(say: boolean): ReturnType<typeof parsePoint> {
    const { point, pointError } = this.f;
    const r = parsePoint(point.value);
    const text = r.ok ? '' : t(r.error);
    if (r.ok || say) {
      pointError.textContent = text;
      pointError.hidden = !text;
      if (text) point.setAttribute('aria-invalid', 'true');
      else point.removeAttribute('aria-invalid');
    }
    return r;
  }

  private pointKey(): string {
    const r = parsePoint(this.f.point.value);
    return r.ok && r.point ? `${r.point.lat},${r.point.lng}` : '';
  }

  /** The duplicates follow the point only when it becomes another valid point (or none). */
  pointTyped(): void {
    this.checkPoint(false);
    this.changed();
    const key = this.pointKey();
    if (key !== this.pointShown) {
      this.pointShown = key;
      this.selectionChanged();
    }
  }

  /** A hazardous category always ticks the box; otherwise leave the operator's own choice alone. */
  categoryChanged(): void {
    const { cats, hazard } = this.f;
    const c = cats.value();
    const parent = c ? cats.parentOf(c) : null;
    if (c && (c.hazard || parent?.hazard)) hazard.checked = true;
    else if (!this.hazardManual) hazard.checked = this.ctx.hazard;
    this.selectionChanged();
    this.changed();
  }

  hazardTicked(): void {
    this.hazardManual = true;
    this.changed();
  }

  /** An empty form for `next` (the draft goes too). */
  reset(next: Ctx): void {
    const f = this.f;
    f.cats.set(null);
    f.loc.set('', '');
    f.address.value = '';
    f.point.value = '';
    this.checkPoint(true);
    this.pointShown = '';
    f.description.value = '';
    this.hazardManual = false;
    f.hazard.checked = false;
    this.showError('');
    this.applyCtx(next);
    this.submitKey = newSubmitKey();
    clearDraft(this.userId);
    this.selectionChanged();
  }

  clear(): void {
    this.deps.result.hide();
    this.reset(ctxOf(this.deps.store.get().call));
  }

  /** The form as it was before a reload; the operator is told it came back. */
  restore(saved: Draft): void {
    const f = this.f;
    this.ctx = { callId: saved.callId, callerPhone: saved.callerPhone, hazard: false };
    f.phone.value = saved.phone;
    f.cats.set(saved.categoryId || null);
    f.loc.set(saved.districtId, saved.neighbourhoodId);
    f.address.value = saved.address;
    f.point.value = saved.point;
    this.pointShown = this.pointKey();
    f.description.value = saved.description;
    f.hazard.checked = saved.hazard;
    this.hazardManual = saved.hazardManual;
    this.submitKey = saved.submitKey;
    setTimeout(() => notify(t('formRestored')), 0);
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    const f = this.f;
    const built = buildRequestBody({
      callId: this.ctx.callId,
      phone: f.phone.value,
      categoryId: f.cats.value()?.id ?? '',
      neighbourhoodId: f.loc.neighbourhoodId(),
      address: f.address.value,
      point: f.point.value,
      description: f.description.value,
      hazard: f.hazard.checked,
    });
    if (!built.ok) return this.refuse(built);
    this.busy = true;
    f.submitBtn.disabled = true;
    this.drawStatic();
    const send = () => post<PastRequest>('/api/v1/requests', built.body, { 'idempotency-key': this.submitKey });
    const r = await sendUntilStored(send, () => this.showError(t('formWaitingForServer')));
    this.busy = false;
    f.submitBtn.disabled = false;
    if (r.ok && r.data?.trackingCode) {
      this.deps.result.show(r.data.trackingCode, 'created', r.data.id);
      this.deps.onCreated(r.data);
      // Same caller may report a second problem: keep the call and phone, clear the rest.
      this.reset(this.ctx);
      this.deps.result.el.querySelector<HTMLButtonElement>('[data-testid="tracking-copy"]')?.focus();
    } else {
      // The draft and its key stay: pressing Register again retries the same registration.
      this.drawStatic();
      this.showError(submitFailedText(r));
    }
  }

  /** Not sent: say what to fix and put the cursor there. */
  private refuse(built: Extract<BodyResult, { ok: false }>): void {
    const f = this.f;
    this.showError(t(built.error, { max: DESCRIPTION_MAX }));
    if (built.field === 'point') this.checkPoint(true);
    const fix = { category: f.cats, phone: f.phone, point: f.point, description: f.description };
    fix[built.field].focus();
  }

  /** Esc: hides the tracking code of an untouched form; on a form in progress, twice clears it. */
  escape(): void {
    if (this.pristine()) {
      this.deps.result.hide();
      return;
    }
    if (Date.now() < this.escArmedUntil) {
      this.clear();
      this.escArmedUntil = 0;
      return;
    }
    this.escArmedUntil = Date.now() + 2000;
    notify(t('formClearAgain'));
  }

  /** An answer template at the cursor, a space apart from the word before it. */
  insertText(text: string): void {
    const description = this.f.description;
    const start = description.selectionStart ?? description.value.length;
    const end = description.selectionEnd ?? start;
    const before = description.value.slice(0, start);
    const sep = before && !/\s$/.test(before) ? ' ' : '';
    description.setRangeText(sep + text, start, end, 'end');
    description.focus();
    this.changed();
  }

  context(): { callId?: string; phone?: string } {
    const phone = this.f.phone.value;
    return {
      ...(this.ctx.callId ? { callId: this.ctx.callId } : {}),
      ...(toE164(phone) ? { phone: toE164(phone) ?? '' } : {}),
    };
  }

  selection(): { categoryId: string; neighbourhoodId: string; lat: string; lng: string } {
    const r = parsePoint(this.f.point.value);
    const p = r.ok ? r.point : null;
    return {
      categoryId: this.f.cats.value()?.id ?? '',
      neighbourhoodId: this.f.loc.neighbourhoodId(),
      lat: p ? String(p.lat) : '',
      lng: p ? String(p.lng) : '',
    };
  }
}
