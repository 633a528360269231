import type { AmiMessage } from '../asterisk/ami/index.ts';
import type { Fields } from './channel.ts';
import type { Pbx } from './ports.ts';

/** What an action handler gets: the request, the PBX, and a way to answer this one session. */
export interface ActionContext {
  pbx: Pbx;
  msg: AmiMessage;
  write(fields: Fields): void;
  /** For security events: this session's addresses and ids. */
  session: { id: string; user: string; local: string; remote: string; since: number };
}

export type ActionHandler = (ctx: ActionContext) => void;

/** `ActionID: …` as a one-field list, or nothing when the request had none. */
export function aid(ctx: ActionContext): Fields {
  const id = ctx.msg.actionId;
  return id === undefined ? [] : [['ActionID', id]];
}

/** Responses put ActionID second, right after `Response:`. */
export function respond(ctx: ActionContext, response: string, fields: Fields): void {
  ctx.write([['Response', response], ...aid(ctx), ...fields]);
}

export function success(ctx: ActionContext, message?: string, extra: Fields = []): void {
  respond(ctx, 'Success', [...(message === undefined ? [] : [['Message', message] as const]), ...extra]);
}

export function failure(ctx: ActionContext, message: string): void {
  respond(ctx, 'Error', [['Message', message]]);
}

/**
 * A list action: `EventList: start`, the items (each built by the caller, ActionID placed as
 * Asterisk places it for that event), then `<Name>Complete` with ListItems.
 */
export function sendList(
  ctx: ActionContext,
  startMessage: string,
  items: Fields[],
  complete: string,
  extra: Fields = [],
): void {
  respond(ctx, 'Success', [
    ['EventList', 'start'],
    ['Message', startMessage],
  ]);
  for (const item of items) ctx.write(item);
  ctx.write([
    ['Event', complete],
    ...aid(ctx),
    ['EventList', 'Complete'],
    ['ListItems', String(items.length)],
    ...extra,
  ]);
}

/** Asterisk's ast_true(): yes, true, y, t, 1, on. */
export function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(yes|true|y|t|1|on)$/i.test(v.trim());
}
