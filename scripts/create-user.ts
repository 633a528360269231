// Creates (or updates) a person who signs in to cti137: the first admin of a production
// database, and every operator with their phone. Demo users exist only in embedded mode.
//   DATABASE_URL=postgres://... npm run user:create -- --username admin --display-name "مدیر سامانه" --role admin
//   ... --username zahra.ahmadi --display-name "زهرا احمدی" --role operator --extension 1001
//   ... --extension 1001 --server pbx2   (the phone is on the second server of ASTERISK_AMI_URL)
//   ... --username shora.jalali --display-name "شورای محله جلالیه" --role council --neighbourhoods 12,13
//   (manager: the city's manager, reads everything and changes nothing; council: a neighbourhood
//   council, held to the neighbourhoods given by id, as listed under GET /api/v1/reference)
// The password comes from CTI_PASSWORD, or is asked for (hidden) on a terminal, or is read from
// standard input (first line). Running it again for the same username updates the name, role
// and password. cti137 reads the operators at start: restart it after adding an operator.
import argon2 from 'argon2';
import { parseArgs } from 'node:util';
import {
  existingNeighbourhoods,
  replaceCouncilNeighbourhoods,
  upsertOperator,
  upsertUser,
  type Role,
} from '../src/auth/index.ts';
import { createPool, migrate, withTransaction, type Db } from '../src/db/index.ts';
import { createLogger, toLatinDigits } from '../src/shared/index.ts';

// Unit users are made in the users admin, where their units are chosen from the tree.
const ROLES: readonly Role[] = ['operator', 'supervisor', 'admin', 'viewer', 'manager', 'council'];
const USAGE = `usage: npm run user:create -- --username NAME --display-name "NAME" --role ${ROLES.join('|')} [--extension 1001 [--server pbx1]] [--neighbourhoods 12,13]
  --server: the Asterisk the phone registers on, pbxN = the Nth of ASTERISK_AMI_URL (default pbx1)
  --neighbourhoods: a council member's neighbourhood ids, comma-separated (required for council, and only for it)
  password: CTI_PASSWORD, or typed at the prompt, or the first line of standard input
  DATABASE_URL: the PostgreSQL of cti137`;
const MIN_PASSWORD = 10;

class UsageError extends Error {
  constructor(
    message: string,
    /** false: the arguments were fine, the data was not; the usage text would only be noise. */
    readonly showUsage = true,
  ) {
    super(message);
  }
}

interface Input {
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  serverId: string;
  /** A council member's neighbourhoods (empty for every other role). */
  neighbourhoodIds: number[];
}

/** "12,13" or "۱۲، ۱۳" → [12, 13]: ids in Latin or Persian digits, comma-separated, no repeats. */
function parseNeighbourhoods(raw: string | undefined, role: Role): number[] {
  if (raw === undefined) {
    if (role === 'council')
      throw new UsageError('--neighbourhoods is required for a council member: the neighbourhood ids they speak for');
    return [];
  }
  if (role !== 'council') throw new UsageError('--neighbourhoods is for council members only');
  const parts = toLatinDigits(raw)
    .split(/[,،]/)
    .map((x) => x.trim());
  if (parts.some((x) => !/^[1-9][0-9]{0,8}$/.test(x)))
    throw new UsageError('--neighbourhoods: neighbourhood ids, comma-separated (e.g. 12,13)');
  const ids = [...new Set(parts.map(Number))];
  if (ids.length > 100) throw new UsageError('--neighbourhoods: at most 100');
  return ids;
}

