// What the signed-in user may do with this request, as buttons with a key each, and the form each
// opens. A unit acts on the request while it is referred to one of its units: accept, a progress
// note, report done (with photos), return to 137, ask for more time. 137 refers (again), adds
// notes, and a supervisor grants or refuses more time.
import { h, replace } from '../lib/dom.ts';
import { t, type StringKey } from '../i18n/i18n.ts';
import { post } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { notify } from '../lib/notice.ts';
import { actionForm, field, numberInput, readNumber, textArea } from './action-form.ts';
import { isUnitRole } from './header.ts';
import { buildPhotoPicker, uploadPhotos } from './photo-picker.ts';
import { buildReferForm } from './refer-form.ts';
import type { RequestDetail, User } from './types.ts';
import type { LegendEntry } from './view.ts';

type ActionId = 'accept' | 'note' | 'done' | 'return' | 'extend' | 'refer' | 'grant' | 'refuse';

interface ActionDef {
  id: ActionId;
  key: string;
  label: StringKey;
  danger?: boolean;
}

const ACTIONS: Record<ActionId, ActionDef> = {
  accept: { id: 'accept', key: 'A', label: 'ofActAccept' },
  note: { id: 'note', key: 'N', label: 'ofActNote' },
  done: { id: 'done', key: 'D', label: 'ofActDone' },
  return: { id: 'return', key: 'R', label: 'ofActReturn', danger: true },
  extend: { id: 'extend', key: 'T', label: 'ofActExtend' },
  refer: { id: 'refer', key: 'F', label: 'ofActRefer' },
  grant: { id: 'grant', key: 'G', label: 'ofActGrant' },
  refuse: { id: 'refuse', key: 'X', label: 'ofActRefuse', danger: true },
};

const UNIT_WORKING = ['referred', 'in-progress', 'special-follow-up'];

/** The actions open to this user on this request now, in the order they are shown. */
export function availableActions(r: RequestDetail, user: User): ActionId[] {
  const out: ActionId[] = [];
  if (isUnitRole(user.role)) {
    const ref = r.referral;
    if (!ref || !(user.unitIds ?? []).includes(ref.unitId)) return out;
    if (['referred', 'special-follow-up'].includes(r.status) && !ref.acceptedAt) out.push('accept');
    out.push('note');
    if (UNIT_WORKING.includes(r.status)) out.push('done');
    if (!r.pendingExtension && UNIT_WORKING.includes(r.status)) out.push('extend');
    if (UNIT_WORKING.includes(r.status)) out.push('return');
    return out;
  }
  const acts = user.role === 'operator' || user.role === 'supervisor' || user.role === 'admin';
  if (acts && r.status !== 'closed') out.push('refer');
  if (acts) out.push('note');
  if ((user.role === 'supervisor' || user.role === 'admin') && r.pendingExtension) out.push('grant', 'refuse');
  return out;
}

export interface ActionsPanel {
  el: HTMLElement;
  /** Runs the action whose key this is (when offered); true when it was one. */
  key: (key: string) => boolean;
  /** A form is open (Esc closes it first). */
  formOpen: () => boolean;
  closeForm: () => void;
  /** The keys of the actions offered, for the legend. */
  legend: () => LegendEntry[];
}

/** Sends one call and turns its answer into a notice (done) or an error text for the form. */
async function send(path: string, body: unknown, done: StringKey, after: () => void): Promise<string | null> {
  const r = await post(path, body);
  if (!r.ok) return errorText(r.status, r.error);
  notify(t(done));
  after();
  return null;
}

interface FormCtx {
  r: RequestDetail;
  /** /api/v1/requests/<id> */
  base: string;
  close: () => void;
  /** Closes the form and reloads the request. */
  after: () => void;
}

function noteForm({ base, close, after }: FormCtx): HTMLFormElement {
  const text = textArea('ofNoteText', 'note-text', true);
  return actionForm({
    title: 'ofActNote',
    testid: 'form-note',
    fields: [field('ofNoteText', text)],
    submit: 'ofSave',
    cancel: close,
    send: async () =>
      text.value.trim() ? send(`${base}/notes`, { text: text.value.trim() }, 'ofNoteSaved', after) : t('noteEmpty'),
  });
}

function doneForm({ r, base, close, after }: FormCtx): HTMLFormElement {
  const note = textArea('ofDoneNote', 'done-note', true);
  const photos = buildPhotoPicker('done');
  const progress = h('p', { class: 'hint', attrs: { role: 'status' } });
  return actionForm({
    title: 'ofActDone',
    testid: 'form-done',
    fields: [field('ofDoneNote', note, t('ofDoneHint')), photos.el, progress],
    submit: 'ofActDoneSubmit',
    cancel: close,
    send: async () => {
      if (!note.value.trim()) return t('ofDoneNeedNote');
      photos.setDisabled(true);
      const up = await uploadPhotos(r.id, photos.files(), (i, n) => {
        progress.textContent = t('ofUploading', { i, n });
      });
      photos.setDisabled(false);
      progress.textContent = '';
      if (!up.ok) return up.message;
      const body = { status: 'done', note: note.value.trim(), attachmentIds: up.ids };
      return send(`${base}/status`, body, 'ofDoneSaved', after);
    },
  });
}

function returnForm({ base, close, after }: FormCtx): HTMLFormElement {
  const reason = textArea('ofReturnReason', 'return-reason', true);
  return actionForm({
    title: 'ofActReturn',
    testid: 'form-return',
    fields: [field('ofReturnReason', reason, t('ofReturnHint'))],
    submit: 'ofActReturn',
    danger: true,
    cancel: close,
    send: async () =>
      reason.value.trim()
        ? send(`${base}/status`, { status: 'returned', note: reason.value.trim() }, 'ofReturnSaved', after)
        : t('ofReturnNeedReason'),
  });
}

