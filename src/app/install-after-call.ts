import type { AuthHandle } from '../auth/index.ts';
import * as callbacks from '../callbacks/index.ts';
import * as citizen from '../citizen/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { CtiHandle } from '../cti/index.ts';
import * as feedback from '../feedback/index.ts';
import * as office from '../office/index.ts';
import * as outbound from '../outbound/index.ts';
import type { RequestsHandle } from '../requests/index.ts';
import * as sms from '../sms/index.ts';
import * as triage from '../triage/index.ts';
import type { Core } from './core.ts';
import type { StartOptions } from './start-options.ts';

export interface AfterCallDeps {
  cfg: AppConfig;
  opts: StartOptions;
  sessions: AuthHandle;
  live: CtiHandle;
  requests: RequestsHandle;
  levels: { serviceLevelSeconds: number; shortAbandonSeconds: number };
}

/**
 * The half after the call, in flow order (each listens to requests' bus or uses the one before):
 * the back office (escalation, notifications), the outbound engine (the one place that decides
 * when a citizen may be called), SMS, callbacks owed to abandoned callers, feedback calls and
 * closure checks. Their job handlers are registered here, before the app starts the jobs.
 */
export function installAfterCall(core: Core, d: AfterCallDeps) {
  const { cfg, opts, live } = d;
  const timeZone = core.calendar.timeZone;
  office.install({
    ...core,
    requests: d.requests,
    auth: d.sessions,
    timeZone,
    reminderShare: cfg.reminderShare,
    mail: cfg.mail,
    hourMs: opts.escalationHourMs,
  });
  const outboundHandle = outbound.install({
    ...core,
    ...d.levels,
    cti: live,
    config: cfg.outbound,
    ariApp: cfg.ariApp,
  });
  const smsHandle = sms.install({ ...core, requests: d.requests, timeZone, sms: cfg.sms });
  const callbacksHandle = callbacks.install({
    ...core,
    cti: live,
    outbound: outboundHandle,
    minWaitSeconds: cfg.callbacks.minWaitSeconds,
    maxAttempts: cfg.outbound.maxAttempts,
    retryMinutes: cfg.outbound.retryMinutes,
  });
  const feedbackHandle = feedback.install({
    ...core,
    requests: d.requests,
    outbound: outboundHandle,
    sms: smsHandle,
    delayMs: opts.feedbackDelayMs ?? cfg.feedbackDelayHours * 3_600_000,
  });
  // What the IVR needs: feedback/closure calls, and "press 1 to be called back, keeping your place".
  const ivrCalls = {
    feedback: feedbackHandle,
    callbacks: {
      book: (callerNum: string, arrivedAt: Date) => callbacksHandle.requestFromIvr(callerNum, arrivedAt),
      offerWaitSeconds: cfg.callbacks.offerWaitSeconds,
    },
  };
  // Web, SMS and Open311 submissions a person must look at (SMS to the short code lands here too).
  const triageHandle = triage.install({ ...core, cti: live, requests: d.requests, sms: smsHandle });
  // The citizen page: reports confirmed by a code sent over SMS, tracking, the feedback answer.
  citizen.install({
    ...core,
    ...{ requests: d.requests, sms: smsHandle, feedback: feedbackHandle, triage: triageHandle },
    ...{ attachmentsDir: cfg.attachmentsDir, redisUrl: cfg.redisUrl, redisPrefix: opts.jobsPrefix ?? 'cti137' },
  });
  return { outbound: outboundHandle, callbacks: callbacksHandle, ivrCalls, triage: triageHandle, sms: smsHandle };
}
