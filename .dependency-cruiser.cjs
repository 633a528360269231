// The shape of the code, checked in CI (`npm run lint`). Arrows run one way, from the top of
// this list to the bottom: a folder may import only the folders listed as its `may` (and
// itself), always through their index.ts. Type imports count: a type is a dependency too.
const layers = {
  shared: [],
  calendar: ['shared'],
  config: ['shared', 'calendar'],
  db: ['shared'],
  'asterisk/ami': ['shared'],
  'asterisk/ari': ['shared'],
  http: ['shared'],
  cluster: ['shared'],
  auth: ['shared', 'db'],
  jobs: ['shared', 'db'],
  cti: ['shared', 'calendar', 'db', 'auth', 'jobs', 'asterisk/ami'],
  // Executive units: the tree, category routing per district, working hours, who works where.
  units: ['shared', 'calendar', 'db', 'auth'],
  requests: ['shared', 'calendar', 'db', 'auth', 'jobs', 'units'],
  // The back office around requests: escalation of deadlines, notifications (bell, socket, e-mail).
  office: ['shared', 'calendar', 'db', 'auth', 'jobs', 'requests', 'units'],
  // Outbound calls to citizens: calling windows, per-number limits, pace, AMI Originate.
  outbound: ['shared', 'calendar', 'db', 'jobs', 'cti'],
  // SMS to citizens over SMPP: send queue, delivery reports, templates.
  sms: ['shared', 'calendar', 'db', 'auth', 'jobs', 'requests'],
  // Callbacks owed to callers who hung up while waiting.
  callbacks: ['shared', 'calendar', 'db', 'auth', 'jobs', 'cti', 'requests', 'outbound'],
  // Feedback calls, special follow-up and the closure check.
  feedback: ['shared', 'calendar', 'db', 'auth', 'jobs', 'requests', 'units', 'outbound', 'sms'],
  // Admin screens' server side: users (with operator phones and unit membership) without a restart.
  admin: ['shared', 'db', 'auth', 'cti', 'requests', 'units'],
  // Read-only reports on requests and referrals, bucketed into Jalali periods.
  analytics: ['shared', 'calendar', 'db', 'auth', 'requests', 'units'],
  // Downloads (CSV, XLSX) of the worklist: streamed in the requests domain's keyset batches, audited.
  exports: ['shared', 'calendar', 'db', 'auth', 'requests'],
  // Non-phone submissions (web, SMS, Open311) that need a person, offered to ready operators; SMS to the short code.
  triage: ['shared', 'calendar', 'db', 'auth', 'jobs', 'cti', 'requests', 'units', 'sms'],
  // Open311 GeoReport v2: city apps post and read requests with an API key.
  open311: ['shared', 'calendar', 'db', 'auth', 'requests', 'units', 'triage'],
  // The citizen web page: report with a one-time code by SMS, track, answer the feedback question.
  citizen: ['shared', 'calendar', 'db', 'auth', 'requests', 'units', 'sms', 'feedback', 'triage'],
  survey: ['shared', 'calendar', 'db', 'auth', 'cti'],
  shifts: ['shared', 'calendar', 'db', 'auth', 'cti', 'survey', 'callbacks'],
  'agent-desk': ['shared', 'calendar', 'db', 'auth', 'cti', 'requests', 'callbacks', 'triage'],
  ivr: ['shared', 'calendar', 'db', 'asterisk/ari', 'cti', 'requests', 'survey', 'feedback', 'callbacks'],
  wallboard: ['shared', 'calendar', 'db', 'auth', 'cti', 'survey', 'shifts', 'callbacks', 'triage'],
  // Prometheus metrics: reads the live state and counters of the domains below, changes nothing.
  metrics: ['shared', 'db', 'auth', 'jobs', 'cti', 'survey', 'callbacks', 'triage', 'outbound', 'sms'],
  // The PBX stand-in speaks AMI through the codec's public face and knows nothing else of ours.
  emulator: ['shared', 'asterisk/ami'],
};
const folders = Object.keys(layers);
const esc = (s) => s.replace(/[/-]/g, (c) => '\\' + c);
const folderRe = (f) => `^src/${esc(f)}/`;

const layerRules = Object.entries(layers).map(([from, may]) => ({
  name: `layer-${from.replace('/', '-')}`,
  comment: `src/${from} may import only: ${may.join(', ') || 'nothing outside itself'}`,
  severity: 'error',
  from: { path: folderRe(from) },
  to: {
    path: '^src/',
    pathNot: [folderRe(from), ...may.map(folderRe)],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'no-deep-import',
      comment: "Another folder's files are reached only through its index.ts.",
      severity: 'error',
      from: { path: '^src/(asterisk/[^/]+|[^/]+)/' },
      to: {
        path: '^src/',
        pathNot: ['^src/$1/', '^src/(asterisk/[^/]+|[^/]+)/index\\.ts$'],
      },
    },
    {
      name: 'app-and-main-only-at-the-top',
      comment: 'Nothing imports the composition root or main.ts.',
      severity: 'error',
      from: { pathNot: ['^src/main\\.ts$', '^src/app/'] },
      to: { path: ['^src/app/', '^src/main\\.ts$'] },
    },
    {
      name: 'main-through-indexes',
      comment: 'main.ts starts the app through folder faces only.',
      severity: 'error',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(asterisk/[^/]+|[^/]+)/index\\.ts$' },
    },
    {
      name: 'known-folders-only',
      comment: `Every src/ folder has a place in the layer list: ${folders.join(', ')}, app.`,
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+/', pathNot: [...folders.map(folderRe), '^src/app/'] },
    },
    {
      name: 'web-imports-server-types-only',
      comment: 'The browser bundle takes only types from the server, through a folder index.ts.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-server-types-through-index',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: '^src/(asterisk/[^/]+|[^/]+)/index\\.ts$' },
    },
    {
      name: 'web-pages-apart',
      comment: 'desk, wallboard, office and login share code only through web/src/lib and i18n.',
      severity: 'error',
      from: { path: '^web/src/(desk|wallboard|office|login)/' },
      to: { path: '^web/src/(desk|wallboard|office|login)/', pathNot: '^web/src/$1/' },
    },
    {
      name: 'web-lib-at-the-bottom',
      severity: 'error',
      from: { path: '^web/src/(lib|i18n)/' },
      to: { path: '^web/src/(desk|wallboard|office|login)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'web/dist'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
