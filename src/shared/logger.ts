import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type Logger = PinoLogger;

/** json: one JSON object a line (collectors); pretty: coloured lines for a person; auto: decide by where it goes. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** A person is reading: stdout is a terminal and this is not a production run. */
export function wantsPretty(format: LogFormat, isTty = process.stdout.isTTY === true): boolean {
  if (format !== 'auto') return format === 'pretty';
  return isTty && process.env.NODE_ENV !== 'production';
}

/**
 * The one logger factory. Tests pass level 'silent' or 'warn' to keep output readable. JSON unless
 * asked otherwise (main.ts passes LOG_FORMAT). pino-pretty runs as a stream in this thread, not as
 * a worker transport: a fatal line written just before process.exit() is still printed.
 */
export function createLogger(level: string = 'info', name = 'cti137', format: LogFormat = 'json'): Logger {
  if (!wantsPretty(format)) return pino({ name, level });
  return pino(
    { name, level },
    pretty({
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    }),
  );
}
