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

/**
 * The heap once the process is quiet: samples every 2 s (up to `maxMs`) until two in a row agree
 * within 0.25 MB, and the lowest seen. On a loaded machine (CI, with other test files beside) the
 * work 1,000 calls queued (database writes, jobs, socket frames to a slow page) is still draining
 * when the first sample is taken; it goes, and a leak does not.
 */
export async function settledHeapMb(emulator: Emulator | null, settleMs: number, maxMs = 24_000): Promise<number> {
  let low = await heapMb(emulator, settleMs);
  let prev = low;
  for (const end = Date.now() + maxMs; Date.now() < end;) {
    const now = await heapMb(emulator, 2000);
    low = Math.min(low, now);
    if (Math.abs(now - prev) < 0.25) break;
    prev = now;
  }
  return low;
}
