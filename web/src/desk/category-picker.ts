// Two-level category choice (group, then category) plus a quick search over all categories,
// because a centre may have hundreds of kinds of service.
import { h, replace } from '../lib/dom.ts';
import { t, getLang, onLangChange } from '../i18n/i18n.ts';
import type { Category } from './types.ts';
import { nameOf } from './reference-data.ts';

export interface CategoryPicker {
  el: HTMLElement;
  setCategories: (list: Category[]) => void;
  /** The chosen leaf category, or null. */
  value: () => Category | null;
  /** Choose a category by id (applied when the data arrives if not there yet). */
  set: (categoryId: string | null) => void;
  groupId: () => string;
  parentOf: (c: Category) => Category | null;
  focus: () => void;
  onChange: (fn: () => void) => void;
}

// The tree's questions, asked of the current list (it arrives after the form is built).
const groupsOf = (all: Category[]) => all.filter((c) => !c.parentId);
const childrenOf = (all: Category[], groupId: string) => {
  const kids = all.filter((c) => c.parentId === groupId);
  // A group without sub-categories is itself the category.
  return kids.length > 0 ? kids : all.filter((c) => c.id === groupId);
};
const findIn = (all: Category[], id: string) => all.find((c) => c.id === id) ?? null;
const optionLabel = (c: Category) => `${nameOf(c, getLang())}${c.hazard ? ` ⚠ ${t('hazardCategory')}` : ''}`;
/** "Group › Category": what the search offers and what a pick from its list reads. */
const searchLabel = (all: Category[], c: Category) => {
  const parent = c.parentId ? findIn(all, c.parentId) : null;
  return parent ? `${nameOf(parent, getLang())} › ${nameOf(c, getLang())}` : nameOf(c, getLang());
};

interface PickerEls {
  el: HTMLElement;
  search: HTMLInputElement;
  datalist: HTMLDataListElement;
  group: HTMLSelectElement;
  leaf: HTMLSelectElement;
}

function buildPickerEls(): PickerEls {
  const search = h('input', {
    id: 'req-category-search',
    testid: 'req-category-search',
    attrs: { type: 'search', list: 'req-category-options', autocomplete: 'off' },
  });
  search.setAttribute('data-i18n-placeholder', 'formCategorySearchHint');
  const datalist = h('datalist', { id: 'req-category-options' });
  const group = h('select', { id: 'req-category-group', testid: 'req-category-group' });
  const leaf = h('select', { id: 'req-category', testid: 'req-category', attrs: { required: true } });
  const field = (
    input: HTMLElement,
    key: 'formGroup' | 'formCategory' | 'formCategorySearch',
    id: string,
    extra?: HTMLElement,
  ) => h('div', { class: 'field' }, h('label', { i18n: key, attrs: { for: id } }), input, extra ?? null);
  const el = h(
    'div',
    { class: 'category-picker' },
    field(search, 'formCategorySearch', 'req-category-search', datalist),
    h(
      'div',
      { class: 'row-2' },
      field(group, 'formGroup', 'req-category-group'),
      field(leaf, 'formCategory', 'req-category'),
    ),
  );
  return { el, search, datalist, group, leaf };
}

export function buildCategoryPicker(): CategoryPicker {
  let all: Category[] = [];
  let pending: string | null = null;
  const listeners: Array<() => void> = [];
  const fire = () => listeners.forEach((fn) => fn());
  const { el, search, datalist, group, leaf } = buildPickerEls();
  const byId = (id: string) => findIn(all, id);

  const fillLeaf = (keep: string) => {
    const g = group.value;
    leaf.disabled = !g;
    replace(
      leaf,
      h('option', { attrs: { value: '' }, text: g ? t('formChoose') : t('formChooseGroupFirst') }),
      ...(g ? childrenOf(all, g).map((c) => h('option', { attrs: { value: c.id } }, optionLabel(c))) : []),
    );
    leaf.value = keep && childrenOf(all, g).some((c) => c.id === keep) ? keep : '';
  };

  const fill = () => {
    const g = group.value;
    const l = leaf.value;
    replace(
      group,
      h('option', { attrs: { value: '' }, text: t('formChoose') }),
      ...groupsOf(all).map((c) => h('option', { attrs: { value: c.id } }, nameOf(c, getLang()))),
    );
    group.value = groupsOf(all).some((c) => c.id === g) ? g : '';
    fillLeaf(l);
    const leaves = all.filter((c) => c.parentId || childrenOf(all, c.id)[0]?.id === c.id);
    replace(datalist, ...leaves.map((c) => h('option', { attrs: { value: searchLabel(all, c) } })));
  };

  const set = (id: string | null) => {
    const c = id ? byId(id) : null;
    if (id && !c) {
      pending = id;
      return;
    }
    pending = null;
    group.value = c ? (c.parentId ?? c.id) : '';
    fillLeaf(c ? c.id : '');
  };

  group.addEventListener('change', () => {
    fillLeaf('');
    fire();
  });
  leaf.addEventListener('change', fire);
  search.addEventListener('input', () => {
    const match = all.find((c) => searchLabel(all, c) === search.value);
    if (!match) return;
    set(match.id);
    search.value = '';
    fire();
    leaf.focus();
  });
  onLangChange(fill);
  fill();

  return {
    el,
    setCategories: (list) => {
      all = list;
      fill();
      if (pending) set(pending);
    },
    value: () => (leaf.value ? byId(leaf.value) : null),
    set,
    groupId: () => group.value,
    parentOf: (c) => (c.parentId ? byId(c.parentId) : null),
    focus: () => group.focus(),
    onChange: (fn) => {
      listeners.push(fn);
    },
  };
}
