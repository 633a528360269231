// Users: everyone who signs in, with their role, phone, units (a council member's neighbourhoods)
// and whether they are enabled; a new user or a row opens the form beside the list. Keys: n new,
// / search, j/k or arrows, Enter edit.
import { d, getLang, t } from '../../i18n/i18n.ts';
import { h, replace } from '../../lib/dom.ts';
import { formatJalaliDate } from '../../lib/jalali.ts';
import { notify } from '../../lib/notice.ts';
import {
  flattenUnits,
  loadDistricts,
  loadServers,
  loadUnits,
  loadUsers,
  nameOf,
  ROLES,
  unitLabel,
  type AdminUser,
  type DistrictView,
  type FlatUnit,
  type Role,
} from './admin-data.ts';
import { searchBox, selectOf } from './form-kit.ts';
import { moveAmong, statusLine, toolbar, type Screen } from './screen.ts';
import { buildUserForm, ROLE_LABEL } from './user-form.ts';

const COLUMNS = [
  'adUsername',
  'adDisplayName',
  'adRole',
  'adPhone',
  'adUnits',
  'adEmail',
  'adState',
  'adCreated',
] as const;

const ltr = (text: string) => h('bdi', { attrs: { dir: 'ltr' } }, text);

class UsersScreen implements Screen {
  readonly el: HTMLElement;
  private users: AdminUser[] = [];
  private units: FlatUnit[] = [];
  private districts: DistrictView[] = [];
  private servers: string[] = [];
  /** The user whose form is open; null: a new user's; undefined: no form. */
  private editing: AdminUser | null | undefined;
  private readonly status = statusLine();
  private readonly search = searchBox('adUserSearch', 'user-search');
  private readonly roleFilter = selectOf(
    [['', t('adAllRoles')], ...ROLES.map((r) => [r, t(ROLE_LABEL[r])] as [string, string])],
    '',
  );
  private readonly newBtn = h('button', {
    class: 'btn btn-primary',
    testid: 'user-new',
    i18n: 'adUserNew',
    attrs: { type: 'button', 'aria-keyshortcuts': 'n' },
    on: { click: () => this.open(null) },
  });
  private readonly tbody = h('tbody', {});
  private readonly formSlot = h('div', { class: 'ad-side' });

  constructor() {
    this.roleFilter.setAttribute('aria-label', t('adRole'));
    this.roleFilter.setAttribute('data-i18n-aria-label', 'adRole');
    const head = h('tr', {}, ...COLUMNS.map((k) => h('th', { i18n: k, attrs: { scope: 'col' } })));
    const table = h('table', { class: 'ad-table', testid: 'users-table' }, h('thead', {}, head), this.tbody);
    this.el = h(
      'div',
      { class: 'ad-screen', testid: 'admin-users' },
      toolbar('adUsersTitle', this.search, this.roleFilter, this.newBtn),
      h('div', { class: 'ad-split' }, h('div', { class: 'ad-main' }, this.status.el, table), this.formSlot),
    );
    this.search.addEventListener('input', () => this.draw());
    this.roleFilter.addEventListener('change', () => this.draw());
  }

  shown(): void {
    void this.reload();
  }

  redraw(): void {
    for (const o of this.roleFilter.options) o.textContent = o.value ? t(ROLE_LABEL[o.value as Role]) : t('adAllRoles');
    this.draw();
  }

  key(e: KeyboardEvent): boolean {
    if (e.key === 'n') return (this.open(null), true);
    if (e.key === '/') return (this.search.focus(), true);
    return moveAmong(e, this.rows());
  }

  private rows(): HTMLElement[] {
    return [...this.tbody.querySelectorAll<HTMLElement>('tr[tabindex]')];
  }

  private visible(): AdminUser[] {
    const q = this.search.value.trim().toLowerCase();
    const role = this.roleFilter.value;
    return this.users.filter(
      (u) =>
        (!role || u.role === role) &&
        (!q || u.username.includes(q) || u.displayName.toLowerCase().includes(q) || (u.extension ?? '').includes(q)),
    );
  }

  private row(u: AdminUser): HTMLElement {
    const phone = u.extension ? `${d(u.extension)} · ${u.serverId}` : '—';
    const state = h('span', {
      class: `flag ${u.disabled ? 'flag-danger' : 'ad-flag-ok'}`,
      i18n: u.disabled ? 'adDisabled' : 'adEnabled',
    });
    return h(
      'tr',
      {
        class: u.disabled ? 'is-disabled' : '',
        testid: 'admin-user',
        attrs: { tabindex: 0, 'data-username': u.username, 'aria-selected': this.editing?.id === u.id ? 'true' : null },
        on: { click: () => this.open(u), keydown: (e) => e.key === 'Enter' && this.open(u) },
      },
      h('td', {}, ltr(u.username)),
      h('td', {}, u.displayName),
      h('td', {}, t(ROLE_LABEL[u.role])),
      h('td', {}, ltr(phone)),
      h('td', { class: 'ad-units-cell' }, this.placesOf(u) || '—'),
      h('td', {}, u.email ? ltr(u.email) : '—'),
      h('td', {}, state),
      h('td', { class: 'date' }, formatJalaliDate(u.createdAt, getLang())),
    );
  }

  /** A unit user's units, a council member's neighbourhoods. */
  private placesOf(u: AdminUser): string {
    if (u.role !== 'council') return u.unitIds.map((id) => unitLabel(this.units, id)).join('، ');
    const hoods = this.districts.flatMap((dist) => dist.neighbourhoods ?? []);
    return (u.neighbourhoodIds ?? []).map((id) => nameOf(hoods.find((n) => Number(n.id) === id))).join('، ');
  }

  private draw(): void {
    const list = this.visible();
    replace(this.tbody, ...list.map((u) => this.row(u)));
    if (!this.users.length) return;
    this.status.el.textContent = list.length ? t('adUsersCount', { n: list.length }) : t('adNothingFound');
  }

  private open(u: AdminUser | null): void {
    this.editing = u;
    const form = buildUserForm({
      user: u,
      units: this.units,
      districts: this.districts,
      servers: this.servers,
      saved: (saved) => {
        notify(t(u ? 'adUserSaved' : 'adUserCreated', { name: saved.displayName }));
        this.close();
        void this.reload(saved.id);
      },
      close: () => this.close(),
    });
    replace(this.formSlot, form);
    this.draw();
    form.querySelector<HTMLElement>('input, select')?.focus();
  }

  private close(): void {
    const name = this.editing?.username;
    this.editing = undefined;
    replace(this.formSlot);
    this.draw();
    (this.rows().find((r) => r.dataset.username === name) ?? this.newBtn).focus();
  }

  private async reload(focusId?: string): Promise<void> {
    this.status.loading();
    try {
      [this.users, this.units, this.servers, this.districts] = await Promise.all([
        loadUsers(),
        loadUnits().then(flattenUnits),
        loadServers(),
        loadDistricts(),
      ]);
      this.status.clear();
      this.draw();
      const name = this.users.find((u) => u.id === focusId)?.username;
      if (name)
        this.rows()
          .find((r) => r.dataset.username === name)
          ?.focus();
    } catch (e) {
      this.status.failed(e);
    }
  }
}

export const buildUsersScreen = (): Screen => new UsersScreen();
