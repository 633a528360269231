// One user's form: a new user (username, password) or an existing one (name, role, e-mail, phone,
// units, enabled; a new password apart). The role decides what else shows: an operator's phone
// and server, a unit user's units, a council member's neighbourhoods.
import { t, type StringKey } from '../../i18n/i18n.ts';
import { patch, post } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { isUnitRole, ROLES, type AdminUser, type DistrictView, type FlatUnit, type Role } from './admin-data.ts';
import {
  adminErrorText,
  checkbox,
  confirmButton,
  field,
  formError,
  latin,
  selectOf,
  textInput,
  closeOnEscape,
} from './form-kit.ts';
import { buildNeighbourhoodPicker } from './neighbourhood-picker.ts';
import { buildUnitPicker } from './unit-picker.ts';

export const ROLE_LABEL: Record<Role, StringKey> = {
  operator: 'adRoleOperator',
  supervisor: 'adRoleSupervisor',
  admin: 'adRoleAdmin',
  viewer: 'adRoleViewer',
  unit: 'adRoleUnit',
  'unit-manager': 'adRoleUnitManager',
  manager: 'adRoleManager',
  council: 'adRoleCouncil',
};

export interface UserFormDeps {
  user: AdminUser | null;
  units: FlatUnit[];
  /** The districts with their neighbourhoods (a council member's picker). */
  districts: DistrictView[];
  servers: string[];
  saved: (u: AdminUser) => void;
  close: () => void;
}

type Controls = ReturnType<typeof controls>;

function controls(d: UserFormDeps) {
  const u = d.user;
  const password = textInput('', { type: 'password', name: 'password', max: 200 });
  password.autocomplete = 'new-password';
  const extension = textInput(u?.extension ?? '', { ltr: true, name: 'extension', max: 10 });
  extension.inputMode = 'numeric';
  return {
    username: textInput(u?.username ?? '', { ltr: true, name: 'username', max: 40 }),
    displayName: textInput(u?.displayName ?? '', { name: 'displayName', max: 80 }),
    role: selectOf(
      ROLES.map((r) => [r, t(ROLE_LABEL[r])]),
      u?.role ?? 'operator',
      'role',
    ),
    password,
    email: textInput(u?.email ?? '', { ltr: true, name: 'email', type: 'email' }),
    extension,
    server: selectOf(
      d.servers.map((s) => [s, s]),
      u?.serverId ?? d.servers[0] ?? 'pbx1',
      'serverId',
    ),
    disabled: checkbox('adUserDisabled', u?.disabled ?? false, 'disabled'),
    units: buildUnitPicker(d.units, u?.unitIds ?? []),
    hoods: buildNeighbourhoodPicker(d.districts, u?.neighbourhoodIds ?? []),
  };
}

/** What the form sends: only what the role has (a phone for an operator, units for a unit user, neighbourhoods for a council member). */
function bodyOf(c: Controls, u: AdminUser | null): Record<string, unknown> {
  const r = c.role.value as Role;
  const out: Record<string, unknown> = {
    displayName: c.displayName.value.trim(),
    role: r,
    email: c.email.value.trim() || null,
  };
  if (r === 'operator' && latin(c.extension))
    Object.assign(out, { extension: latin(c.extension), serverId: c.server.value });
  // A disabled operator's phone can be taken back (to give it to someone else) by emptying it.
  else if (r === 'operator' && u && c.disabled.input.checked) out.extension = null;
  if (isUnitRole(r)) out.unitIds = c.units.value();
  if (r === 'council') out.neighbourhoodIds = c.hoods.value();
  if (!u) Object.assign(out, { username: c.username.value.trim().toLowerCase(), password: c.password.value });
  else out.disabled = c.disabled.input.checked;
  return out;
}

export function buildUserForm(d: UserFormDeps): HTMLElement {
  const u = d.user;
  const c = controls(d);
  const phoneRow = h(
    'div',
    { class: 'row-2' },
    field('adExtension', c.extension, 'adExtensionHint'),
    field('adServer', c.server),
  );
  const unitsRow = field('adUnits', c.units.el, 'adUnitsHint');
  const hoodsRow = field('adNeighbourhoods', c.hoods.el, 'adNeighbourhoodsHint');
  const error = formError();
  const showRole = () => {
    phoneRow.hidden = c.role.value !== 'operator';
    unitsRow.hidden = !isUnitRole(c.role.value as Role);
    hoodsRow.hidden = c.role.value !== 'council';
  };
  c.role.addEventListener('change', showRole);
  showRole();
  const submit = async (e: Event) => {
    e.preventDefault();
    error.textContent = '';
    const body = bodyOf(c, u);
    const r = u
      ? await patch<AdminUser>(`/api/v1/admin/users/${u.id}`, body)
      : await post<AdminUser>('/api/v1/admin/users', body);
    if (!r.ok) error.textContent = adminErrorText(r.status, r.error);
    else d.saved(r.data);
  };
  const form = h(
    'form',
    {
      class: 'panel ad-form',
      testid: 'user-form',
      attrs: { novalidate: true, 'aria-labelledby': 'ad-user-form-title' },
    },
    h('h3', { id: 'ad-user-form-title', i18n: u ? 'adUserEdit' : 'adUserNew' }),
    u
      ? h('p', { class: 'muted' }, h('bdi', { attrs: { dir: 'ltr' } }, u.username))
      : field('adUsername', c.username, 'adUsernameHint'),
    field('adDisplayName', c.displayName),
    h('div', { class: 'row-2' }, field('adRole', c.role), field('adEmail', c.email)),
    u ? null : field('adPassword', c.password, 'adPasswordHint'),
    phoneRow,
    unitsRow,
    hoodsRow,
    u ? c.disabled.el : null,
    error,
    h(
      'div',
      { class: 'ad-actions' },
      h('button', { class: 'btn btn-primary', i18n: 'adSave', attrs: { type: 'submit' } }),
      h('button', { class: 'btn btn-quiet', i18n: 'adCancel', attrs: { type: 'button' }, on: { click: d.close } }),
    ),
  );
  form.addEventListener('submit', (e) => void submit(e));
  // The new password is a form of its own: Enter in it must not save the user's other fields.
  const wrap = h('div', { class: 'ad-form-wrap' }, form, u ? buildPasswordReset(u) : null);
  closeOnEscape(wrap, d.close);
  return wrap;
}

/** A new password for someone who forgot theirs: their sessions end, they sign in with it. */
function buildPasswordReset(u: AdminUser): HTMLElement {
  const input = textInput('', { type: 'password', name: 'newPassword', max: 200 });
  input.autocomplete = 'new-password';
  const status = h('p', { class: 'ad-status', attrs: { role: 'status' } });
  const error = formError();
  const set = async () => {
    error.textContent = '';
    status.textContent = '';
    const r = await post(`/api/v1/admin/users/${u.id}/password`, { password: input.value });
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    input.value = '';
    status.textContent = t('adPasswordSet', { name: u.displayName });
  };
  return h(
    'fieldset',
    { class: 'panel ad-fieldset', testid: 'password-reset' },
    h('legend', { i18n: 'adNewPassword' }),
    field('adPassword', input, 'adNewPasswordHint'),
    confirmButton('adSetPassword', 'adSetPasswordConfirm', () => void set(), 'btn btn-small'),
    error,
    status,
  );
}
