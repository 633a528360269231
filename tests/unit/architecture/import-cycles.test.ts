import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Guards the shape of the code (STYLE.md: "a check for import cycles"). A runtime import cycle
// makes module order matter (a value read before its module ran is undefined) and usually means
// two files share a concept that wants its own home. Type-only imports are erased by the
// compiler and cannot cycle at run time, so they are left out.

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative runtime imports of a file (`import type` and `export type` skipped). */
export function runtimeImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm)) {
    if (m[1]) continue;
    out.push(normalize(join(dirname(file), m[2]!)));
  }
  return out;
}

/** Strongly connected components with more than one file (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['a.ts', runtimeImports('a.ts', "import { b } from './b.ts';")],
      ['b.ts', runtimeImports('b.ts', "import { a } from './a.ts';\nimport type { C } from './c.ts';")],
      ['c.ts', runtimeImports('c.ts', "import type { B } from './b.ts';")],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts']]);
  });

  for (const folder of ['src', 'web/src']) {
    it(`has no runtime import cycles in ${folder}/`, () => {
      const files = sourceFiles(join(root, folder));
      const graph = new Map(files.map((f) => [f, runtimeImports(f, readFileSync(f, 'utf8'))]));
      expect(cycles(graph).map((c) => c.map((f) => relative(root, f)))).toEqual([]);
    });
  }
});
