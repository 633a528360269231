import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** The one logger factory. Tests pass level 'silent' or 'warn' to keep output readable. */
export function createLogger(level: string = 'info', name = 'cti137'): Logger {
  return pino({ name, level });
}
