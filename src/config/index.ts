// The one place that reads the environment; only the composition root and main.ts import it.
export { loadConfig, ConfigError, type AppConfig, type AsteriskServerConfig, type ShiftDef } from './config.ts';
