// Heap samples of the server's process that mean something: after a real gc() (even without
// --expose-gc), after short-lived holders lapsed, and without the emulator's action log, which is not the server's memory (it keeps
// the last 10,000 AMI/ARI requests for tests to read, and fills up during a long run).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Emulator } from '../../../src/emulator/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The emulator's action log, reached past its private field: a test-only look inside. */
export function clearEmulatorLog(emulator: Emulator | null): void {
  (emulator as unknown as { pbx?: { actions?: { clear(): void } } } | null)?.pbx?.actions?.clear();
}

/**
 * Heap used, in MB. `settleMs` first lets short-lived holders go: the ARI client's per-request
 * AbortSignal.timeout (5 s) keeps each recent request alive until it lapses.
 */
export async function heapMb(emulator: Emulator | null, settleMs = 0): Promise<number> {
  if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
  clearEmulatorLog(emulator);
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}
