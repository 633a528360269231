// Categories: the groups and their subcategories operators pick from, each with its fallback unit,
// deadline hours and how they count, hazard and whether in use. Keys: n new subcategory (in the
// chosen group), g new group, / filter, j/k or arrows, Enter edit.
import { d, t } from '../../i18n/i18n.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import {
  flattenUnits,
  loadCategories,
  loadUnits,
  nameOf,
  unitLabel,
  type CategoryAdminView,
  type FlatUnit,
} from './admin-data.ts';
import { buildCategoryForm } from './category-form.ts';
import { searchBox } from './form-kit.ts';
import { moveAmong, statusLine, toolbar, type Screen } from './screen.ts';

const HEADS = ['adCategory', 'adFallbackUnit', 'adDeadline', 'adHazard', 'adState'] as const;

class CategoriesScreen implements Screen {
  readonly el: HTMLElement;
  private categories: CategoryAdminView[] = [];
  private units: FlatUnit[] = [];
  private chosen: CategoryAdminView | null = null;
  private readonly status = statusLine();
  private readonly filter = searchBox('adCategoriesFilter');
  private readonly tbody = h('tbody', {});
  private readonly side = h('div', { class: 'ad-side' });

  constructor() {
    const newSub = h('button', {
      class: 'btn btn-primary',
      testid: 'category-new',
      i18n: 'adSubcategoryNew',
      attrs: { type: 'button', 'aria-keyshortcuts': 'n' },
      on: { click: () => this.open(null, this.groupOfChosen()) },
    });
    const newGroup = h('button', {
      class: 'btn',
      i18n: 'adGroupNew',
      attrs: { type: 'button', 'aria-keyshortcuts': 'g' },
      on: { click: () => this.open(null, null) },
    });
    const head = h('tr', {}, ...HEADS.map((k) => h('th', { i18n: k, attrs: { scope: 'col' } })));
    const table = h('table', { class: 'ad-table', testid: 'categories-table' }, h('thead', {}, head), this.tbody);
    this.el = h(
      'div',
      { class: 'ad-screen', testid: 'admin-categories' },
      toolbar('adCategoriesTitle', this.filter, newSub, newGroup),
      h('div', { class: 'ad-split' }, h('div', { class: 'ad-main' }, this.status.el, table), this.side),
    );
    this.filter.addEventListener('input', () => this.draw());
  }

  shown(): void {
    void this.reload();
  }

  redraw(): void {
    this.draw();
  }

  key(e: KeyboardEvent): boolean {
    if (e.key === 'n') return (this.open(null, this.groupOfChosen()), true);
    if (e.key === 'g') return (this.open(null, null), true);
    if (e.key === '/') return (this.filter.focus(), true);
    return moveAmong(e, this.rows());
  }

  private rows(): HTMLElement[] {
    return [...this.tbody.querySelectorAll<HTMLElement>('tr[tabindex]')];
  }

  private groupOfChosen(): string | null {
    const c = this.chosen;
    return c ? (c.parentId ?? c.id) : (this.categories.find((x) => x.parentId == null)?.id ?? null);
  }

  private row(c: CategoryAdminView): HTMLElement {
    const isGroup = c.parentId == null && c.children > 0;
    const deadline = t(c.deadlineBasis === 'calendar' ? 'adHoursCalendar' : 'adHoursWorking', { n: c.deadlineHours });
    const state = h('span', {
      class: `flag ${c.active ? 'ad-flag-ok' : 'flag-danger'}`,
      i18n: c.active ? 'adActive' : 'adInactive',
    });
    return h(
      'tr',
      {
        class: `${c.parentId == null ? 'ad-group-row' : 'ad-sub-row'}${c.active ? '' : ' is-disabled'}`,
        testid: 'category-row',
        attrs: { tabindex: 0, 'data-code': c.code, 'aria-selected': this.chosen?.id === c.id ? 'true' : null },
        on: { click: () => this.open(c), keydown: (e) => e.key === 'Enter' && this.open(c) },
      },
      h('td', {}, nameOf(c)),
      h('td', {}, c.unitId != null ? unitLabel(this.units, c.unitId) : '—'),
      h('td', {}, isGroup ? '—' : deadline),
      h('td', {}, c.hazard ? h('span', { class: 'flag flag-danger', i18n: 'adHazard' }) : ''),
      h('td', {}, state),
    );
  }

  private draw(): void {
    const q = this.filter.value.trim().toLowerCase();
    const match = (c: CategoryAdminView) =>
      !q || c.nameFa.toLowerCase().includes(q) || c.nameEn.toLowerCase().includes(q) || c.code.includes(q);
    // A group shows when it or one of its subcategories matches.
    const shown = this.categories.filter(
      (c) => match(c) || (c.parentId == null && this.categories.some((x) => x.parentId === c.id && match(x))),
    );
    replace(this.tbody, ...shown.map((c) => this.row(c)));
    const leaves = this.categories.filter((c) => c.parentId != null).length;
    this.status.el.textContent = this.categories.length ? t('adCategoriesCount', { n: d(leaves) }) : '';
  }

  private open(c: CategoryAdminView | null, parentId: string | null = null): void {
    this.chosen = c ?? this.chosen;
    const form = buildCategoryForm({
      category: c,
      parentId,
      categories: this.categories,
      units: this.units,
      saved: (saved) => {
        notify(t('adCategorySaved', { name: nameOf(saved) }));
        this.chosen = saved;
        replace(this.side);
        void this.reload(saved.id);
      },
      close: () => {
        replace(this.side);
        this.rows()
          .find((r) => r.getAttribute('aria-selected') === 'true')
          ?.focus();
      },
    });
    replace(this.side, form);
    this.draw();
    form.querySelector<HTMLElement>('input')?.focus();
  }

  private async reload(focusId?: string): Promise<void> {
    this.status.loading();
    try {
      const [categories, units] = await Promise.all([loadCategories(), loadUnits()]);
      [this.categories, this.units] = [categories, flattenUnits(units)];
      this.draw();
      const code = this.categories.find((c) => c.id === focusId)?.code;
      if (code)
        this.rows()
          .find((r) => r.dataset.code === code)
          ?.focus();
    } catch (e) {
      this.status.failed(e);
    }
  }
}

export const buildCategoriesScreen = (): Screen => new CategoriesScreen();
