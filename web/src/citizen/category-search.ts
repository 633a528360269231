// Choosing the problem: a search that finds "چاله" typed with Arabic ي/ك, half-spaces or none,
// Persian or Latin digits (the desk's text-search), and, with nothing typed, the groups to browse.
import { searchItems, searchTarget, type SearchTarget } from '../lib/text-search.ts';
import { h, replace } from './dom.ts';
import { lang, onLang, t } from './i18n.ts';

export interface PublicCategory {
  id: string;
  parentId: string | null;
  nameFa: string;
  nameEn: string;
}

const name = (c: PublicCategory) => (lang() === 'fa' ? c.nameFa : c.nameEn);
const RESULTS_MAX = 8;

export function categorySearch(all: PublicCategory[]) {
  const byId = new Map(all.map((c) => [c.id, c]));
  const parents = new Set(all.map((c) => c.parentId).filter((p): p is string => p !== null));
  const leaves = all.filter((c) => !parents.has(c.id));
  const targets: Array<{ item: PublicCategory; target: SearchTarget }> = leaves.map((c) => {
    const p = c.parentId ? byId.get(c.parentId) : undefined;
    return { item: c, target: searchTarget(c.nameFa, c.nameEn, p?.nameFa ?? '', p?.nameEn ?? '') };
  });
  let chosen: PublicCategory | null = null;
  let group: string | null = null;
  const input = h('input', { type: 'search', id: 'category-search', autocomplete: 'off', 'data-kp': 'categorySearch' });
  input.placeholder = t('categorySearch');
  const list = h('div', { class: 'choices', role: 'list' });
  const picked = h('div', { class: 'picked', hidden: true });
  const el = h('div', { class: 'category-search' }, input, list, picked);

  const label = (c: PublicCategory) => {
    const p = c.parentId ? byId.get(c.parentId) : undefined;
    return p ? `${name(p)} › ${name(c)}` : name(c);
  };
  const choice = (text: string, onPick: () => void, cls = 'choice') => {
    const b = h('button', { type: 'button', class: cls, role: 'listitem' }, text);
    b.addEventListener('click', onPick);
    return b;
  };

  function render(): void {
    input.hidden = chosen !== null;
    list.hidden = chosen !== null;
    picked.hidden = chosen === null;
    if (chosen) {
      const change = h('button', { type: 'button', class: 'link' }, t('categoryChange'));
      change.addEventListener('click', () => {
        chosen = null;
        render();
        input.focus();
      });
      replace(picked, h('span', {}, t('categoryChosen', { name: label(chosen) })), ' ', change);
      return;
    }
    const q = input.value.trim();
    let items: HTMLElement[];
    if (q) {
      const hits = searchItems(q, targets, RESULTS_MAX);
      items = hits.map((c) => choice(label(c), () => pick(c)));
      if (!hits.length) items = [h('p', { class: 'muted' }, t('categoryNone'))];
    } else if (group) {
      items = leaves.filter((c) => c.parentId === group).map((c) => choice(name(c), () => pick(c)));
    } else {
      const roots = all.filter((c) => c.parentId === null);
      items = roots.map((c) =>
        parents.has(c.id)
          ? choice(name(c), () => ((group = c.id), render()), 'choice group')
          : choice(name(c), () => pick(c)),
      );
    }
    replace(list, ...items);
  }

  function pick(c: PublicCategory): void {
    chosen = c;
    render();
  }

  input.addEventListener('input', () => {
    group = null;
    render();
  });
  onLang(render);
  render();
  return { el, value: () => chosen, reset: () => ((chosen = null), (group = null), (input.value = ''), render()) };
}
