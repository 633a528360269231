// Category → unit per district: for one category, which unit each district's requests go to,
// and the city-wide route for districts without one (then the category's own unit). A change is
// saved at once (PUT /unit-routes, or DELETE for "no route"). "Each district's own …" fills every
// district with its unit of that kind (district-5-roads for District 5, and so on).
import { t } from '../../i18n/i18n.ts';
import { del, put } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import {
  flattenUnits,
  loadCategories,
  loadDistricts,
  loadRoutes,
  loadUnits,
  nameOf,
  unitLabel,
  type CategoryAdminView,
  type DistrictView,
  type FlatUnit,
  type UnitRouteView,
} from './admin-data.ts';
import { adminErrorText, ariaLabel } from './form-kit.ts';
import { statusLine, toolbar, type Screen } from './screen.ts';

/**
 * The kinds of district units ("roads", "waste"…): units whose code is their district's code plus
 * a suffix, each with a readable name taken from one of them ("District 5 — Roads" → "Roads").
 */
function districtSuffixes(flat: FlatUnit[]): Array<[suffix: string, label: string]> {
  const roots = flat.filter((f) => f.unit.kind === 'district');
  const out = new Map<string, string>();
  for (const r of roots)
    for (const f of flat) {
      const u = f.unit;
      if (u.districtId !== r.unit.districtId || u.kind !== 'unit' || !u.code.startsWith(`${r.unit.code}-`)) continue;
      const suffix = u.code.slice(r.unit.code.length + 1);
      if (!out.has(suffix)) out.set(suffix, `${nameOf(u).split(' — ').at(-1)} (${suffix})`);
    }
  return [...out.entries()].sort((x, y) => x[0].localeCompare(y[0]));
}

function unitFor(flat: FlatUnit[], districtId: string, suffix: string): number | null {
  const root = flat.find((f) => f.unit.kind === 'district' && String(f.unit.districtId) === districtId);
  return root ? (flat.find((f) => f.unit.code === `${root.unit.code}-${suffix}`)?.unit.id ?? null) : null;
}

/** A unit picker for one district's row: that district's units, then the city-wide ones. */
function unitSelect(flat: FlatUnit[], districtId: string | null, current: number | null): HTMLSelectElement {
  const here = flat.filter((f) => districtId !== null && String(f.unit.districtId) === districtId && f.unit.active);
  const city = flat.filter((f) => f.unit.districtId == null && f.unit.active);
  const group = (label: string, list: FlatUnit[]) =>
    h(
      'optgroup',
      { attrs: { label } },
      ...list.map((f) => h('option', { attrs: { value: String(f.unit.id) } }, nameOf(f.unit))),
    );
  const sel = h(
    'select',
    {},
    h('option', { attrs: { value: '' } }, districtId ? t('adNoRouteDistrict') : t('adNoRouteCity')),
    here.length ? group(t('adUnitsOfDistrict'), here) : null,
    group(t('adCityUnits'), city),
  );
  // A route to somewhere else (another district's unit) is still shown as it is.
  if (current != null && ![...here, ...city].some((f) => f.unit.id === current))
    sel.append(h('option', { attrs: { value: String(current) } }, unitLabel(flat, current)));
  sel.value = current == null ? '' : String(current);
  return sel;
}

class RoutingScreen implements Screen {
  readonly el: HTMLElement;
  private flat: FlatUnit[] = [];
  private districts: DistrictView[] = [];
  private categories: CategoryAdminView[] = [];
  private routes: UnitRouteView[] = [];
  private readonly status = statusLine();
  private readonly catSel = h('select', { testid: 'routing-category', attrs: ariaLabel('adCategory') });
  private readonly summary = h('p', { class: 'ad-summary', testid: 'routing-summary' });
  private readonly suffixSel = h('select', { attrs: ariaLabel('adFillKind') });
  private readonly fillBtn = h('button', {
    class: 'btn',
    i18n: 'adFillApply',
    attrs: { type: 'button' },
    on: { click: () => void this.fill() },
  });
  private readonly tbody = h('tbody', {});

  constructor() {
    const head = h(
      'tr',
      {},
      h('th', { i18n: 'adDistrict', attrs: { scope: 'col' } }),
      h('th', { i18n: 'adUnit', attrs: { scope: 'col' } }),
    );
    this.el = h(
      'div',
      { class: 'ad-screen', testid: 'admin-routing' },
      toolbar('adRoutingTitle', this.catSel),
      h('p', { class: 'hint', i18n: 'adRoutingHint' }),
      this.summary,
      h('div', { class: 'ad-fill' }, h('span', { i18n: 'adFillLabel' }), this.suffixSel, this.fillBtn),
      this.status.el,
      h('table', { class: 'ad-table', testid: 'routes-table' }, h('thead', {}, head), this.tbody),
    );
    this.catSel.addEventListener('change', () => void this.showCategory());
  }

