import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { emulator } from '../helpers/emulator-control.ts';
import { nextEvent } from '../helpers/wait.ts';
import { report, untilHealthy, untilUnhealthy } from './traffic.ts';

// /health names every link the node needs and is 503 while one is down: ARI (the IVR) as much as
// AMI. Each link is taken down for real (the client stopped, or the emulator dropping it).
describe('/health and the PBX links', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is 200 with everything up and reports each dependency', async () => {
    const r = await fetch(`${app.url}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      status: 'ok',
      database: 'up',
      redis: 'not configured',
      pbx: { pbx1: { ami: 'up', ari: 'up' } },
      jobs: { backend: 'postgres', store: 'up' },
    });
  });

  it('is 503 while ARI is down, and 200 once it is back', async () => {
    const ari = app.aris.get('pbx1')!;
    await ari.stop();
    const down = await untilUnhealthy(app.url);
    expect(down.pbx).toEqual({ pbx1: { ami: 'up', ari: 'down' } });
    ari.start();
    report('ARI link stopped and started', await untilHealthy(app.url));
  });

  it('recovers by itself after the PBX drops AMI and ARI', async () => {
    const ami = app.amis.get('pbx1')!;
    const ari = app.aris.get('pbx1')!;
    const lost = Promise.all([nextEvent(ami, 'disconnected'), nextEvent(ari, 'disconnected')]);
    await emulator(app, 'POST', '/_emulator/ami/drop');
    await emulator(app, 'POST', '/_emulator/ari/drop');
    await lost;
    // The links come back on their own (reconnect with backoff); health follows them.
    report('AMI and ARI dropped by the PBX', await untilHealthy(app.url));
  });
});
