import type { AppHandle } from '../src/app/index.ts';
import type { Seeded } from './screen-pop-seed.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll a condition of the running server every 20 ms; `bench` names the benchmark in the error. */
export async function until(bench: string, cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${bench}: timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Every bench desk's operator ready (25 at a time), once the server has its AMI and ARI. */
export async function readyEveryDesk(bench: string, app: AppHandle, people: Seeded): Promise<void> {
  await until(
    bench,
    () => [...app.amis.values()].every((a) => a.connected) && [...app.aris.values()].every((a) => a.connected),
    15_000,
    'AMI and ARI',
  );
  for (let i = 0; i < people.desks.length; i += 25)
    await Promise.all(people.desks.slice(i, i + 25).map((d) => app.operators.setReady(d.operatorId)));
  await until(
    bench,
    () => people.desks.every((d) => app.operators.snapshot(d.operatorId).state === 'ready'),
    30_000,
    `${people.desks.length} desks ready`,
  );
}
