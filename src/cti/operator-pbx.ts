import type { AmiMessage } from '../asterisk/ami/index.ts';
import { AppError } from '../shared/index.ts';
import type { OperatorInfo } from './operator-types.ts';

/** The part of the AMI client the operator service needs (so tests and several PBXs can plug in). */
export interface PbxActions {
  action(action: string, fields?: Record<string, string | number | boolean | undefined>): Promise<AmiMessage>;
}

/** QueueAdd for a member already in the queue: what we wanted is true already. */
export const ALREADY = /already there/i;
/** QueueRemove/QueuePause for a member not in the queue (any more): nothing to undo. */
export const NOT_THERE = /not there|not found/i;

/**
 * An action for the operator's phone, sent to the server the phone is on and only there
 * (`pbx` null: that server is not configured). An error matching `okError` means the wanted
 * state holds already; other failures become errors the desk can show.
 */
export async function operatorAction(
  pbx: PbxActions | null,
  op: OperatorInfo,
  action: string,
  fields: Record<string, string>,
  okError: RegExp | null,
): Promise<void> {
  if (!pbx)
    throw new AppError(
      'PBX_UNKNOWN',
      503,
      `${op.displayName}'s phone is on server ${op.serverId}, which is not in ASTERISK_AMI_URL`,
    );
  try {
    await pbx.action(action, fields);
  } catch (err) {
    const msg = (err as Error).message;
    if (okError && okError.test(msg)) return;
    if ((err as { code?: string }).code === 'AMI_NOT_CONNECTED')
      throw new AppError('PBX_DOWN', 503, 'The phone system is not connected right now; try again in a few seconds');
    throw new AppError('PBX_REFUSED', 502, `The phone system refused ${action}: ${msg}`);
  }
}
