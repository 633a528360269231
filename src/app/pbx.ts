import { randomBytes } from 'node:crypto';
import { AriClient } from '../asterisk/ari/index.ts';
import { seedDemoUsers, type SeededDemoUser } from '../auth/index.ts';
import type { AppConfig, AsteriskServerConfig } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { Logger } from '../shared/index.ts';
import type { StartOptions } from './start-options.ts';

export interface Pbx {
  servers: AsteriskServerConfig[];
  /** The built-in emulator in embedded mode, null with real Asterisk servers. */
  emulator: Emulator | null;
  /** Demo mode only (the emulator): the demo users, printed by main.ts, acted as by the demo's back office. */
  demoUsers: SeededDemoUser[] | null;
}

/**
 * The PBX: real Asterisk servers from the config, or the emulator on loopback with demo users.
 * The demo runs only on a database made for it (config refuses DATABASE_URL without DEMO=on):
 * the demo users are seeded first, and a database with other people in it stops the start
 * (DemoRefusedError) before the emulator places a single call.
 */
export async function startPbx(
  cfg: AppConfig,
  opts: StartOptions,
  db: Db,
  onStop: (fn: () => Promise<unknown>) => void,
): Promise<Pbx> {
  if (cfg.asterisk) return { servers: cfg.asterisk, emulator: null, demoUsers: null };
  const demoUsers = await seedDemoUsers(db, cfg.demoPassword);
  // Fresh credentials at every start: nothing to configure, nothing to leak.
  const creds = { ami: randomBytes(12).toString('hex'), ari: randomBytes(12).toString('hex') };
  const emulator = await startEmulator({
    amiPort: cfg.emulator.amiPort,
    ariPort: cfg.emulator.ariPort,
    amiUsername: 'cti',
    amiSecret: creds.ami,
    ariUsername: 'cti',
    ariPassword: creds.ari,
    endpoints: ['1001', '1002', '1003', '1004', '2001', ...(opts.extraEndpoints ?? [])],
    traffic: cfg.emulator.traffic,
    timeScale: opts.timeScale ?? cfg.emulator.timeScale,
    logger: opts.logger.child({ mod: 'emulator' }),
    soundDirs: [cfg.survey.soundsDir],
  });
  onStop(() => emulator.close());
  const servers = [
    {
      id: 'pbx1',
      ami: { host: '127.0.0.1', port: emulator.amiPort, username: 'cti', secret: creds.ami },
      ari: { url: `http://127.0.0.1:${emulator.ariPort}`, username: 'cti', password: creds.ari },
    },
  ];
  return { servers, emulator, demoUsers };
}

/** One ARI client per server (the IVR's Stasis app listens on each); started last, with the AMI links. */
export function ariClients(
  servers: AsteriskServerConfig[],
  app: string,
  log: Logger,
  onStop: (fn: () => Promise<unknown>) => void,
): Map<string, AriClient> {
  const aris = new Map<string, AriClient>();
  for (const s of servers) {
    const ari = new AriClient({
      url: s.ari.url,
      username: s.ari.username,
      password: s.ari.password,
      app,
      serverId: s.id,
      logger: log.child({ mod: 'ari', server: s.id }),
    });
    aris.set(s.id, ari);
    onStop(() => ari.stop());
  }
  return aris;
}
