// Units: the tree (district municipality → department → unit, and the city-wide organisations)
// with each unit's kind, working hours, escalation and managers; a unit opens its form and its
// members beside the tree. Keys: n new (under the unit chosen), / filter, j/k or arrows, Enter.
import { d, t } from '../../i18n/i18n.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import {
  flattenUnits,
  loadDistricts,
  loadUnits,
  loadUsers,
  nameOf,
  type AdminUser,
  type DistrictView,
  type FlatUnit,
  type UnitView,
} from './admin-data.ts';
import { moveAmong, statusLine, toolbar, type Screen } from './screen.ts';
import { searchBox } from './form-kit.ts';
import { buildUnitForm, KIND_LABEL } from './unit-form.ts';
import { buildUnitMembers } from './unit-members.ts';

const DAY_KEYS = ['adDaySun', 'adDayMon', 'adDayTue', 'adDayWed', 'adDayThu', 'adDayFri', 'adDaySat'] as const;

/** "شنبه تا چهارشنبه · ۰۷:۳۰–۱۴:۳۰": a unit's week (Saturday first), a run of days as a range. */
function hoursText(u: UnitView): string {
  const week = [6, 0, 1, 2, 3, 4, 5];
  const on = week.map((x) => u.workDays.includes(x));
  const first = on.indexOf(true);
  const last = on.lastIndexOf(true);
  const run = first >= 0 && on.slice(first, last + 1).every(Boolean) && last - first >= 2;
  const name = (i: number) => t(DAY_KEYS[week[i]!]!);
  const days = run
    ? t('adDaysRange', { from: name(first), to: name(last) })
    : week.flatMap((_, i) => (on[i] ? [name(i)] : [])).join('، ');
  return `${days} · ${d(u.workStart)}–${d(u.workEnd)}`;
}

class UnitsScreen implements Screen {
  readonly el: HTMLElement;
  private flat: FlatUnit[] = [];
  private districts: DistrictView[] = [];
  private users: AdminUser[] = [];
  private chosen: number | null = null;
  private readonly status = statusLine();
  private readonly filter = searchBox('adUnitsFilter');
  private readonly tree = h('ul', { class: 'ad-tree', testid: 'units-tree' });
  private readonly side = h('div', { class: 'ad-side' });

  constructor() {
    const newBtn = h('button', {
      class: 'btn btn-primary',
      testid: 'unit-new',
      i18n: 'adUnitNew',
      attrs: { type: 'button', 'aria-keyshortcuts': 'n' },
      on: { click: () => this.open(null) },
    });
    this.el = h(
      'div',
      { class: 'ad-screen', testid: 'admin-units' },
      toolbar('adUnitsTitle', this.filter, newBtn),
      h('div', { class: 'ad-split' }, h('div', { class: 'ad-main' }, this.status.el, this.tree), this.side),
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
    if (e.key === 'n') return (this.open(null), true);
    if (e.key === '/') return (this.filter.focus(), true);
    if (e.key === 'Escape' && this.side.firstChild) return (replace(this.side), true);
    return moveAmong(e, this.rows());
  }

  private rows(): HTMLElement[] {
    return [...this.tree.querySelectorAll<HTMLElement>('.ad-node')];
  }

  private node(f: FlatUnit): HTMLElement {
    const u = f.unit;
    const managers = u.managers.map((m) => m.displayName).join('، ');
    const button = h(
      'button',
      {
        class: `ad-node${u.active ? '' : ' is-disabled'}`,
        testid: 'unit-node',
        attrs: { type: 'button', 'data-code': u.code, 'aria-pressed': String(this.chosen === u.id) },
        on: { click: () => this.open(u) },
      },
      h('span', { class: 'ad-node-name' }, nameOf(u)),
      h('span', { class: `flag ad-kind ad-kind-${u.kind}`, i18n: KIND_LABEL[u.kind] }),
      u.active ? null : h('span', { class: 'flag flag-danger', i18n: 'adInactive' }),
      h(
        'span',
        { class: 'ad-node-meta muted' },
        hoursText(u),
        ' · ',
        t('adEscalateShort', { n: u.escalateAfterHours }),
      ),
      managers ? h('span', { class: 'ad-node-meta' }, t('adManagersAre', { names: managers })) : null,
    );
    return h('li', { class: `ad-depth-${Math.min(f.depth, 4)}` }, button);
  }

  private draw(): void {
    const q = this.filter.value.trim().toLowerCase();
    const shown = this.flat.filter(
      ({ unit: u }) =>
        !q || u.nameFa.toLowerCase().includes(q) || u.nameEn.toLowerCase().includes(q) || u.code.includes(q),
    );
    replace(this.tree, ...shown.map((f) => this.node(f)));
    if (this.flat.length && !shown.length) this.status.el.textContent = t('adNothingFound');
  }

  private open(u: UnitView | null): void {
    this.chosen = u?.id ?? this.chosen;
    const form = buildUnitForm({
      unit: u,
      parentId: u ? u.parentId : this.chosen,
      units: this.flat,
      districts: this.districts,
      saved: (saved) => {
        notify(t('adUnitSaved', { name: nameOf(saved) }));
        this.chosen = saved.id;
        void this.reload(true);
      },
      close: () => {
        replace(this.side);
        this.rows()
          .find((r) => r.getAttribute('aria-pressed') === 'true')
          ?.focus();
      },
    });
    replace(this.side, form, u ? buildUnitMembers(u, this.users, () => void this.reload(true)) : null);
    this.draw();
    form.querySelector<HTMLElement>('input')?.focus();
  }

  private async reload(keepOpen = false): Promise<void> {
    this.status.loading();
    try {
      const [units, districts, users] = await Promise.all([loadUnits(), loadDistricts(), loadUsers()]);
      [this.flat, this.districts, this.users] = [flattenUnits(units), districts, users];
      this.status.clear();
      this.draw();
      const again = this.flat.find((f) => f.unit.id === this.chosen)?.unit;
      if (keepOpen && again) this.open(again);
    } catch (e) {
      this.status.failed(e);
    }
  }
}

export const buildUnitsScreen = (): Screen => new UnitsScreen();
