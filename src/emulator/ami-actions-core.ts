import { failure, respond, success, type ActionHandler } from './ami-reply.ts';
import { runCli } from './cli-commands.ts';
import { amiTimestamp, coreClock, coreDate } from './time-format.ts';

const ping: ActionHandler = (ctx) =>
  success(ctx, undefined, [
    ['Ping', 'Pong'],
    ['Timestamp', amiTimestamp()],
  ]);

const coreSettings: ActionHandler = (ctx) =>
  success(ctx, undefined, [
    ['AMIversion', '11.0.0'],
    ['AsteriskVersion', '22.10.1'],
    ['SystemName', ''],
    ['CoreMaxCalls', '0'],
    ['CoreMaxLoadAvg', '0.000000'],
    ['CoreRunUser', ''],
    ['CoreRunGroup', ''],
    ['CoreMaxFilehandles', '0'],
    ['CoreRealTimeEnabled', 'No'],
    ['CoreCDRenabled', 'Yes'],
    ['CoreHTTPenabled', 'No'],
    ['SoundsSearchCustomDir', 'No'],
  ]);

const coreStatus: ActionHandler = (ctx) => {
  const { pbx } = ctx;
  success(ctx, undefined, [
    ['CoreStartupDate', coreDate(pbx.startedAt)],
    ['CoreStartupTime', coreClock(pbx.startedAt)],
    ['CoreReloadDate', coreDate(pbx.startedAt)],
    ['CoreReloadTime', coreClock(pbx.startedAt)],
    ['CoreCurrentCalls', String([...pbx.channels.values()].filter((c) => c.kind !== 'agent').length)],
    ['CoreProcessedCalls', String(pbx.processedCalls)],
  ]);
};

const command: ActionHandler = (ctx) => {
  const cmd = ctx.msg.get('Command');
  if (!cmd) return failure(ctx, 'No command provided');
  const out = runCli(ctx.pbx, cmd);
  if (out === null) {
    const first = cmd.trim().split(/\s+/)[0] ?? cmd;
    return respond(ctx, 'Error', [
      ['Message', 'Command output follows'],
      ['Output', `No such command '${cmd.trim()}' (type 'core show help ${first}' for other possible commands)`],
    ]);
  }
  success(
    ctx,
    'Command output follows',
    out.map((line) => ['Output', line] as const),
  );
};

const SYNOPSIS: Record<string, string> = {
  Login: 'Login Manager.',
  Logoff: 'Logoff Manager.',
  Ping: 'Keepalive command.',
  Events: 'Control Event Flow.',
  ListCommands: 'List available manager commands.',
  CoreSettings: 'Show PBX core settings (version etc).',
  CoreStatus: 'Show PBX core status variables.',
  Command: 'Execute Asterisk CLI Command.',
  QueueAdd: 'Add interface to queue.',
  QueueRemove: 'Remove interface from queue.',
  QueuePause: 'Makes a queue member temporarily unavailable.',
  QueueStatus: 'Show queue status.',
  QueueSummary: 'Show queue summary.',
  CoreShowChannels: 'List currently active channels.',
  Status: 'List channel status.',
  Getvar: 'Gets a channel variable or function value.',
  Setvar: 'Sets a channel variable or function value.',
  Hangup: 'Hangup channel.',
  Redirect: 'Redirect (transfer) a call.',
  Originate: 'Originate a call.',
  BridgeList: 'Get a list of bridges in the system.',
};

const listCommands: ActionHandler = (ctx) =>
  success(
    ctx,
    undefined,
    Object.entries(SYNOPSIS).map(([k, v]) => [k, `${v}  (Priv: <none>)`] as const),
  );

export const coreActions: Record<string, ActionHandler> = {
  ping,
  coresettings: coreSettings,
  corestatus: coreStatus,
  command,
  listcommands: listCommands,
};
