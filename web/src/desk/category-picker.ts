// Two-level category choice (group, then category) plus a quick search over all categories,
// because a centre may have hundreds of kinds of service.
import { h, replace } from '../lib/dom.ts';
import { t, getLang, onLangChange } from '../i18n/i18n.ts';
import type { Category } from './types.ts';
import { searchItems, searchTarget, type SearchTarget } from '../lib/text-search.ts';
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
  list: HTMLUListElement;
  group: HTMLSelectElement;
  leaf: HTMLSelectElement;
}

function buildPickerEls(): PickerEls {
  // A combobox of our own rather than a <datalist>: the browser's datalist matches the whole
  // "group › category" text only, an operator types a word or two of it in any order.
  const search = h('input', {
    id: 'req-category-search',
    testid: 'req-category-search',
    attrs: {
      type: 'search',
      autocomplete: 'off',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'req-category-options',
    },
  });
  search.setAttribute('data-i18n-placeholder', 'formCategorySearchHint');
  const list = h('ul', {
    id: 'req-category-options',
    class: 'suggestions',
    testid: 'req-category-options',
    attrs: {
      role: 'listbox',
      hidden: true,
      'data-i18n-aria-label': 'formCategorySearch',
      'aria-label': t('formCategorySearch'),
    },
  });
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
    h('div', { class: 'combo' }, field(search, 'formCategorySearch', 'req-category-search', list)),
    h(
      'div',
      { class: 'row-2' },
      field(group, 'formGroup', 'req-category-group'),
      field(leaf, 'formCategory', 'req-category'),
    ),
  );
  return { el, search, list, group, leaf };
}

const MAX_SUGGESTIONS = 8;

/** The search box's list: filled as the operator types, arrows to move, Enter or a click to pick. */
function wireSuggestions(
  els: PickerEls,
  candidates: () => Array<{ item: Category; target: SearchTarget }>,
  label: (c: Category) => string,
  pick: (c: Category) => void,
): () => void {
  const { search, list } = els;
  let shown: Category[] = [];
  let active = -1;
  const close = () => {
    list.hidden = true;
    search.setAttribute('aria-expanded', 'false');
    search.removeAttribute('aria-activedescendant');
  };
  const draw = () => {
    replace(
      list,
      ...shown.map((c, i) =>
        h('li', {
          id: `req-category-option-${i}`,
          class: i === active ? 'suggestion active' : 'suggestion',
          testid: 'req-category-option',
          text: label(c),
          attrs: { role: 'option', 'aria-selected': String(i === active), 'data-category-id': c.id },
          on: {
            // mousedown, not click: the input must not lose focus (and close the list) first.
            mousedown: (e) => {
              e.preventDefault();
              choose(c);
            },
          },
        }),
      ),
      shown.length === 0 ? h('li', { class: 'suggestion empty', i18n: 'formCategoryNoMatch' }) : null,
    );
    list.hidden = search.value.trim() === '';
    search.setAttribute('aria-expanded', String(!list.hidden));
    if (active >= 0) search.setAttribute('aria-activedescendant', `req-category-option-${active}`);
    else search.removeAttribute('aria-activedescendant');
  };
  const refresh = () => {
    shown = searchItems(search.value, candidates(), MAX_SUGGESTIONS);
    active = shown.length > 0 ? 0 : -1;
    draw();
  };
  const choose = (c: Category) => {
    search.value = '';
    close();
    pick(c);
  };
  search.addEventListener('input', refresh);
  search.addEventListener('blur', close);
  search.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      if (shown.length > 0) active = (active + step + shown.length) % shown.length;
      draw();
    } else if (e.key === 'Enter') {
      // Enter picks (and never submits the request form underneath).
      e.preventDefault();
      if (shown[active]) choose(shown[active]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  return () => (list.hidden ? undefined : refresh());
}

/** What the quick search looks in: every pickable category with its group, in both languages. */
function searchTargets(all: Category[]): Array<{ item: Category; target: SearchTarget }> {
  const leaves = all.filter((c) => c.parentId || childrenOf(all, c.id)[0]?.id === c.id);
  return leaves.map((c) => {
    const p = c.parentId ? findIn(all, c.parentId) : null;
    return { item: c, target: searchTarget(c.nameFa, c.nameEn, p?.nameFa ?? '', p?.nameEn ?? '') };
  });
}

export function buildCategoryPicker(): CategoryPicker {
  let all: Category[] = [];
  let pending: string | null = null;
  const listeners: Array<() => void> = [];
  const fire = () => listeners.forEach((fn) => fn());
  const els = buildPickerEls();
  const { el, group, leaf } = els;
  const byId = (id: string) => findIn(all, id);
  let targets: Array<{ item: Category; target: SearchTarget }> = [];

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
    targets = searchTargets(all);
    redrawSuggestions();
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
  const redrawSuggestions = wireSuggestions(
    els,
    () => targets,
    (c) => searchLabel(all, c),
    (c) => {
      set(c.id);
      fire();
      leaf.focus();
    },
  );
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
    onChange: (fn) => void listeners.push(fn),
  };
}
