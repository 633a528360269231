// The emulator running on its own, as a real Asterisk would, and cti137 pointed at it through
// ASTERISK_AMI_URL / ASTERISK_ARI_URL: for tests where either side restarts, and the CTI rig
// with the three queues of a 137 centre.
import { startEmulator, type Emulator, type QueueConfig } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestApp, TIME_SCALE, type TestApp } from './app.ts';
import { login } from './http.ts';

export async function startStandaloneEmulator(
  queues?: QueueConfig[],
  timeScale = TIME_SCALE,
): Promise<{ emu: Emulator; env: Record<string, string> }> {
  const emu = await startEmulator({
    amiPort: 0,
    ariPort: 0,
    amiUsername: 'cti',
    amiSecret: 'amisecret',
    ariUsername: 'cti',
    ariPassword: 'aripass',
    endpoints: ['1001', '1002', '1003', '1004'],
    traffic: false,
    timeScale,
    ...(queues ? { queues } : {}),
    logger: createLogger('silent'),
  });
  return {
    emu,
    env: {
      ASTERISK_AMI_URL: `ami://cti:amisecret@127.0.0.1:${emu.amiPort}`,
      ASTERISK_ARI_URL: `http://cti:aripass@127.0.0.1:${emu.ariPort}`,
      EMULATOR_URL: `http://127.0.0.1:${emu.ariPort}`,
    },
  };
}

/**
 * q137 rings a member for 30 emulated seconds (1.5 s real at the test clock): long enough that
 * a test answering a phone never races it, short enough for a ring-no-answer test.
 */
export const CTI_QUEUES: QueueConfig[] = [
  { name: 'q137', strategy: 'rrmemory', timeoutSec: 30, retrySec: 2 },
  { name: 'q137hazard', strategy: 'ringall', timeoutSec: 30, retrySec: 1 },
  { name: 'q137overflow', strategy: 'linear', timeoutSec: 30, retrySec: 1 },
];

export interface CtiRig {
  app: TestApp;
  emu: Emulator;
  /** A supervisor's session cookie. */
  supervisor: string;
  close(): Promise<void>;
}

/** cti137 against a standalone emulator; `queues` and `timeScale` (emulator and IVR alike) for other timings. */
export async function startCtiRig(queues = CTI_QUEUES, timeScale = TIME_SCALE): Promise<CtiRig> {
  const { emu, env } = await startStandaloneEmulator(queues, timeScale);
  const app = await startTestApp(env, { timeScale });
  const supervisor = await login(app.url, 'supervisor1');
  return {
    app,
    emu,
    supervisor,
    async close() {
      await app.close();
      await emu.close();
    },
  };
}
