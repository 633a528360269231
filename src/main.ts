import { startApp } from './app/index.ts';
import { ConfigError, loadConfig } from './config/index.ts';
import { createLogger } from './shared/index.ts';

// Composition root: read the config once, start everything, stop cleanly on SIGTERM/SIGINT.
async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`cti137: ${err.message}\nSee README.md, "Configuration".`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(cfg.logLevel, 'cti137', cfg.ops.logFormat);
  let app;
  try {
    app = await startApp(cfg, { logger });
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'cti137 could not start');
    process.exit(1);
  }
  logger.info({ url: app.url }, 'cti137 is up');
  if (app.demoUsers) {
    const lines = app.demoUsers.map((u) => {
      const where = u.extension
        ? `phone PJSIP/${u.extension}`
        : u.unitCode
          ? `unit ${u.unitCode}`
          : u.neighbourhoods
            ? `neighbourhoods ${u.neighbourhoods.join(', ')}`
            : '';
      return `  ${u.username.padEnd(15)} ${u.role.padEnd(13)} ${where}`;
    });
    console.log(
      `\ncti137 demo mode — open ${app.url}/ (back office: ${app.url}/office.html)\nDemo users (password: ${cfg.demoPassword === 'demo137' ? 'demo137' : 'the DEMO_PASSWORD you set'}):\n${lines.join('\n')}\n` +
        `Asterisk emulator: AMI 127.0.0.1:${app.emulator?.amiPort}, ARI and control API http://127.0.0.1:${app.emulator?.ariPort}` +
        ` (demo calls ${cfg.emulator.traffic ? 'on' : 'off'})\n` +
        `Open311 API key: demo-open311-key (${app.url}/open311/v2/discovery.json)\n`,
    );
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
