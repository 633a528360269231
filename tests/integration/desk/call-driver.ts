// Plays the citizen and the operator's phone against the real server's emulator, like a person
// would: dial 137, wait for the menu to be heard, press a key; answer; hang up. Shared by the
// desk's integration tests and the browser tests against the live server.
import { emulator, waitFor, type TestApp } from '../../helpers/app.ts';

interface LoggedAction {
  proto: string;
  path?: string;
  query?: Record<string, string>;
}

/** Resolves once the IVR is playing `sound` on the channel (read from the emulator's action log). */
export async function waitForPrompt(app: TestApp, channelId: string, sound: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => {
      const actions = await emulator<LoggedAction[]>(app, 'GET', '/_emulator/actions');
      return actions.some(
        (a) => a.proto === 'ari' && a.path?.includes(`/channels/${channelId}/play`) && a.query?.media?.includes(sound),
      );
    },
    timeoutMs,
    `IVR playing ${sound} on ${channelId}`,
  );
}

export interface PlacedCall {
  channelId: string;
  linkedid: string;
}

/**
 * A citizen calls 137 from `from` ("anonymous" for a hidden number) and, once the welcome menu
 * plays, presses `key` (1 = new request). The call then waits in the queue for a ready operator.
 */
export async function placeCall(app: TestApp, from: string, key: '1' | '2' | '9' = '1'): Promise<PlacedCall> {
  const call = await emulator<PlacedCall>(app, 'POST', '/_emulator/calls', { from, to: '137' });
  await waitForPrompt(app, call.channelId, 'cti137/menu');
  await emulator(app, 'POST', `/_emulator/channels/${call.channelId}/dtmf`, { digits: key });
  return call;
}

/**
 * The operator's phone (e.g. "1001") picks up. Tests run the emulator 20x fast, so a ring lasts
 * under a second and may run out while the test looks at the desk: pick up on the next ring then.
 */
export async function answerPhone(app: TestApp, ext: string): Promise<void> {
  await waitFor(
    async () => {
      const state = operatorState(app, ext);
      if (state === 'ringing') await emulator(app, 'POST', `/_emulator/endpoints/${ext}/answer`).catch(() => undefined);
      return operatorState(app, ext) === 'talking';
    },
    10_000,
    `PJSIP/${ext} answered`,
  );
}

/**
 * The operator hangs up, the caller (sent to the survey) hangs up too, and the test waits until
 * the operator is ready again (wrap-up is 1 s in tests), so the next call can ring them.
 */
export async function finishCall(app: TestApp, ext: string, call: PlacedCall): Promise<void> {
  await emulator(app, 'POST', `/_emulator/endpoints/${ext}/hangup`);
  await emulator(app, 'POST', `/_emulator/channels/${call.channelId}/hangup`).catch(() => undefined);
  await waitFor(() => operatorState(app, ext) === 'ready', 10_000, `PJSIP/${ext} ready again`);
}

/** The live state of the operator on PJSIP/`ext`, as the server holds it. */
export function operatorState(app: TestApp, ext: string): string | undefined {
  const op = app.directory.byInterface(`PJSIP/${ext}`);
  return op ? app.operators.snapshot(op.id).state : undefined;
}

/** Waits until the phone of `ext` is ringing for a call (the desk's pop is then on its way). */
export async function waitRinging(app: TestApp, ext: string): Promise<void> {
  await waitFor(() => operatorState(app, ext) === 'ringing', 10_000, `PJSIP/${ext} ringing`);
}
