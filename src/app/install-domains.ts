import * as admin from '../admin/index.ts';
import * as agentDesk from '../agent-desk/index.ts';
import * as analytics from '../analytics/index.ts';
import type { AriClient } from '../asterisk/ari/index.ts';
import * as auth from '../auth/index.ts';
import type { AppConfig } from '../config/index.ts';
import * as cti from '../cti/index.ts';
import * as dataExports from '../exports/index.ts';
import * as ivr from '../ivr/index.ts';
import * as open311 from '../open311/index.ts';
import * as requests from '../requests/index.ts';
import * as shifts from '../shifts/index.ts';
import * as survey from '../survey/index.ts';
import * as units from '../units/index.ts';
import * as wallboard from '../wallboard/index.ts';
import type { Core } from './core.ts';
import { startDemoOffice } from './demo-office.ts';
import { installAfterCall } from './install-after-call.ts';
import { installMetrics } from './install-ops.ts';
import { ariClients, type Pbx } from './pbx.ts';
import type { StartOptions } from './start-options.ts';

/** A call answered within this many seconds after an abandon apart is a "short abandon" (KPIs). */
const SHORT_ABANDON_SECONDS = 5;

/**
 * Each domain's install, in the order of the one-way flow: auth (its session resolver must be the
 * first plugin of /api/v1), the units tree, the CTI core, requests, the half after the call
 * (install-after-call.ts), then the survey, shifts, the desk, the IVR, the wallboard and admin,
 * which read all of them. Returns what the app hands back to tests and main.ts.
 */
export async function installDomains(core: Core, cfg: AppConfig, opts: StartOptions, pbx: Pbx) {
  const levels = { serviceLevelSeconds: cfg.serviceLevelSeconds, shortAbandonSeconds: SHORT_ABANDON_SECONDS };
  const scores = { priorWeight: cfg.survey.priorWeight, minResponses: cfg.survey.minResponsesForRank };
  const ttl = cfg.sessionTtlHours;
  const eventLimit = { perMinute: cfg.rateLimits.socketPerMinute, burst: cfg.rateLimits.socketBurst };
  const sessions = auth.install({
    ...core,
    sessionTtlHours: ttl,
    secureCookies: cfg.cookieSecure,
    sessionSweepMs: opts.sessionSweepMs,
  });
  units.install({ ...core });
  const live = await cti.install({
    ...{ ...core, ...levels, servers: pbx.servers, serviceNumbers: ['137'] },
    wrapupSeconds: cfg.wrapupSeconds,
  });
  const requestsHandle = requests.install({
    ...core,
    callerOf: cti.findCallCaller,
    timeZone: core.calendar.timeZone,
    attachmentsDir: cfg.attachmentsDir,
  });
  const after = installAfterCall(core, { cfg, opts, sessions, live, requests: requestsHandle, levels });
  await installOpen311(core, cfg, opts, pbx.demoUsers !== null, { requests: requestsHandle, triage: after.triage });
  const callbacksHandle = after.callbacks;
  core.jobs.start(); // every job handler is registered by now
  if (pbx.demoUsers && cfg.emulator.traffic) startDemoOffice(core, requestsHandle, pbx.demoUsers); // demo calls on
  const aris: Map<string, AriClient> = ariClients(pbx.servers, cfg.ariApp, core.logger, core.onStop);
  const ops = installMetrics(core, cfg, live, aris, after.outbound);
  const { releaseMinRatings, soundsDir } = cfg.survey;
  survey.install({ ...core, ...scores, releaseMinRatings, soundsDir });
  const openWork = {
    openHazards: (at: Date) => requests.openHazards(core.db, at),
    pendingCallbacks: (at: Date) => requests.pendingCallbacks(core.db, at),
    callbacks: (from: Date, to: Date) => callbacksHandle.counts(from, to),
  };
  const roster = await shifts.install({ ...core, ...levels, openWork, demoRoster: pbx.demoUsers !== null });
  const { bus, recorder, directory } = live;
  const desk = agentDesk.install({
    ...core,
    auth: sessions,
    bus,
    recorder,
    directory,
    operators: () => live.operators,
    eventLimit,
    ...{ callbacks: callbacksHandle, triage: after.triage },
    onPop: ops.observePop,
    liveCalls: () => live.tracker.active(),
  });
  const timeScale = opts.timeScale ?? cfg.emulator.timeScale;
  const queues = { normal: 'q137', hazard: 'q137hazard' };
  const ivrHooks = { ...after.ivrCalls, onSurveyAnswers: ops.surveyAnswers };
  ivr.install({ ...core, ...live, aris, app: cfg.ariApp, timeScale, queues, shortCallSeconds: 10, ...ivrHooks });
  // Demo mode: supervisors listen from the emulator's phone 2001.
  const demoSupervisorPhone = pbx.demoUsers ? 'PJSIP/2001' : undefined;
  await wallboard.install({
    ...core,
    ...levels,
    auth: sessions,
    cti: live,
    shifts: roster,
    ...{ callbacks: callbacksHandle, triage: after.triage },
    survey: scores,
    demoSupervisorPhone,
    eventLimit,
  });

  // Users changed by an admin apply at once: the operator directory reloads, sessions end.
  admin.install({ ...core, auth: sessions, cti: live });
  const timeZone = core.calendar.timeZone;
  analytics.install({ ...core, timeZone, map: cfg.map, histogramRefreshSeconds: cfg.ops.analyticsRefreshSeconds });
  dataExports.install({ ...core, timeZone });

  followSignOuts(core, live, sessions, desk);
  return { live, aris, outbound: after.outbound, sessions, triage: after.triage, metrics: ops };
}

/**
 * Signing out closes the operator's desk tabs, then takes them out of the queues (on the PBX
 * owner: a standby asks it to); and what other nodes tell this one.
 */
function followSignOuts(core: Core, live: cti.CtiHandle, sessions: auth.AuthHandle, desk: agentDesk.DeskHandle) {
  const leaveQueues = async (operatorId: string) => {
    if (live.operators.snapshot(operatorId).state !== 'logged-out') await live.operators.logout(operatorId);
  };
  sessions.onSignOut(async (u) => {
    if (!u.operatorId) return;
    desk.signedOut(u.operatorId);
    if (core.cluster.isOwner()) await leaveQueues(u.operatorId);
    else core.cluster.signal({ kind: 'operator-leave-queues', operatorId: u.operatorId });
  });
  followSignals(core, live, leaveQueues);
}

/** What other nodes tell this one: reload the operators; take one out of the queues (owner only). */
function followSignals(core: Core, live: cti.CtiHandle, leaveQueues: (operatorId: string) => Promise<void>): void {
  core.cluster.onSignal((s) => {
    const failed = (err: Error) => core.logger.error({ err: err.message, signal: s.kind }, 'cluster signal failed');
    if (s.kind === 'directory-changed') live.directory.load().catch(failed);
    else if (s.kind === 'operator-leave-queues' && core.cluster.isOwner()) leaveQueues(s.operatorId).catch(failed);
  });
}

/** Open311 GeoReport v2 (demo: the key demo-open311-key); what needs a person goes to the triage queue. */
function installOpen311(core: Core, cfg: AppConfig, opts: StartOptions, demo: boolean, d: open311.Open311Deps) {
  return open311.install({ ...core, ...d, redisUrl: cfg.redisUrl, redisPrefix: opts.jobsPrefix ?? 'cti137', demo });
}
