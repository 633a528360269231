// README's Security section as data: who may call each route. role-matrix.test.ts checks every
// registered route against it on the real server.

export type Who =
  'anonymous' | 'operator' | 'supervisor' | 'admin' | 'viewer' | 'unit' | 'unit-manager' | 'manager' | 'council';
export const WHO: Who[] = [
  'anonymous',
  'operator',
  'supervisor',
  'admin',
  'viewer',
  'unit',
  'unit-manager',
  'manager',
  'council',
];

const ANYONE: Who[] = WHO;
/** 137 staff: everyone signed in but the executive units' people. */
const SIGNED_IN: Who[] = ['operator', 'supervisor', 'admin', 'viewer'];
const EVERYONE_SIGNED_IN: Who[] = [...SIGNED_IN, 'unit', 'unit-manager'];
const UNITS: Who[] = ['unit', 'unit-manager'];
const STAFF_AND_UNITS_WRITE: Who[] = ['operator', 'supervisor', 'admin', ...UNITS];
const OPERATOR: Who[] = ['operator'];
const STAFF_WRITE: Who[] = ['operator', 'supervisor', 'admin'];
const BOSSES: Who[] = ['supervisor', 'admin'];
const WATCHERS: Who[] = ['supervisor', 'admin', 'viewer'];
const ADMIN: Who[] = ['admin'];

/**
 * The city's manager reads what a supervisor or a viewer may read and changes nothing (README:
 * Security → roles): not written in every row, but derived from it here, so a new supervisor GET
 * is a manager's too and a new change never is.
 */
export const managerMay = (route: string, allowed: Who[]) =>
  allowed.includes('manager') ||
  (route.startsWith('GET ') && (allowed.includes('supervisor') || allowed.includes('viewer')));

/**
 * A neighbourhood council reads only these (held to its neighbourhoods, no personal data: see
 * council-scope.test.ts); every other route is refused, whoever else may call it.
 */
const COUNCIL_READS = new Set([
  'GET /api/v1/auth/me',
  'GET /api/v1/categories',
  'GET /api/v1/districts',
  'GET /api/v1/requests',
  'GET /api/v1/requests/:id',
  'GET /api/v1/analytics/requests',
  'GET /api/v1/analytics/resolution',
  'GET /api/v1/analytics/units',
  'GET /api/v1/analytics/map',
  'GET /api/v1/analytics/heat',
  'GET /api/v1/analytics/top-categories',
  'GET /api/v1/analytics/hotspots',
  'GET /api/v1/exports/analytics/requests.csv',
  'GET /api/v1/exports/analytics/requests.xlsx',
  'GET /api/v1/exports/analytics/resolution.csv',
  'GET /api/v1/exports/analytics/resolution.xlsx',
  'GET /api/v1/exports/analytics/units.csv',
  'GET /api/v1/exports/analytics/units.xlsx',
  'GET /api/v1/exports/analytics/heat.csv',
  'GET /api/v1/exports/analytics/heat.xlsx',
  'GET /api/v1/exports/analytics/hotspots.csv',
  'GET /api/v1/exports/analytics/hotspots.xlsx',
  'GET /api/v1/exports/requests.csv',
  'GET /api/v1/exports/requests.xlsx',
]);
export const councilMay = (route: string, allowed: Who[]) => COUNCIL_READS.has(route) || allowed.includes('anonymous');