  shown(): void {
    this.status.loading();
    void Promise.all([loadUnits(), loadDistricts(), loadCategories()])
      .then(([units, districts, categories]) => {
        [this.flat, this.districts, this.categories] = [flattenUnits(units), districts, categories];
        this.fillChoices();
        return this.showCategory();
      })
      .catch((e: unknown) => this.status.failed(e));
  }

  redraw(): void {
    this.fillChoices();
    this.draw();
  }

  key(e: KeyboardEvent): boolean {
    if (e.key !== '/') return false;
    this.catSel.focus();
    return true;
  }

  private category(): CategoryAdminView | undefined {
    return this.categories.find((c) => c.id === this.catSel.value);
  }

  private row(districtId: string | null, label: string): HTMLElement {
    const route = this.routes.find((r) => (r.districtId == null ? null : String(r.districtId)) === districtId);
    const sel = unitSelect(this.flat, districtId, route?.unitId ?? null);
    sel.setAttribute('aria-label', t('adRouteFor', { place: label }));
    const saved = h('span', { class: 'ad-saved', attrs: { role: 'status' } });
    sel.addEventListener('change', () => void this.save(route, districtId, sel));
    return h(
      'tr',
      { testid: 'route-row', attrs: { 'data-district': districtId ?? 'city' } },
      h('th', { attrs: { scope: 'row' } }, label),
      h('td', {}, sel, ' ', saved),
    );
  }

  private draw(): void {
    const c = this.category();
    this.summary.textContent = c
      ? t(c.deadlineBasis === 'calendar' ? 'adRoutingSummaryCalendar' : 'adRoutingSummaryWorking', {
          unit: c.unitId != null ? unitLabel(this.flat, c.unitId) : t('adNone'),
          n: c.deadlineHours,
        })
      : '';
    replace(this.tbody, this.row(null, t('adCityWide')), ...this.districts.map((x) => this.row(x.id, nameOf(x))));
  }

  private async save(route: UnitRouteView | undefined, districtId: string | null, sel: HTMLSelectElement) {
    const body = {
      categoryId: Number(this.catSel.value),
      districtId: districtId ? Number(districtId) : null,
      unitId: Number(sel.value),
    };
    const r = sel.value
      ? await put('/api/v1/unit-routes', body)
      : route
        ? await del(`/api/v1/unit-routes/${route.id}`)
        : null;
    if (r && !r.ok) {
      notify(adminErrorText(r.status, r.error), 'error');
      return;
    }
    // Drawn again from the list read back: each row holds its current route (for a later "none").
    this.routes = await loadRoutes(this.catSel.value).catch(() => this.routes);
    this.draw();
    const tr = this.tbody.querySelector(`tr[data-district="${districtId ?? 'city'}"]`);
    tr?.querySelector('select')?.focus();
    const mark = tr?.querySelector('.ad-saved');
    if (mark) mark.textContent = t('adSavedMark');
  }

  private async fill(): Promise<void> {
    const suffix = this.suffixSel.value;
    let n = 0;
    for (const x of this.districts) {
      const unitId = unitFor(this.flat, x.id, suffix);
      if (unitId == null) continue;
      const r = await put('/api/v1/unit-routes', {
        categoryId: Number(this.catSel.value),
        districtId: Number(x.id),
        unitId,
      });
      if (!r.ok) {
        notify(adminErrorText(r.status, r.error), 'error');
        break;
      }
      n++;
    }
    notify(t('adFilled', { n, category: nameOf(this.category()) }));
    await this.showCategory();
  }

  private async showCategory(): Promise<void> {
    if (!this.catSel.value) return;
    try {
      this.routes = await loadRoutes(this.catSel.value);
      this.status.clear();
      this.draw();
    } catch (e) {
      this.status.failed(e);
    }
  }

  private fillChoices(): void {
    const keep = this.catSel.value;
    const groups = this.categories.filter((c) => c.parentId == null);
    const leaves = (g: CategoryAdminView) => this.categories.filter((c) => c.parentId === g.id && c.active);
    replace(
      this.catSel,
      ...groups.map((g) =>
        h(
          'optgroup',
          { attrs: { label: nameOf(g) } },
          ...leaves(g).map((c) => h('option', { attrs: { value: c.id } }, nameOf(c))),
        ),
      ),
    );
    this.catSel.value = keep || (this.categories.find((c) => c.parentId != null && c.active)?.id ?? '');
    replace(
      this.suffixSel,
      ...districtSuffixes(this.flat).map(([v, label]) => h('option', { attrs: { value: v } }, label)),
    );
    this.fillBtn.disabled = this.suffixSel.options.length === 0;
  }
}

export const buildRoutingScreen = (): Screen => new RoutingScreen();
