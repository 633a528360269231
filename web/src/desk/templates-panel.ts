// Standard answer templates of the chosen category; Alt+1…Alt+9 inserts one into the description.
import { h, replace } from '../lib/dom.ts';
import { t, d, getLang, onLangChange } from '../i18n/i18n.ts';
import { get, qs, listOf } from '../lib/api.ts';
import type { AnswerTemplate } from './types.ts';
import type { RequestForm } from './request-form.ts';
import { hotkeyDigits } from './template-keys.ts';

export interface TemplatesPanel {
  el: HTMLElement;
  /** Insert the template bound to digit n (1-9); false when there is none. */
  insert: (n: number) => boolean;
}

export function buildTemplatesPanel(form: RequestForm): TemplatesPanel {
  const list = h('div', { class: 'tpl-list', testid: 'tpl-list' });
  const el = h(
    'section',
    { class: 'panel tpls', testid: 'tpl-panel', attrs: { 'aria-labelledby': 'tpl-title' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'tpl-title', i18n: 'tplTitle' })),
    list,
  );
  let keyed = new Map<number, AnswerTemplate>();
  // null: nothing loaded yet; '' : the general phrases (no category chosen).
  let loadedFor: string | null = null;
  let seq = 0;

  const textOf = (tpl: AnswerTemplate) => (getLang() === 'fa' ? tpl.textFa : tpl.textEn || tpl.textFa);

  const draw = () => {
    if (keyed.size === 0) return replace(list, h('p', { class: 'empty', i18n: loadedFor ? 'tplNone' : 'tplHint' }));
    const items = [...keyed.entries()].sort((a, b) => a[0] - b[0]);
    replace(
      list,
      h(
        'ul',
        { class: 'tpl-items' },
        ...items.map(([n, tpl]) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                class: 'tpl',
                testid: 'tpl-item',
                attrs: {
                  type: 'button',
                  'aria-keyshortcuts': `Alt+${n}`,
                  'aria-label': t('tplInsert', { text: textOf(tpl) }),
                },
                on: { click: () => form.insertText(textOf(tpl)) },
              },
              h('kbd', {}, `Alt+${d(n)}`),
              h('span', { class: 'tpl-text', attrs: { dir: 'auto' }, text: textOf(tpl) }),
            ),
          ),
        ),
      ),
    );
  };

  const load = async () => {
    const categoryId = form.selection().categoryId;
    if (categoryId === loadedFor) return;
    const mine = ++seq;
    const r = await get<AnswerTemplate[]>(`/api/v1/templates${qs({ categoryId })}`);
    if (mine !== seq) return;
    loadedFor = categoryId;
    keyed = hotkeyDigits(listOf<AnswerTemplate>(r).filter((x) => x && typeof x.textFa === 'string'));
    draw();
  };

  form.onSelection(() => void load());
  onLangChange(draw);
  draw();
  void load();
  return {
    el,
    insert: (n) => {
      const tpl = keyed.get(n);
      if (!tpl) return false;
      form.insertText(textOf(tpl));
      return true;
    },
  };
}
