// Lint step: SQL lives only in `*-repository.ts` files (and the db layer's own plumbing), so a
// reader finds every query of a table in the repository of the domain that owns it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// The db layer's plumbing (pool health checks, migrations, the embedded server) is not a domain's SQL.
const ALLOWED = [/-repository\.ts$/, /^src\/db\/(pool|migrate|embedded)\.ts$/];
const SQL = /\b(SELECT\s+[\w*(]|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|\.query\s*[(<])/;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const offenders = [];
for (const file of files(join(root, 'src'))) {
  const rel = relative(root, file);
  if (ALLOWED.some((re) => re.test(rel))) continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (SQL.test(line) && !/^\s*(\/\/|\*)/.test(line))
        offenders.push(`${rel}:${i + 1}: ${line.trim().slice(0, 100)}`);
    });
}
if (offenders.length) {
  console.error(`SQL outside *-repository.ts files (${offenders.length}):\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log('check-sql: SQL only in repositories');
