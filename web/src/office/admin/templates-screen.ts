// Answer templates: the phrases an operator reads out with a key (1–9), the general ones and each
// category's own (which win on the same key). Add, edit, delete. Keys: n new, j/k, Enter edit.
import { d, t } from '../../i18n/i18n.ts';
import { del, patch, post } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import { loadCategories, loadTemplates, nameOf, type AnswerTemplate, type CategoryAdminView } from './admin-data.ts';
import { adminErrorText, confirmButton, field, formError, selectOf, closeOnEscape } from './form-kit.ts';
import { moveAmong, statusLine, toolbar, type Screen } from './screen.ts';

function buildTemplateForm(
  tpl: AnswerTemplate | null,
  categories: CategoryAdminView[],
  done: (changed: boolean) => void,
): HTMLElement {
  const category = selectOf(
    [
      ['', t('adGeneralTemplates')],
      ...categories.filter((c) => c.parentId != null).map((c) => [c.id, nameOf(c)] as [string, string]),
    ],
    tpl?.categoryId ?? '',
    'categoryId',
  );
  const hotkey = selectOf(
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [String(n), d(n)]),
    String(tpl?.hotkey ?? 1),
    'hotkey',
  );
  const textFa = h('textarea', { attrs: { name: 'textFa', rows: 3, maxlength: 500 } });
  textFa.value = tpl?.textFa ?? '';
  const textEn = h('textarea', { attrs: { name: 'textEn', rows: 3, maxlength: 500, dir: 'ltr' } });
  textEn.value = tpl?.textEn ?? '';
  const error = formError();
  const body = () => ({
    categoryId: category.value ? Number(category.value) : null,
    hotkey: Number(hotkey.value),
    textFa: textFa.value.trim(),
    textEn: textEn.value.trim(),
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    error.textContent = '';
    const r = tpl ? await patch(`/api/v1/templates/${tpl.id}`, body()) : await post('/api/v1/templates', body());
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    notify(t('adTemplateSaved'));
    done(true);
  };
  const remove = async () => {
    const r = await del(`/api/v1/templates/${tpl!.id}`);
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    notify(t('adTemplateDeleted'));
    done(true);
  };
  const form = h(
    'form',
    { class: 'panel ad-form', testid: 'template-form', attrs: { novalidate: true } },
    h('h3', { i18n: tpl ? 'adTemplateEdit' : 'adTemplateNew' }),
    h('div', { class: 'row-2' }, field('adTemplateCategory', category), field('adHotkey', hotkey, 'adHotkeyHint')),
    field('adTextFa', textFa),
    field('adTextEn', textEn),
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
      tpl ? confirmButton('adDelete', 'adDeleteConfirm', () => void remove(), 'btn btn-small ad-danger') : null,
    ),
  );
  form.addEventListener('submit', (e) => void submit(e));
  closeOnEscape(form, () => done(false));
  return form;
}

function templateItem(tp: AnswerTemplate, open: (tp: AnswerTemplate) => void): HTMLElement {
  return h(
    'button',
    {
      class: 'ad-tpl',
      testid: 'template-row',
      attrs: { type: 'button', 'data-id': tp.id },
      on: { click: () => open(tp) },
    },
    h('kbd', {}, d(tp.hotkey)),
    h(
      'span',
      { class: 'ad-tpl-texts' },
      h('span', {}, tp.textFa),
      h('span', { class: 'muted', attrs: { dir: 'ltr' } }, tp.textEn),
    ),
  );
}

export function buildTemplatesScreen(): Screen {
  let templates: AnswerTemplate[] = [];
  let categories: CategoryAdminView[] = [];
  const status = statusLine();
  const list = h('div', { class: 'ad-tpl-groups', testid: 'templates-list' });
  const side = h('div', { class: 'ad-side' });
  const newBtn = h('button', {
    class: 'btn btn-primary',
    testid: 'template-new',
    i18n: 'adTemplateNew',
    attrs: { type: 'button', 'aria-keyshortcuts': 'n' },
    on: { click: () => open(null) },
  });
  const el = h(
    'div',
    { class: 'ad-screen', testid: 'admin-templates' },
    toolbar('adTemplatesTitle', newBtn),
    h('p', { class: 'hint', i18n: 'adTemplatesHint' }),
    h('div', { class: 'ad-split' }, h('div', { class: 'ad-main' }, status.el, list), side),
  );
  const rows = () => [...list.querySelectorAll<HTMLElement>('.ad-tpl')];
  const item = (tp: AnswerTemplate) => templateItem(tp, open);
  const draw = () => {
    const byCat = new Map<string | null, AnswerTemplate[]>();
    for (const tp of templates) byCat.set(tp.categoryId, [...(byCat.get(tp.categoryId) ?? []), tp]);
    replace(
      list,
      ...[...byCat.entries()].map(([cat, tps]) =>
        h(
          'section',
          { class: 'ad-tpl-group' },
          h('h3', {}, cat == null ? t('adGeneralTemplates') : nameOf(categories.find((c) => c.id === cat))),
          ...tps.map(item),
        ),
      ),
    );
  };
  function open(tp: AnswerTemplate | null): void {
    const form = buildTemplateForm(tp, categories, (changed) => {
      replace(side);
      if (changed) void reload();
      else
        rows()
          .find((r) => r.dataset.id === tp?.id)
          ?.focus();
    });
    replace(side, form);
    form.querySelector<HTMLElement>('select')?.focus();
  }
  async function reload(): Promise<void> {
    status.loading();
    try {
      [templates, categories] = await Promise.all([loadTemplates(), loadCategories()]);
      status.clear();
      draw();
    } catch (e) {
      status.failed(e);
    }
  }
  return {
    el,
    shown: () => void reload(),
    redraw: draw,
    key: (e) => (e.key === 'n' ? (open(null), true) : moveAmong(e, rows())),
  };
}