function parseInput(argv: string[]): Input {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string' },
      extension: { type: 'string' },
      server: { type: 'string' },
      neighbourhoods: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  // Sign-in lower-cases the username, so it is stored that way.
  const username = values.username?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9_.-]{3,40}$/.test(username)) throw new UsageError('--username: 3 to 40 of a-z 0-9 _ . -');
  const displayName = values['display-name']?.trim() ?? '';
  if (!displayName) throw new UsageError('--display-name is required (shown on the desk and the wallboard)');
  // One line of text: a CR/LF or other control character would forge lines in logs and exports.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(displayName))
    throw new UsageError('--display-name: one line, without control characters (CR, LF, tab, NUL)');
  if (displayName.length > 80) throw new UsageError('--display-name: at most 80 characters');
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role: one of ${ROLES.join(', ')}`);
  const extension = values.extension?.trim() || null;
  if (role === 'operator' && !extension) {
    throw new UsageError('--extension is required for an operator: the phone (PJSIP/<extension>) the queue rings');
  }
  if (role !== 'operator' && extension) {
    // An operators row would put this person into the queues' directory as an operator.
    throw new UsageError(
      '--extension is for operators only; a supervisor sets the phone to listen from on the wallboard',
    );
  }
  if (extension && !/^[0-9]{2,10}$/.test(extension))
    throw new UsageError("--extension: the phone's extension, digits only (e.g. 1001)");
  const serverId = values.server?.trim() || 'pbx1';
  if (!/^pbx[1-9][0-9]{0,2}$/.test(serverId))
    throw new UsageError('--server: pbx1, pbx2 ... (the position of the server in ASTERISK_AMI_URL)');
  if (values.server && !extension)
    throw new UsageError("--server is the server of an operator's phone: give --extension too");
  const neighbourhoodIds = parseNeighbourhoods(values.neighbourhoods, role);
  return { username, displayName, role, extension, serverId, neighbourhoodIds };
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.CTI_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    const first = await promptHidden('Password: ');
    const again = await promptHidden('Password again: ');
    if (first !== again) throw new UsageError('the two passwords differ', false);
    return first;
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let line = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled', false));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Checked before anything is written, so a taken phone or a wrong neighbourhood leaves no half-made user behind. */
async function checkBeforeWriting(db: Db, input: Input): Promise<void> {
  if (input.extension) {
    const taken = await db.query<{ username: string }>(
      `SELECT u.username FROM operators o JOIN users u ON u.id = o.user_id
        WHERE o.server_id = $4 AND (o.extension = $1 OR o.interface = $2) AND u.username <> $3`,
      [input.extension, `PJSIP/${input.extension}`, input.username, input.serverId],
    );
    if (taken.rows[0])
      throw new UsageError(
        `extension ${input.extension} on ${input.serverId} already belongs to operator ${taken.rows[0].username}`,
        false,
      );
  }
  const found = new Set(await existingNeighbourhoods(db, input.neighbourhoodIds));
  const missing = input.neighbourhoodIds.filter((id) => !found.has(id));
  if (missing.length) throw new UsageError(`no neighbourhood with id ${missing.join(', ')}`, false);
}

async function main(): Promise<void> {
  const input = parseInput(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('DATABASE_URL is not set', false);
  const password = await readPassword();
  if (password.length < MIN_PASSWORD)
    throw new UsageError(`the password must be at least ${MIN_PASSWORD} characters`, false);

  const logger = createLogger('warn', 'create-user');
  // A database cti137 has never started on has no tables yet.
  await migrate(databaseUrl, logger);
  const db = createPool(databaseUrl, logger, 1);
  try {
    await checkBeforeWriting(db, input);
    const passwordHash = await argon2.hash(password);
    // One transaction: a council member is never left without their neighbourhoods.
    const line = await withTransaction(db, async (c) => {
      const userId = await upsertUser(c, {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
      });
      // Run again with another role, a former council member keeps no neighbourhoods.
      await replaceCouncilNeighbourhoods(c, userId, input.neighbourhoodIds);
      let text = `user ${input.username} (${input.role}, id ${userId}) is ready to sign in`;
      if (input.neighbourhoodIds.length) text += `; neighbourhoods ${input.neighbourhoodIds.join(', ')}`;
      if (input.extension) {
        const iface = `PJSIP/${input.extension}`;
        await upsertOperator(c, userId, input.extension, iface, input.serverId);
        text += `; operator phone ${iface} on ${input.serverId} (restart cti137 so it knows the new phone)`;
      }
      return text;
    });
    console.log(line);
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    if (err.message) console.error(`create-user: ${err.message}`);
    if (err.showUsage) console.error(USAGE);
    process.exit(2);
  }
  console.error(`create-user: ${(err as Error).message}`);
  process.exit(1);
});
