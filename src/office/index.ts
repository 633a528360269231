// The office's only public face: install(core) (escalation of referrals' deadlines, the bell's
// notifications over REST and the /office socket, e-mail) and the types the web app shares.
export { install, type OfficeCore, type OfficeHandle } from './install.ts';
export type { MailConfig } from './mailer.ts';
export type {
  InboxChanged,
  NotificationItem,
  NotificationKind,
  NotificationPage,
  OfficeClientEvents,
  OfficeServerEvents,
} from './office-types.ts';
export { levelDueAt, levelsToQueue, topLevel, type PlanInput } from './escalation-plan.ts';