function extendForm({ base, close, after }: FormCtx): HTMLFormElement {
  const hours = numberInput('extend-hours', '24');
  const reason = textArea('ofExtendReason', 'extend-reason', true, 2);
  return actionForm({
    title: 'ofActExtend',
    testid: 'form-extend',
    fields: [field('ofExtendHours', hours, t('ofExtendHoursHint')), field('ofExtendReason', reason)],
    submit: 'ofActExtendSubmit',
    cancel: close,
    send: async () => {
      const n = readNumber(hours, 1, 720);
      if (n === null) return t('ofBadHours', { max: 720 });
      if (!reason.value.trim()) return t('ofExtendNeedReason');
      return send(`${base}/extensions`, { hours: n, reason: reason.value.trim() }, 'ofExtendSaved', after);
    },
  });
}

function decisionForm({ r, close, after }: FormCtx, grant: boolean): HTMLFormElement {
  const note = textArea('ofDecisionNote', 'decision-note', false, 2);
  const ext = r.pendingExtension!;
  return actionForm({
    title: grant ? 'ofActGrant' : 'ofActRefuse',
    testid: grant ? 'form-grant' : 'form-refuse',
    fields: [h('p', {}, t('ofPendingExtension', { n: ext.hours })), field('ofDecisionNote', note)],
    submit: grant ? 'ofActGrant' : 'ofActRefuse',
    danger: !grant,
    cancel: close,
    send: async () =>
      send(
        `/api/v1/extensions/${ext.id}/decision`,
        { decision: grant ? 'granted' : 'refused', ...(note.value.trim() ? { note: note.value.trim() } : {}) },
        grant ? 'ofGrantSaved' : 'ofRefuseSaved',
        after,
      ),
  });
}

function buildForm(id: ActionId, r: RequestDetail, close: () => void, reload: () => void): HTMLElement {
  const after = () => {
    close();
    reload();
  };
  const ctx: FormCtx = { r, base: `/api/v1/requests/${r.id}`, close, after };
  if (id === 'note') return noteForm(ctx);
  if (id === 'done') return doneForm(ctx);
  if (id === 'return') return returnForm(ctx);
  if (id === 'extend') return extendForm(ctx);
  if (id === 'grant' || id === 'refuse') return decisionForm(ctx, id === 'grant');
  return buildReferForm(r, close, after);
}

/** "Refer" names a first referral, "Refer again" any later one. */
const labelOf = (id: ActionId, r: RequestDetail): StringKey =>
  id === 'refer' && r.referral ? 'ofActReRefer' : ACTIONS[id].label;

function actionButton(id: ActionId, label: StringKey, click: () => void): HTMLButtonElement {
  const def = ACTIONS[id];
  const b = h('button', {
    class: `btn ${id === 'accept' ? 'btn-primary' : def.danger ? 'btn-danger-quiet' : ''}`,
    testid: `act-${id}`,
    attrs: { type: 'button', 'aria-keyshortcuts': def.key, 'aria-expanded': 'false' },
    on: { click },
  });
  b.append(h('span', { i18n: label }), ' ', h('kbd', {}, def.key));
  return b;
}

export function buildActions(r: RequestDetail, user: User, reload: () => void): ActionsPanel {
  const ids = availableActions(r, user);
  const formBox = h('div', { class: 'of-form-box' });
  let openId: ActionId | null = null;
  const buttons = new Map<ActionId, HTMLButtonElement>();

  const closeForm = () => {
    const was = openId;
    openId = null;
    replace(formBox);
    for (const [id, b] of buttons) b.setAttribute('aria-expanded', String(id === openId));
    if (was) buttons.get(was)?.focus();
  };

  const accept = async (b: HTMLButtonElement) => {
    b.disabled = true;
    const res = await post(`/api/v1/requests/${r.id}/status`, { status: 'in-progress' });
    b.disabled = false;
    if (!res.ok) notify(t('ofActionFailed', { message: errorText(res.status, res.error) }), 'error');
    else {
      notify(t('ofAcceptSaved'));
      reload();
    }
  };

  const run = (id: ActionId) => {
    const b = buttons.get(id)!;
    if (id === 'accept') return void accept(b);
    if (openId === id) return closeForm();
    openId = id;
    for (const [x, btn] of buttons) btn.setAttribute('aria-expanded', String(x === id));
    const form = buildForm(id, r, closeForm, reload);
    replace(formBox, form);
    form.querySelector<HTMLElement>('textarea, select, input:not([type=file])')?.focus();
  };

  for (const id of ids)
    buttons.set(
      id,
      actionButton(id, labelOf(id, r), () => run(id)),
    );

  const readOnly =
    ids.length === 0
      ? h('p', {
          class: 'empty',
          testid: 'actions-none',
          i18n: !isUnitRole(user.role) ? 'ofNoActions' : r.status === 'done' ? 'ofUnitDone' : 'ofUnitReadOnly',
        })
      : null;
  const el = h(
    'section',
    { class: 'panel of-actions', testid: 'req-actions' },
    h('h3', { class: 'sub-head', i18n: 'ofActions' }),
    h('div', { class: 'of-action-buttons' }, ...buttons.values()),
    readOnly,
    formBox,
  );
  return {
    el,
    key: (key) => {
      const id = ids.find((x) => ACTIONS[x].key === key.toUpperCase());
      if (!id || buttons.get(id)?.disabled) return false;
      run(id);
      return true;
    },
    formOpen: () => openId !== null,
    closeForm,
    legend: () => ids.map((id): LegendEntry => [ACTIONS[id].key, labelOf(id, r)]),
  };
}
