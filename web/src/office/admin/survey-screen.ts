// Survey questions: what the IVR asks after a call, in order. A change is saved as a new version
// (answers already given keep theirs) and the next survey asks it, no restart; a question can be
// taken out of the survey. Keys: n new question, j/k or arrows, Enter edit.
import { d, t } from '../../i18n/i18n.ts';
import { get, post } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import type { QuestionVersion } from '../../lib/server-types.ts';
import {
  adminErrorText,
  checkbox,
  confirmButton,
  field,
  formError,
  latin,
  numberInput,
  readInt,
  textInput,
  closeOnEscape,
} from './form-kit.ts';
import { moveAmong, statusLine, toolbar, type Screen } from './screen.ts';

type Controls = ReturnType<typeof controls>;

function controls(q: QuestionVersion | null) {
  const textFa = h('textarea', { attrs: { name: 'textFa', rows: 2, maxlength: 500 } });
  textFa.value = q?.textFa ?? '';
  const textEn = h('textarea', { attrs: { name: 'textEn', rows: 2, maxlength: 500, dir: 'ltr' } });
  textEn.value = q?.textEn ?? '';
  return {
    code: textInput(q?.code ?? '', { name: 'code', ltr: true, max: 40 }),
    textFa,
    textEn,
    prompt: textInput(q?.prompt ?? '', { name: 'prompt', ltr: true, max: 120 }),
    validDigits: textInput(d(q?.validDigits ?? '12345'), { name: 'validDigits', ltr: true, max: 10 }),
    minValue: numberInput(q?.minValue ?? 1, 'minValue'),
    maxValue: numberInput(q?.maxValue ?? 5, 'maxValue'),
    position: numberInput(q?.position ?? null, 'position'),
    scored: checkbox('adScored', q?.scored ?? true, 'scored'),
  };
}

function bodyOf(c: Controls, q: QuestionVersion | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    code: q?.code ?? latin(c.code),
    textFa: c.textFa.value.trim(),
    textEn: c.textEn.value.trim(),
    prompt: c.prompt.value.trim(),
    validDigits: latin(c.validDigits),
    minValue: readInt(c.minValue),
    maxValue: readInt(c.maxValue),
    scored: c.scored.input.checked,
    active: true,
  };
  const pos = readInt(c.position);
  if (pos != null) out.position = pos;
  return out;
}

function buildQuestionForm(q: QuestionVersion | null, done: (changed: boolean) => void): HTMLElement {
  const c = controls(q);
  const error = formError();
  const submit = async (e: Event) => {
    e.preventDefault();
    error.textContent = '';
    const r = await post('/api/v1/survey/questions', bodyOf(c, q));
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    notify(t('adQuestionSaved'));
    done(true);
  };
  const deactivate = async () => {
    const r = await post(`/api/v1/survey/questions/${q!.code}/deactivate`);
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    notify(t('adQuestionOff'));
    done(true);
  };
  const form = h(
    'form',
    { class: 'panel ad-form', testid: 'question-form', attrs: { novalidate: true } },
    h('h3', { i18n: q ? 'adQuestionEdit' : 'adQuestionNew' }),
    q ? h('p', { class: 'hint', i18n: 'adQuestionVersionHint' }) : field('adCode', c.code, 'adQuestionCodeHint'),
    field('adTextFa', c.textFa),
    field('adTextEn', c.textEn),
    field('adPrompt', c.prompt, 'adPromptHint'),
    h('div', { class: 'row-2' }, field('adValidDigits', c.validDigits), field('adPosition', c.position)),
    h('div', { class: 'row-2' }, field('adMinValue', c.minValue), field('adMaxValue', c.maxValue)),
    c.scored.el,
    error,
    h(
      'div',
      { class: 'ad-actions' },
      h('button', { class: 'btn btn-primary', i18n: 'adSave', attrs: { type: 'submit' } }),
      h('button', {
        class: 'btn btn-quiet',
        i18n: 'adCancel',
        attrs: { type: 'button' },
        on: { click: () => done(false) },
      }),
      q?.active
        ? confirmButton('adQuestionDeactivate', 'adDeleteConfirm', () => void deactivate(), 'btn btn-small ad-danger')
        : null,
    ),
  );
  form.addEventListener('submit', (e) => void submit(e));
  closeOnEscape(form, () => done(false));
  return form;
}

function questionRow(q: QuestionVersion, open: (q: QuestionVersion) => void): HTMLElement {
  const state = h('span', {
    class: `flag ${q.active ? 'ad-flag-ok' : 'flag-danger'}`,
    i18n: q.active ? 'adActive' : 'adInactive',
  });
  return h(
    'tr',
    {
      class: q.active ? '' : 'is-disabled',
      testid: 'question-row',
      attrs: { tabindex: 0, 'data-code': q.code },
      on: { click: () => open(q), keydown: (e) => e.key === 'Enter' && open(q) },
    },
    h('td', {}, d(q.position)),
    h('td', {}, h('div', {}, q.textFa), h('div', { class: 'muted', attrs: { dir: 'ltr' } }, `${q.code} v${q.version}`)),
    h('td', {}, h('bdi', { attrs: { dir: 'ltr' } }, d(q.validDigits))),
    h('td', {}, q.scored ? '✓' : '—'),
    h('td', {}, state),
  );
}

export function buildSurveyScreen(): Screen {
  let questions: QuestionVersion[] = [];
  const status = statusLine();
  const tbody = h('tbody', {});
  const side = h('div', { class: 'ad-side' });
  const newBtn = h('button', {
    class: 'btn btn-primary',
    i18n: 'adQuestionNew',
    attrs: { type: 'button', 'aria-keyshortcuts': 'n' },
    on: { click: () => open(null) },
  });
  const heads = ['adPosition', 'adQuestion', 'adValidDigits', 'adScored', 'adState'] as const;
  const table = h(
    'table',
    { class: 'ad-table', testid: 'questions-table' },
    h('thead', {}, h('tr', {}, ...heads.map((k) => h('th', { i18n: k, attrs: { scope: 'col' } })))),
    tbody,
  );
  const el = h(
    'div',
    { class: 'ad-screen', testid: 'admin-survey' },
    toolbar('adSurveyTitle', newBtn),
    h('p', { class: 'hint', i18n: 'adSurveyHint' }),
    h('div', { class: 'ad-split' }, h('div', { class: 'ad-main' }, status.el, table), side),
  );
  const rows = () => [...tbody.querySelectorAll<HTMLElement>('tr[tabindex]')];
  const draw = () => replace(tbody, ...questions.map((q) => questionRow(q, open)));
  function open(q: QuestionVersion | null): void {
    const form = buildQuestionForm(q, (changed) => {
      replace(side);
      if (changed) void reload();
      else
        rows()
          .find((r) => r.dataset.code === q?.code)
          ?.focus();
    });
    replace(side, form);
    form.querySelector<HTMLElement>('input, textarea')?.focus();
  }
  async function reload(): Promise<void> {
    status.loading();
    const r = await get<QuestionVersion[]>('/api/v1/survey/questions');
    if (!r.ok) return status.failed(r);
    questions = r.data;
    status.clear();
    draw();
  }
  return {
    el,
    shown: () => void reload(),
    redraw: draw,
    key: (e) => (e.key === 'n' ? (open(null), true) : moveAmong(e, rows())),
  };
}
