import { startEmulator, type Emulator, type QueueConfig } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { TIME_SCALE } from './app.ts';

/**
 * The emulator running on its own, as a real Asterisk would, and the environment that points
 * cti137 at it (ASTERISK_AMI_URL / ASTERISK_ARI_URL): for tests where either side restarts.
 */
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
