import type { SeededDemoUser } from '../auth/index.ts';
import type { Db } from '../db/index.ts';
import {
  createExtensions,
  worklistQuery,
  type Actor,
  type Extensions,
  type RequestService,
  type RequestsHandle,
  type RequestStatus,
} from '../requests/index.ts';
import { AppError, type Logger } from '../shared/index.ts';
import {
  DEMO_DONE,
  DEMO_EXTENSION_REASONS,
  DEMO_NAMES,
  DEMO_PROGRESS,
  DEMO_REPORTS,
  DEMO_RETURN_REASONS,
  pick,
} from './demo-office-words.ts';

// The demo's back office moving by itself (demo mode with demo calls on), so that a newcomer's
// unit inbox and worklist are not empty: citizens' reports to District 5 are registered and
// routed, its roads and waste units accept them, write progress notes, report them done, return
// one to 137 ("not ours"), ask for more time; 137 gives an open manhole one hour (it goes overdue
// and escalates) and answers requests for more time. All through the requests service, as the
// demo users, exactly as their clicks would.

/** What the demo's back office takes from the app's core. */
export interface DemoOfficeCore {
  db: Db;
  logger: Logger;
  calendar: { timeZone: string };
  onStop: (fn: () => Promise<unknown>) => void;
}

interface DemoOfficeDeps extends DemoOfficeCore {
  requests: RequestsHandle;
  users: SeededDemoUser[];
}

/** Real milliseconds: between the opening scene's steps, and the range between later moves. */
export const DEMO_OFFICE_PACE = { stepMs: 700, moveMs: [45_000, 150_000] as const };

interface Place {
  id: number;
  nameFa: string;
}

interface Stage {
  service: RequestService;
  extensions: Extensions;
  cast: { operator: Actor; supervisor: Actor; roads: Actor; waste: Actor };
  roadsUnit: number;
  /** District 5's neighbourhoods (the demo units' district), and District 9's. */
  places: { d5: Place[]; d9: Place[] };
  categories: Map<string, { id: number; hazard: boolean }>;
}

const actor = (u: SeededDemoUser): Actor => ({ userId: u.id, role: u.role, unitIds: u.unitIds });

async function setStage(deps: DemoOfficeDeps): Promise<Stage | null> {
  const by = (name: string) => deps.users.find((u) => u.username === name);
  const [operator, supervisor, roads, waste] = ['operator1', 'supervisor1', 'unit-roads5', 'unit-waste5'].map(by);
  if (!operator || !supervisor || !roads?.unitIds[0] || !waste?.unitIds[0]) return null;
  const service = deps.requests.service;
  const districts = await service.districts();
  const hoods = (position: number): Place[] =>
    (districts.find((d) => d.position === position)?.neighbourhoods ?? []).map((n) => ({
      id: Number(n.id),
      nameFa: n.nameFa,
    }));
  const places = { d5: hoods(5), d9: hoods(9) };
  if (!places.d5.length || !places.d9.length) return null;
  const categories = new Map(
    (await service.categories()).map((c) => [c.code, { id: Number(c.id), hazard: c.hazard }] as const),
  );
  return {
    service,
    extensions: createExtensions({ db: deps.db, bus: deps.requests.bus, timeZone: deps.calendar.timeZone }),
    cast: { operator: actor(operator), supervisor: actor(supervisor), roads: actor(roads), waste: actor(waste) },
    roadsUnit: roads.unitIds[0],
    places,
    categories,
  };
}

