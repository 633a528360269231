import { channelActions } from './ami-actions-channel.ts';
import { coreActions } from './ami-actions-core.ts';
import { queueActions } from './ami-actions-queue.ts';
import { originateActions } from './ami-originate.ts';
import type { ActionHandler } from './ami-reply.ts';

/** Every AMI action the emulator answers, by lower-case name (Login/Logoff/Events live in the session). */
export function actionHandlers(): Map<string, ActionHandler> {
  return new Map(Object.entries({ ...coreActions, ...queueActions, ...channelActions, ...originateActions }));
}
