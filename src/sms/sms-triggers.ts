import type { RequestBus } from '../requests/index.ts';
import type { Logger } from '../shared/index.ts';
import type { SmsService } from './sms-service.ts';

// What the citizen is told without anyone pressing a button: their request referred (with the
// unit's deadline), done, closed; only when they agreed to SMS (requests.sms_consent).

export function listenForSms(bus: Pick<RequestBus, 'on'>, service: SmsService, logger: Logger): () => void {
  const fail = (what: string) => (err: unknown) =>
    logger.error({ err: (err as Error).message, what }, 'could not queue the SMS');
  const offs = [
    bus.on('referred', (e) =>
      service
        .sendAboutRequest(e.requestId, 'referred', { unitId: e.unitId, deadlineAt: e.deadlineAt })
        .catch(fail('referred')),
    ),
    bus.on('status-changed', (e) => {
      if (e.to !== 'done' && e.to !== 'closed') return;
      return service.sendAboutRequest(e.requestId, e.to).catch(fail(e.to));
    }),
  ];
  return () => offs.forEach((off) => off());
}
