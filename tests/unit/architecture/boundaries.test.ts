import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

// The shape of the code (README "Architecture"): the layer rules of .dependency-cruiser.cjs, run
// here too so `npm test` fails on a wrong arrow even when lint is skipped. The first test plants
// violations in a scratch tree to show the rules can fail.

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const rules = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: unknown[];
  options: Record<string, unknown>;
};

async function violations(dirs: string[], cwd: string): Promise<string[]> {
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const r = await cruise(dirs, {
      ...rules.options,
      validate: true,
      ruleSet: { forbidden: rules.forbidden },
      tsConfig: undefined,
    } as never);
    const out = r.output as ICruiseResult;
    return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  } finally {
    process.chdir(prev);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'cti137-arch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function plant(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
}

describe('import boundaries', () => {
  it('catch a type-only cycle, an upward arrow and a deep import (the rules themselves work)', async () => {
    plant({
      'src/shared/index.ts': "export type { Up } from '../cti/index.ts';\n",
      'src/cti/index.ts': "export type Up = 1;\nexport type { B } from './b.ts';\n",
      'src/cti/a.ts': "import type { B } from './b.ts';\nexport type A = B;\n",
      'src/cti/b.ts': "import type { A } from './a.ts';\nexport type B = A | 1;\n",
      'src/requests/index.ts': "export type { A } from '../cti/a.ts';\n",
    });
    const found = await violations(['src'], scratch);
    expect(found).toEqual(
      expect.arrayContaining([
        'no-circular: src/cti/a.ts → src/cti/b.ts',
        'layer-shared: src/shared/index.ts → src/cti/index.ts',
        'no-deep-import: src/requests/index.ts → src/cti/a.ts',
        'layer-requests: src/requests/index.ts → src/cti/a.ts',
      ]),
    );
  });

  it('hold in src/ and web/src/', { timeout: 60_000 }, async () => {
    expect(await violations(['src', 'web/src'], root)).toEqual([]);
  });
});
