import type { QueueLive } from '../cti/index.ts';

/**
 * The wait a caller joining `queue` on this server can expect, in seconds: the wait of the caller
 * at the head of the line now (the "oldest contact age" call centres use as the estimate: a new
 * caller is served after everyone already waiting). An empty line estimates 0: no offer then.
 */
export function estimatedWaitSeconds(queues: QueueLive[], queue: string, serverId: string, now: number): number {
  const q = queues.find((x) => x.name === queue && x.serverId === serverId);
  if (!q || q.waiting.length === 0) return 0;
  const oldest = Math.min(...q.waiting.map((w) => Date.parse(w.waitingSince)));
  return Math.max(0, (now - oldest) / 1000);
}
