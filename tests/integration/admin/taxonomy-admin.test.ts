import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerTemplate, CategoryAdminView, CategoryView, PastRequest } from '../../../src/requests/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

type Err = { error: { code: string; message: string } };

/** An admin edits categories and answer templates; the desk's lists and new requests follow at once. */
describe('categories and templates admin', () => {
  let app: TestApp;
  let admin: string;
  let operator: string;
  let unit: { id: number; nameFa: string };
  let otherUnit: number;
  let group: CategoryAdminView;
  let leaf: CategoryAdminView;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await login(app.url, 'admin');
    operator = await login(app.url, 'operator1');
    const u = await app.db.query<{ id: number; name_fa: string }>(
      `SELECT id, name_fa FROM units WHERE code IN ('parks', 'beautification') ORDER BY code DESC`,
    );
    unit = { id: u.rows[0]!.id, nameFa: u.rows[0]!.name_fa };
    otherUnit = u.rows[1]!.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  const call = <T>(method: string, path: string, body?: unknown, cookie = admin) =>
    api<T>(app.url, cookie, method, `/api/v1${path}`, body);
  const deskCategories = async () => (await call<CategoryView[]>('GET', '/categories', undefined, operator)).body;
  const audited = async (action: string) =>
    (await app.db.query(`SELECT target, details FROM audit_log WHERE action = $1 ORDER BY id`, [action])).rows;

  it('is for admins only', async () => {
    for (const who of ['operator2', 'supervisor1']) {
      const c = await login(app.url, who);
      expect((await call('GET', '/categories/all', undefined, c)).status).toBe(403);
      expect((await call('POST', '/categories', { nameFa: 'الف', nameEn: 'A' }, c)).status).toBe(403);
      expect((await call('PATCH', '/categories/1', { active: false }, c)).status).toBe(403);
      expect((await call('GET', '/templates/all', undefined, c)).status).toBe(403);
      expect((await call('POST', '/templates', { textFa: 'x', textEn: 'x', hotkey: 9 }, c)).status).toBe(403);
      expect((await call('PATCH', '/templates/1', { textFa: 'x' }, c)).status).toBe(403);
      expect((await call('DELETE', '/templates/1', undefined, c)).status).toBe(403);
    }
    expect((await api(app.url, null, 'POST', '/api/v1/categories', { nameFa: 'الف', nameEn: 'A' })).status).toBe(401);
  });

  it('adds a group and a hazard subcategory the desk offers and new requests are sent by', async () => {
    const g = await call<CategoryAdminView>('POST', '/categories', {
      nameFa: 'فضای سبز محله',
      nameEn: 'Local greenery',
    });
    expect(g.status).toBe(201);
    group = g.body;
    expect(group).toMatchObject({ code: 'local-greenery', parentId: null, active: true, deadlineBasis: 'working' });
    const l = await call<CategoryAdminView>('POST', '/categories', {
      ...{ nameFa: 'شاخه شکسته روی معبر', nameEn: 'Broken branch over the road', parentId: Number(group.id) },
      ...{ unitId: unit.id, deadlineHours: 6, hazard: true },
    });
    expect(l.status).toBe(201);
    leaf = l.body;
    // A hazard counts every hour unless the admin says otherwise.
    expect(leaf).toMatchObject({ parentId: group.id, unitId: unit.id, unitFa: unit.nameFa, deadlineBasis: 'calendar' });
    const offered = (await deskCategories()).find((c) => c.id === leaf.id);
    expect(offered).toMatchObject({ parentId: group.id, hazard: true, deadlineHours: 6, unitFa: unit.nameFa });

    const hood = await app.db.query<{ id: number }>(`SELECT id FROM neighbourhoods ORDER BY id LIMIT 1`);
    const reg = await call<PastRequest>(
      'POST',
      '/requests',
      {
        phone: '09121234567',
        categoryId: leaf.id,
        neighbourhoodId: hood.rows[0]!.id,
        description: 'A big branch hangs over the pavement',
      },
      operator,
    );
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ unitFa: unit.nameFa, hazard: true });
    const hours = (Date.parse(reg.body.deadlineAt!) - Date.parse(reg.body.createdAt)) / 3_600_000;
    expect(hours).toBeCloseTo(6, 1);
    expect((await audited('category-created')).map((r) => r.target)).toEqual([
      `category:${group.id}`,
      `category:${leaf.id}`,
    ]);
  });

  it('edits a category and takes a group out of use with its subcategories', async () => {
    const changed = await call<CategoryAdminView>('PATCH', `/categories/${leaf.id}`, {
      ...{ unitId: otherUnit, deadlineHours: 48, deadlineBasis: 'working', hazard: false, nameEn: 'Broken branch' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      unitId: otherUnit,
      deadlineHours: 48,
      deadlineBasis: 'working',
      hazard: false,
    });
    expect(changed.body.code).toBe(leaf.code);
    const off = await call<CategoryAdminView>('PATCH', `/categories/${group.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const ids = (await deskCategories()).map((c) => c.id);
    expect(ids).not.toContain(group.id);
    expect(ids).not.toContain(leaf.id);
    const all = (await call<{ categories: CategoryAdminView[] }>('GET', '/categories/all')).body.categories;
    expect(all.find((c) => c.id === leaf.id)).toMatchObject({ active: false, deadlineHours: 48 });
    const audit = (await audited('category-updated')).at(-1)!;
    expect(audit.details).toMatchObject({ changes: { active: false }, deactivatedChildren: [Number(leaf.id)] });
    const back = await call<CategoryAdminView>('PATCH', `/categories/${group.id}`, { active: true });
    expect(back.body.active).toBe(true);
  });

  it('keeps two levels and refuses unknown units and taken codes', async () => {
    const code = async (method: string, path: string, body: object) =>
      (await call<Err>(method, path, body)).body.error?.code;
    expect(await code('POST', '/categories', { nameFa: 'ب', nameEn: 'B', parentId: Number(leaf.id) })).toBe(
      'CATEGORY_TOO_DEEP',
    );
    const other = await call<CategoryAdminView>('POST', '/categories', {
      nameFa: 'گروه دیگر',
      nameEn: 'Another group',
    });
    expect(await code('PATCH', `/categories/${group.id}`, { parentId: Number(other.body.id) })).toBe(
      'CATEGORY_TOO_DEEP',
    );
    expect(await code('PATCH', `/categories/${group.id}`, { parentId: Number(group.id) })).toBe('CATEGORY_TOO_DEEP');
    expect(await code('POST', '/categories', { nameFa: 'پ', nameEn: 'C', unitId: 999999 })).toBe('UNKNOWN_UNIT');
    expect(await code('POST', '/categories', { nameFa: 'ت', nameEn: 'D', code: 'pothole' })).toBe(
      'CATEGORY_CODE_TAKEN',
    );
    expect(await code('POST', '/categories', { nameFa: 'ث', nameEn: 'E', deadlineHours: 0 })).toBe('VALIDATION');
    expect(await code('POST', '/categories', { nameFa: 'ج', nameEn: 'F', deadlineBasis: 'lunar' })).toBe('VALIDATION');
    expect(await code('PATCH', '/categories/999999', { nameFa: 'چ' })).toBe('NOT_FOUND');
    // The same English name twice: the second gets a code of its own.
    const twin = await call<CategoryAdminView>('POST', '/categories', {
      nameFa: 'فضای سبز ۲',
      nameEn: 'Local greenery',
    });
    expect(twin.body.code).toBe('local-greenery-2');
  });

  it('adds, edits and deletes answer templates the desk offers by hotkey', async () => {
    const offered = async (categoryId: string) =>
      (await call<AnswerTemplate[]>('GET', `/templates?categoryId=${categoryId}`, undefined, operator)).body;
    const general = await call<AnswerTemplate>('POST', '/templates', {
      ...{ categoryId: null, textFa: 'از تماس شما سپاسگزاریم.', textEn: 'Thank you for calling.', hotkey: 9 },
    });
    expect(general.status).toBe(201);
    expect((await offered(leaf.id)).find((t) => t.hotkey === 9)?.id).toBe(general.body.id);
    const own = await call<AnswerTemplate>('POST', '/templates', {
      ...{
        categoryId: Number(leaf.id),
        textFa: 'اکیپ فضای سبز اعزام می‌شود.',
        textEn: 'A greenery crew is coming.',
        hotkey: 9,
      },
    });
    expect(own.status).toBe(201);
    // The category's own phrase on the same key wins over the general one.
    expect((await offered(leaf.id)).find((t) => t.hotkey === 9)?.id).toBe(own.body.id);
    const dup = await call<Err>('POST', '/templates', {
      categoryId: Number(leaf.id),
      textFa: 'x',
      textEn: 'x',
      hotkey: 9,
    });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'HOTKEY_TAKEN']);
    const edited = await call<AnswerTemplate>('PATCH', `/templates/${own.body.id}`, {
      textEn: 'A crew is on its way.',
      hotkey: 8,
    });
    expect(edited.body).toMatchObject({ textEn: 'A crew is on its way.', hotkey: 8 });
    expect((await offered(leaf.id)).find((t) => t.hotkey === 9)?.id).toBe(general.body.id);
    expect((await call('DELETE', `/templates/${own.body.id}`)).status).toBe(204);
    expect((await offered(leaf.id)).some((t) => t.id === own.body.id)).toBe(false);
    expect((await call<Err>('DELETE', `/templates/${own.body.id}`)).status).toBe(404);
    const all = (await call<{ templates: AnswerTemplate[] }>('GET', '/templates/all')).body.templates;
    expect(all.some((t) => t.id === general.body.id)).toBe(true);
    const bad = await call<Err>('POST', '/templates', { categoryId: 999999, textFa: 'x', textEn: 'x', hotkey: 1 });
    expect(bad.body.error.code).toBe('UNKNOWN_CATEGORY');
    expect((await audited('template-deleted')).map((r) => r.target)).toEqual([`template:${own.body.id}`]);
  });
});
