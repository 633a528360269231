// The emulator's control API (/_emulator/* on its ARI port): what a citizen and an operator's
// phone do, and the log of every AMI action and ARI request cti137 sent, which tests read.
import type { LoggedAction } from '../../src/emulator/index.ts';
import type { TestApp } from './app.ts';

export type { LoggedAction };
/** Which emulator: the app's own (or the one it was pointed at), or a control API base URL. */
export type EmulatorAt = Pick<TestApp, 'emulatorUrl'> | string;
export type AmiAction = Extract<LoggedAction, { proto: 'ami' }>;
export type AriAction = Extract<LoggedAction, { proto: 'ari' }>;

/** One control request: the status and the parsed JSON, whatever the status. A string body is sent as is. */
export async function controlRequest<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * A control call to the app's emulator (or to the emulator at a base URL): the JSON answer;
 * throws on a refusal (a phone that is not ringing answers 409).
 */
export async function emulator<T = unknown>(
  target: EmulatorAt,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const base = typeof target === 'string' ? target : target.emulatorUrl;
  const r = await controlRequest<T>(base, method, path, body);
  if (r.status >= 300) throw new Error(`emulator ${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Every AMI action and ARI request cti137 sent the emulator, oldest first. */
export const actionLog = (target: EmulatorAt) => emulator<LoggedAction[]>(target, 'GET', '/_emulator/actions');

/** The AMI actions of one name in the log (e.g. every QueueAdd). */
export async function amiActions(target: EmulatorAt, action: string): Promise<AmiAction[]> {
  return (await actionLog(target)).filter((a): a is AmiAction => a.proto === 'ami' && a.action === action);
}

/** The emulator's own picture: channels, queues and their members (GET /_emulator/state). */
export interface EmulatorState {
  channels: Array<{ id: string; name: string; dialplan: { app: string | null } }>;
  queues: Array<{
    name: string;
    members: Array<{ interface: string; paused: boolean; pausedReason?: string }>;
  }>;
}

export const emulatorState = (target: EmulatorAt) => emulator<EmulatorState>(target, 'GET', '/_emulator/state');
