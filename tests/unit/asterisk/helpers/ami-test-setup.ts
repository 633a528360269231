// Shared wiring for the AMI client tests: a scripted server replaying a capture, a client pointed
// at it with short timers, and cleanup after each test.

import { AmiClient } from '../../../../src/asterisk/ami/ami-client.ts';
import type { AmiClientOptions } from '../../../../src/asterisk/ami/ami-client-options.ts';
import type { AmiMessage } from '../../../../src/asterisk/ami/ami-codec.ts';
import { type LogLine, memoryLogger } from './memory-logger.ts';
import { type AmiServerConn, CaptureResponder, type ScriptedAmiServer, startAmiServer } from './scripted-ami-server.ts';

export interface AmiTestRig {
  server: ScriptedAmiServer;
  client: AmiClient;
  responder: CaptureResponder;
  logs: LogLine[];
  events: AmiMessage[];
}

const cleanups: Array<() => Promise<void>> = [];

export async function cleanupRigs(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()!();
}

/**
 * `handle` may answer an action itself (return true); otherwise Login and Ping get their captured
 * answers every time, and any other action the next captured answer of that name, if one is left.
 */
export async function amiRig(
  handle: (msg: AmiMessage, conn: AmiServerConn, responder: CaptureResponder) => boolean | void = () => false,
  clientOpts: Partial<AmiClientOptions> = {},
  capture: 'ami-actions' | 'ami-login-failure' = 'ami-actions',
): Promise<AmiTestRig> {
  const responder = new CaptureResponder(capture);
  const server = await startAmiServer({
    banner: responder.banner,
    onAction: (msg, conn) => {
      if (handle(msg, conn, responder)) return;
      const action = msg.get('Action') ?? '';
      const keep = /^(login|ping)$/i.test(action);
      try {
        conn.write(responder.repliesFor(msg, undefined, keep).join(''));
      } catch {
        // No captured answer left: stay silent, like a stuck Asterisk.
      }
    },
  });
  const { logger, lines } = memoryLogger();
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'cti',
    secret: 'cti137secret',
    serverId: 'pbx-test',
    logger,
    actionTimeoutMs: 1_000,
    pingIntervalMs: 60_000,
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    // The transcripts' every frame, VarSet included: the client's generic behaviour. The default
    // drop list has its own test.
    dropEvents: new Set<string>(),
    ...clientOpts,
  });
  const events: AmiMessage[] = [];
  client.on('event', (e) => events.push(e));
  cleanups.push(async () => {
    await client.stop();
    await server.close();
  });
  return { server, client, responder, logs: lines, events };
}
