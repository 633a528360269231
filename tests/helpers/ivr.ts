// What the IVR says to a caller, read from the emulator's log of ARI requests: the prompts it
// played on a channel (and when it started the nth of one), and the channel variables it set.
import { actionLog, type AriAction, type EmulatorAt } from './emulator-control.ts';
import { waitFor } from './wait.ts';

async function ariActionsOf(app: EmulatorAt, channelId: string): Promise<AriAction[]> {
  const prefix = `/ari/channels/${encodeURIComponent(channelId)}/`;
  return (await actionLog(app)).filter((a): a is AriAction => a.proto === 'ari' && a.path.startsWith(prefix));
}

export interface Play {
  /** The media list, e.g. ['sound:cti137/welcome', 'sound:cti137/menu']. */
  media: string[];
  lang: string | undefined;
}

/** Every ARI play the IVR sent to this channel, oldest first. */
export async function playsOf(app: EmulatorAt, channelId: string): Promise<Play[]> {
  return (await ariActionsOf(app, channelId))
    .filter((a) => a.method === 'POST' && a.path.includes('/play'))
    .map((a) => ({ media: (a.query.media ?? '').split(','), lang: a.query.lang }));
}

/** How many plays of this channel included a sound (e.g. `cti137/survey-courtesy`). */
export async function playCount(app: EmulatorAt, channelId: string, sound: string): Promise<number> {
  return (await playsOf(app, channelId)).filter((p) => p.media.includes(`sound:${sound}`)).length;
}

/** Waits until the IVR has started playing `sound` for the `nth` time on this channel. */
export async function waitForPlay(app: EmulatorAt, channelId: string, sound: string, nth = 1): Promise<void> {
  await waitFor(async () => (await playCount(app, channelId, sound)) >= nth, 10_000, `IVR playing ${sound} (#${nth})`);
}

/** Channel variables the IVR set over ARI (CTI_QUEUE, QUEUE_PRIO). */
export async function variablesSet(app: EmulatorAt, channelId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const a of await ariActionsOf(app, channelId)) {
    if (a.method === 'POST' && a.path.endsWith('/variable') && a.query.variable)
      out[a.query.variable] = a.query.value ?? '';
  }
  return out;
}

/** Whether the IVR hung this channel up itself (an ARI DELETE of it). */
export async function hungUpByIvr(app: EmulatorAt, channelId: string): Promise<boolean> {
  return (await actionLog(app)).some(
    (a) => a.proto === 'ari' && a.method === 'DELETE' && a.path === `/ari/channels/${channelId}`,
  );
}