/** Who may call each route (README: Security → roles). Paths are as fastify registered them. */
export const MATRIX: Record<string, Who[]> = {
  'GET /health': ANYONE,
  'GET /*': ANYONE,
  'POST /api/v1/auth/login': ANYONE,
  'POST /api/v1/auth/logout': ANYONE,
  'GET /api/v1/auth/me': EVERYONE_SIGNED_IN,
  'POST /api/v1/operators/me/state': OPERATOR,
  'GET /api/v1/operators/me': OPERATOR,
  'GET /api/v1/operators': BOSSES,
  'POST /api/v1/operators/:id/pause': BOSSES,
  'POST /api/v1/operators/:id/unpause': BOSSES,
  'POST /api/v1/operators/:id/logout': BOSSES,
  'GET /api/v1/calls': WATCHERS,
  'GET /api/v1/calls/:id': WATCHERS,
  'GET /api/v1/queues': WATCHERS,
  'GET /api/v1/kpis': WATCHERS,
  'GET /api/v1/desk/snapshot': OPERATOR,
  'GET /api/v1/wallboard/snapshot': BOSSES,
  'GET /api/v1/categories': EVERYONE_SIGNED_IN,
  'GET /api/v1/districts': EVERYONE_SIGNED_IN,
  'GET /api/v1/templates': EVERYONE_SIGNED_IN,
  'POST /api/v1/districts': ADMIN,
  'PATCH /api/v1/districts/:id': ADMIN,
  'POST /api/v1/districts/:id/neighbourhoods': ADMIN,
  'PATCH /api/v1/neighbourhoods/:id': ADMIN,
  'POST /api/v1/requests': STAFF_WRITE,
  'GET /api/v1/requests/duplicates': SIGNED_IN,
  // The desk's look-ups (?trackingCode= / ?phone=) and, without them, the 137 worklist. Unit
  // people get their own units' worklist and requests (other units' answer 404; see unit-scope.test.ts).
  'GET /api/v1/requests': EVERYONE_SIGNED_IN,
  'GET /api/v1/requests/:id': EVERYONE_SIGNED_IN,
  'POST /api/v1/requests/:id/reporters': STAFF_WRITE,
  'POST /api/v1/requests/:id/notes': STAFF_AND_UNITS_WRITE,
  'POST /api/v1/requests/:id/status': STAFF_AND_UNITS_WRITE,
  'POST /api/v1/requests/:id/referrals': STAFF_WRITE,
  'POST /api/v1/requests/bulk': BOSSES,
  'GET /api/v1/office/inbox': ['supervisor', 'admin', 'viewer', ...UNITS],
  'POST /api/v1/requests/:id/extensions': UNITS,
  'GET /api/v1/extensions': BOSSES,
  'POST /api/v1/extensions/:id/decision': BOSSES,
  'POST /api/v1/requests/:id/attachments': STAFF_AND_UNITS_WRITE,
  'GET /api/v1/attachments/:id': EVERYONE_SIGNED_IN,
  'GET /api/v1/notifications': EVERYONE_SIGNED_IN,
  'POST /api/v1/notifications/read': EVERYONE_SIGNED_IN,
  'GET /api/v1/units': EVERYONE_SIGNED_IN,
  'POST /api/v1/units': ADMIN,
  'PATCH /api/v1/units/:id': ADMIN,
  'GET /api/v1/unit-routes': BOSSES,
  'PUT /api/v1/unit-routes': ADMIN,
  'DELETE /api/v1/unit-routes/:id': ADMIN,
  'GET /api/v1/units/:id/members': ADMIN,
  'PUT /api/v1/units/:id/members': ADMIN,
  'GET /api/v1/categories/all': ADMIN,
  'POST /api/v1/categories': ADMIN,
  'PATCH /api/v1/categories/:id': ADMIN,
  'GET /api/v1/templates/all': ADMIN,
  'POST /api/v1/templates': ADMIN,
  'PATCH /api/v1/templates/:id': ADMIN,
  'DELETE /api/v1/templates/:id': ADMIN,
  'GET /api/v1/admin/users': ADMIN,
  'POST /api/v1/admin/users': ADMIN,
  'PATCH /api/v1/admin/users/:id': ADMIN,
  'POST /api/v1/admin/users/:id/password': ADMIN,
  'GET /api/v1/admin/shifts': ADMIN,
  'GET /api/v1/admin/servers': ADMIN,
  'POST /api/v1/requests/:id/feedback': STAFF_WRITE,
  'GET /api/v1/feedback/tasks': SIGNED_IN,
  'GET /api/v1/sms/status': SIGNED_IN,
  'GET /api/v1/sms': BOSSES,
  'GET /api/v1/sms/templates': ADMIN,
  'PUT /api/v1/sms/templates/:key': ADMIN,
  'POST /api/v1/requests/:id/sms': STAFF_WRITE,
  // An operator lists, dials and records only the callbacks offered to them (checked in the route).
  'GET /api/v1/callbacks': STAFF_WRITE,
  'POST /api/v1/callbacks/:id/dial': OPERATOR, // needs a phone: a supervisor without one is refused
  'POST /api/v1/callbacks/:id/outcome': ['operator', 'supervisor'],
  'GET /api/v1/analytics/requests': WATCHERS,
  'GET /api/v1/analytics/resolution': WATCHERS,
  'GET /api/v1/analytics/units': WATCHERS,
  'GET /api/v1/analytics/map': WATCHERS,
  'GET /api/v1/analytics/heat': WATCHERS,
  'GET /api/v1/analytics/top-categories': WATCHERS,
  'GET /api/v1/analytics/hotspots': WATCHERS,
  'GET /api/v1/exports/analytics/requests.csv': WATCHERS,
  'GET /api/v1/exports/analytics/requests.xlsx': WATCHERS,
  'GET /api/v1/exports/analytics/resolution.csv': WATCHERS,
  'GET /api/v1/exports/analytics/resolution.xlsx': WATCHERS,
  'GET /api/v1/exports/analytics/units.csv': WATCHERS,
  'GET /api/v1/exports/analytics/units.xlsx': WATCHERS,
  'GET /api/v1/exports/analytics/heat.csv': WATCHERS,
  'GET /api/v1/exports/analytics/heat.xlsx': WATCHERS,
  'GET /api/v1/exports/analytics/hotspots.csv': WATCHERS,
  'GET /api/v1/exports/analytics/hotspots.xlsx': WATCHERS,
  'GET /api/v1/exports/requests.csv': WATCHERS,
  'GET /api/v1/exports/requests.xlsx': WATCHERS,
  // An operator reads their own (the :id below is operator1's own); another's is refused in the route.
  'GET /api/v1/operators/me/scores': OPERATOR,
  'GET /api/v1/operators/:id/scores': STAFF_WRITE,
  'GET /api/v1/scores': BOSSES,
  'GET /api/v1/scores/trend': BOSSES,
  'GET /api/v1/scores/weeks': BOSSES,
  'GET /api/v1/survey/questions': ADMIN,
  'POST /api/v1/survey/questions': ADMIN,
  'POST /api/v1/survey/questions/:code/deactivate': ADMIN,
  'GET /api/v1/survey/prompts': ADMIN,
  'PUT /api/v1/survey/prompts/:lang/:name': ADMIN,
  'GET /api/v1/roster': BOSSES,
  'PUT /api/v1/roster': BOSSES,
  'GET /api/v1/shifts/handover': WATCHERS,
  'POST /api/v1/supervision/:operatorId/listen': BOSSES,
  'POST /api/v1/supervision/:operatorId/whisper': BOSSES,
  'POST /api/v1/supervision/:operatorId/barge': BOSSES,
  'GET /api/v1/supervision/me/phone': BOSSES,
  'PUT /api/v1/supervision/me/phone': BOSSES,
  'GET /api/v1/supervision/pause-allowances': BOSSES,
  'GET /api/v1/supervision/phones': BOSSES,
  'PUT /api/v1/supervision/phones/:serverId/:extension': ADMIN,
  'DELETE /api/v1/supervision/phones/:serverId/:extension': ADMIN,
  'PUT /api/v1/supervision/pause-allowances/:reason': ADMIN,
  // The triage queue: operators settle what is offered to them, supervisors any item and the list.
  'GET /api/v1/triage': BOSSES,
  'GET /api/v1/triage/backlog': STAFF_WRITE,
  'GET /api/v1/triage/:id': ['operator', 'supervisor'],
  'POST /api/v1/triage/:id/register': ['operator', 'supervisor'],
  'POST /api/v1/triage/:id/link': ['operator', 'supervisor'],
  'POST /api/v1/triage/:id/dismiss': ['operator', 'supervisor'],
  'POST /api/v1/triage/:id/resolve': ['operator', 'supervisor'],
  'POST /api/v1/requests/:id/triage-fix': STAFF_WRITE,
  // Open311: admins keep the API keys; the GeoReport doors are public reads (limited per address,
  // nothing personal) and posting takes a client's API key, whoever is signed in (see API_KEY_ONLY).
  'GET /api/v1/open311/keys': ADMIN,
  'POST /api/v1/open311/keys': ADMIN,
  'DELETE /api/v1/open311/keys/:id': ADMIN,
  'GET /open311/v2/:file': ANYONE,
  'GET /open311/v2/services/:file': ANYONE,
  'GET /open311/v2/requests/:file': ANYONE,
  'GET /open311/v2/tokens/:file': ANYONE,
  'POST /open311/v2/:file': [],
  'GET /open311/v2/*': ANYONE,
  'POST /open311/v2/*': ANYONE,
  // Prometheus scrapes without a session: loopback (inject comes from 127.0.0.1), METRICS_ALLOW or METRICS_TOKEN.
  'GET /metrics': ANYONE,
  // The API's documentation: 137 staff (and the manager), not the units' people or councils.
  'GET /docs': SIGNED_IN,
  'GET /docs/json': SIGNED_IN,
  'GET /docs/yaml': SIGNED_IN,
  'GET /docs/static/index.html': SIGNED_IN,
  'GET /docs/static/swagger-initializer.js': SIGNED_IN,
  'GET /docs/static/*': SIGNED_IN,
  // The citizen page: public by design (one-time codes by SMS, rate limits, nothing personal out).
  'GET /citizen': ANYONE,
  'GET /citizen/api/config': ANYONE,
  'GET /citizen/api/taxonomy': ANYONE,
  'POST /citizen/api/reports': ANYONE,
  'POST /citizen/api/challenges/:id/confirm': ANYONE,
  'POST /citizen/api/challenges/:id/resend': ANYONE,
  'GET /citizen/api/track/:code': ANYONE,
  'POST /citizen/api/feedback': ANYONE,
};

/** Routes a session never opens: a client's API key does (Open311 answers 403 without one, signed in or not). */
export const API_KEY_ONLY = new Set(['POST /open311/v2/:file']);