/** A citizen's report taken by operator1 (or sent from the app); returns the request's id. */
async function report(s: Stage, code: string, district: 'd5' | 'd9' = 'd5'): Promise<string> {
  const category = s.categories.get(code);
  if (!category) throw new Error(`no category ${code}`);
  const place = pick(s.places[district]);
  const r = await s.service.register(
    {
      categoryId: category.id,
      neighbourhoodId: place.id,
      description: pick(DEMO_REPORTS[code] ?? ['مشکل در معبر']),
      address: `${place.nameFa}، کوچه ${Math.ceil(Math.random() * 40).toLocaleString('fa-IR')}`,
      hazard: category.hazard,
      channel: Math.random() < 0.85 ? 'phone' : 'app',
      phone: `0915${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      citizenName: pick(DEMO_NAMES),
    },
    s.cast.operator,
  );
  return r.id;
}

const move = (s: Stage, who: Actor, id: string | undefined, status: RequestStatus, note?: string) =>
  id ? s.service.changeStatus(id, { status, note }, who) : Promise.resolve();

/** The first minute of a fresh demo: every kind of back-office step once. */
function openingScene(s: Stage): Array<() => Promise<unknown>> {
  const id: Record<string, string> = {};
  const { roads, waste, supervisor } = s.cast;
  return [
    async () => (id.pothole = await report(s, 'pothole')),
    () => move(s, roads, id.pothole, 'in-progress'),
    () => s.service.addNote(id.pothole!, DEMO_PROGRESS[0]!, roads),
    async () => (id.pavement = await report(s, 'pavement-damage')),
    () => move(s, roads, id.pavement, 'in-progress'),
    () => move(s, roads, id.pavement, 'done', pick(DEMO_DONE)),
    async () => (id.repair = await report(s, 'road-repair')),
    () => move(s, roads, id.repair, 'returned', DEMO_RETURN_REASONS[0]),
    async () => (id.manhole = await report(s, 'open-manhole')),
    // 137 gives the open manhole one hour: when it passes, the unit's manager and the supervisor hear of it.
    () =>
      s.service.refer(
        id.manhole!,
        { unitId: s.roadsUnit, deadlineHours: 1, note: 'فوری: ظرف یک ساعت ایمن‌سازی شود' },
        supervisor,
      ),
    async () => (id.patch = await report(s, 'asphalt-patching')),
    () => move(s, roads, id.patch, 'in-progress'),
    () => s.extensions.request(id.patch!, { hours: 48, reason: DEMO_EXTENSION_REASONS[0]! }, roads),
    async () => (id.garbage = await report(s, 'garbage-collection')),
    () => move(s, waste, id.garbage, 'in-progress'),
    () => move(s, waste, id.garbage, 'done', pick(DEMO_DONE)),
    () => report(s, 'construction-debris'),
    () => report(s, 'pothole', 'd9'),
    () => report(s, 'dangerous-pothole'),
  ];
}

const ROUTINE = ['pothole', 'pavement-damage', 'asphalt-patching', 'garbage-collection', 'waste-bins', 'construction-debris',
  'street-sweeping', 'dead-animal']; // prettier-ignore

/** The requests a unit holds in one status, oldest last (the worklist as that unit's user sees it). */
async function held(s: Stage, who: Actor, status: RequestStatus) {
  return (await s.service.worklist(worklistQuery.parse({ status, limit: '20' }), who)).items;
}

/** Later moves, each with its weight: the life of a back office at a calm pace. */
const MOVES: Array<[number, (s: Stage) => Promise<unknown>]> = [
  [4, (s) => report(s, pick(ROUTINE))],
  [3, async (s) => {
    const who = pick([s.cast.roads, s.cast.waste]);
    const oldest = (await held(s, who, 'referred')).at(-1);
    await move(s, who, oldest?.id, 'in-progress');
    if (oldest) await s.service.addNote(oldest.id, pick(DEMO_PROGRESS), who);
  }],
  [3, async (s) => {
    const who = pick([s.cast.roads, s.cast.waste]);
    await move(s, who, (await held(s, who, 'in-progress')).at(-1)?.id, 'done', pick(DEMO_DONE));
  }],
  [1, async (s) => {
    const ext = (await s.extensions.list({ status: 'pending' })).at(0);
    const decision = Math.random() < 0.8 ? 'granted' : 'refused';
    if (ext) await s.extensions.decide(ext.id, { decision, note: null }, s.cast.supervisor);
  }],
  [1, async (s) => {
    const one = pick(await held(s, s.cast.roads, 'in-progress'));
    if (one) await s.extensions.request(one.id, { hours: 24, reason: pick(DEMO_EXTENSION_REASONS) }, s.cast.roads);
  }],
  [0.5, async (s) => move(s, s.cast.roads, (await held(s, s.cast.roads, 'referred'))[0]?.id, 'returned', DEMO_RETURN_REASONS[1])],
  [0.5, async (s) => {
    const back = (await held(s, s.cast.supervisor, 'returned')).at(-1);
    if (back?.unit) await s.service.refer(back.id, { unitId: back.unit.id, note: 'لطفاً مجدداً بررسی و اقدام شود' }, s.cast.supervisor);
  }],
]; // prettier-ignore

function pickMove(): (s: Stage) => Promise<unknown> {
  let r = Math.random() * MOVES.reduce((n, [w]) => n + w, 0);
  for (const [w, m] of MOVES) if ((r -= w) < 0) return m;
  return MOVES[0]![1];
}

/**
 * Starts the demo's back office: the opening scene on a demo database whose District 5 roads unit
 * has no request yet (a fresh demo; a restarted one goes on where it was), then a move every
 * 45–150 s. A step that fails (a race with a person doing the same in the browser) is logged and
 * skipped. Stops with the app.
 */
export function startDemoOffice(core: DemoOfficeCore, requests: RequestsHandle, users: SeededDemoUser[]): void {
  const deps: DemoOfficeDeps = { ...core, requests, users };
  const log = deps.logger.child({ mod: 'demo-office' });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  deps.onStop(async () => {
    stopped = true;
    clearTimeout(timer);
  });
  const sleep = (ms: number) => new Promise<void>((r) => (timer = setTimeout(r, ms)));
  const run = async (step: () => Promise<unknown>) => {
    if (stopped) return;
    await step().catch((err: Error) => {
      if (stopped) return;
      // A 409 is the demo racing itself or a person in the browser (more time already asked, the
      // request moved on): expected now and then. Anything else is worth a look.
      if (err instanceof AppError && err.status === 409)
        log.debug({ err: err.message }, 'demo back office: step skipped');
      else log.warn({ err: err.message }, 'demo back office: a step did not go through; skipped');
    });
  };
  void (async () => {
    const stage = await setStage(deps);
    if (!stage) return log.warn('demo back office: the demo users, District 5 or District 9 are missing; not started');
    const roadsList = worklistQuery.parse({ unitId: String(stage.roadsUnit), limit: '1' });
    if (!(await stage.service.worklist(roadsList, stage.cast.supervisor)).items.length) {
      for (const step of openingScene(stage)) {
        await run(step);
        await sleep(DEMO_OFFICE_PACE.stepMs);
      }
    }
    const [lo, hi] = DEMO_OFFICE_PACE.moveMs;
    while (!stopped) {
      await sleep(lo + Math.random() * (hi - lo));
      await run(() => pickMove()(stage));
    }
  })().catch((err: Error) => log.warn({ err: err.message }, 'demo back office stopped'));
}
