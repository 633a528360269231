// Who works in a unit: its managers and staff (users with a unit role), chosen from the unit
// users. Saving replaces the unit's members (PUT /units/:id/members); each look is audited.
import { t } from '../../i18n/i18n.ts';
import { get, put } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import type { UnitMemberView } from '../../lib/server-types.ts';
import { isUnitRole, nameOf, type AdminUser, type UnitView } from './admin-data.ts';
import { adminErrorText, ariaLabel, formError } from './form-kit.ts';
import { ROLE_LABEL } from './user-form.ts';

export function buildUnitMembers(unit: UnitView, users: AdminUser[], changed: () => void): HTMLElement {
  const candidates = users.filter((u) => isUnitRole(u.role) && !u.disabled);
  const chosen = new Set<string>();
  const list = h('ul', { class: 'ad-pick-list ad-members', attrs: { role: 'group', ...ariaLabel('adMembers') } });
  const status = h('p', { class: 'empty', attrs: { role: 'status' } }, t('adLoading'));
  const error = formError();
  const draw = () => {
    // Managers first, then staff; members before the others.
    const sorted = [...candidates].sort(
      (a, b) =>
        Number(chosen.has(b.id)) - Number(chosen.has(a.id)) ||
        Number(b.role === 'unit-manager') - Number(a.role === 'unit-manager') ||
        a.displayName.localeCompare(b.displayName, 'fa'),
    );
    replace(
      list,
      ...sorted.map((u) => {
        const box = h('input', { attrs: { type: 'checkbox', value: u.id } });
        box.checked = chosen.has(u.id);
        box.addEventListener('change', () => (box.checked ? chosen.add(u.id) : chosen.delete(u.id)));
        return h(
          'li',
          {},
          h(
            'label',
            { class: 'ad-check' },
            box,
            h('span', {}, u.displayName, ' ', h('span', { class: 'muted' }, `(${t(ROLE_LABEL[u.role])})`)),
          ),
        );
      }),
    );
    status.textContent = candidates.length ? '' : t('adNoUnitUsers');
  };
  const save = async () => {
    error.textContent = '';
    const r = await put<{ members: UnitMemberView[] }>(`/api/v1/units/${unit.id}/members`, { userIds: [...chosen] });
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    notify(t('adMembersSaved', { unit: nameOf(unit), n: r.data.members.length }));
    changed();
  };
  void get<{ members: UnitMemberView[] }>(`/api/v1/units/${unit.id}/members`).then((r) => {
    if (!r.ok) {
      status.textContent = adminErrorText(r.status, r.error);
      return;
    }
    for (const m of r.data.members) chosen.add(m.userId);
    draw();
  });
  return h(
    'section',
    { class: 'panel ad-form', testid: 'unit-members' },
    h('h3', { i18n: 'adMembers' }),
    h('p', { class: 'hint', i18n: 'adMembersHint' }),
    status,
    list,
    error,
    h(
      'div',
      { class: 'ad-actions' },
      h('button', { class: 'btn', i18n: 'adMembersSave', attrs: { type: 'button' }, on: { click: () => void save() } }),
    ),
  );
}
