// Register a citizen's request during (or right after) the call. The form is never rebuilt by
// socket events, and a draft in sessionStorage survives a reload. The elements are built in
// request-form-fields.ts and driven by request-form-controller.ts; here they are wired together.
import { d, onLangChange } from '../i18n/i18n.ts';
import type { ReferenceData } from './reference-data.ts';
import { isDraftEmpty, loadDraft } from './draft.ts';
import { buildFormFields, type FormFields } from './request-form-fields.ts';
import { ctxOf, FormController, type RequestFormDeps } from './request-form-controller.ts';

export type { RequestFormDeps } from './request-form-controller.ts';

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

/** What the operator does in the form: every change redraws and saves the draft. */
function wireInputs(f: FormFields, c: FormController): void {
  f.cats.onChange(() => c.categoryChanged());
  f.loc.onChange(() => {
    c.selectionChanged();
    c.changed();
  });
  f.hazard.addEventListener('change', () => c.hazardTicked());
  for (const input of [f.phone, f.address, f.description]) input.addEventListener('input', () => c.changed());
  f.point.addEventListener('input', () => c.pointTyped());
  f.point.addEventListener('change', () => void c.checkPoint(true));
  f.form.addEventListener('submit', (e) => {
    e.preventDefault();
    void c.submit();
  });
  f.clearBtn.addEventListener('click', () => c.clear());
}

/** A new call takes over an untouched form; a form in progress keeps the call it was started for. */
function followCalls(f: FormFields, c: FormController, deps: RequestFormDeps): void {
  deps.store.subscribe((s, prev) => {
    if (s.call && s.call.callId !== prev.call?.callId && s.call.callId !== c.ctx.callId && c.pristine()) {
      deps.result.hide();
      c.applyCtx(ctxOf(s.call));
    }
  });
  onLangChange(() => {
    if (f.phone.value) f.phone.value = d(f.phone.value);
    if (!f.pointError.hidden) c.checkPoint(true);
    c.drawStatic();
  });
}

export function buildRequestForm(deps: RequestFormDeps): RequestForm {
  const f = buildFormFields();
  const c = new FormController(f, deps);
  wireInputs(f, c);
  followCalls(f, c, deps);

  const saved = loadDraft(deps.store.get().user.id);
  if (saved && !isDraftEmpty(saved)) c.restore(saved);
  else c.applyCtx(c.ctx);
  c.drawStatic();

  return {
    el: f.form,
    setReference: (data) => {
      f.cats.setCategories(data.categories);
      f.loc.setDistricts(data.districts);
      c.selectionChanged();
    },
    submit: () => void c.submit(),
    clear: () => c.clear(),
    // Keeps the call and the tracking code on screen; otherwise the next call would find the form
    // still "in progress" for this caller and not take it over.
    linked: () => c.reset(c.ctx),
    escape: () => c.escape(),
    focusDescription: () => f.description.focus(),
    focusCategory: () => f.cats.focus(),
    insertText: (text) => c.insertText(text),
    context: () => c.context(),
    selection: () => c.selection(),
    onSelection: (fn) => c.onSelection(fn),
  };
}
