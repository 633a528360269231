// The citizen and the operator's phone, played through the emulator's control API: dial 137,
// press 1 once the menu plays, answer, hang up. Kept here so the wallboard tests stand alone.
import { emulator, waitFor, type TestApp } from '../../helpers/app.ts';

interface LoggedAction {
  proto: string;
  action?: string;
  path?: string;
  query?: Record<string, string>;
  fields?: Record<string, string | string[]>;
}

export const actions = (app: TestApp) => emulator<LoggedAction[]>(app, 'GET', '/_emulator/actions');

export function operatorState(app: TestApp, ext: string): string | undefined {
  const op = app.directory.byInterface(`PJSIP/${ext}`);
  return op ? app.operators.snapshot(op.id).state : undefined;
}

export async function dialAndPress(
  app: TestApp,
  from: string,
  key = '1',
): Promise<{ channelId: string; linkedid: string }> {
  const call = await emulator<{ channelId: string; linkedid: string }>(app, 'POST', '/_emulator/calls', {
    from,
    to: '137',
  });
  await waitFor(
    async () =>
      (await actions(app)).some(
        (a) =>
          a.proto === 'ari' &&
          a.path?.includes(`/channels/${call.channelId}/play`) &&
          a.query?.media?.includes('cti137/menu'),
      ),
    10_000,
    'menu playing',
  );
  await emulator(app, 'POST', `/_emulator/channels/${call.channelId}/dtmf`, { digits: key });
  return call;
}

/** Picks up on the next ring (rings last under a second at the tests' time scale). */
export async function answer(app: TestApp, ext: string): Promise<void> {
  await waitFor(
    async () => {
      if (operatorState(app, ext) === 'ringing')
        await emulator(app, 'POST', `/_emulator/endpoints/${ext}/answer`).catch(() => undefined);
      return operatorState(app, ext) === 'talking';
    },
    10_000,
    `PJSIP/${ext} answered`,
  );
}

export async function hangUpBoth(app: TestApp, ext: string, channelId: string): Promise<void> {
  await emulator(app, 'POST', `/_emulator/endpoints/${ext}/hangup`).catch(() => undefined);
  await emulator(app, 'POST', `/_emulator/channels/${channelId}/hangup`).catch(() => undefined);
}
