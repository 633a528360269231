// Builds the browser apps: every web/src/*.ts is an entry point, bundled (socket.io-client
// included) into web/dist/ as minified ES modules with source maps; web/public/ is copied beside,
// and the Vazirmatn web font (npm package `vazirmatn`, OFL) into web/dist/fonts/, so that every PC
// renders the same letters without reaching the internet (base.css declares it).
// Usage: node scripts/build-web.mjs [--watch]
import { build, context } from 'esbuild';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'web', 'src');
const publicDir = join(root, 'web', 'public');
const outDir = join(root, 'web', 'dist');
const watch = process.argv.includes('--watch');

/** One variable-weight file covers every weight the pages use (400–800). */
async function copyFont() {
  const pkg = join(root, 'node_modules', 'vazirmatn');
  const fonts = join(outDir, 'fonts');
  await mkdir(fonts, { recursive: true });
  await cp(join(pkg, 'fonts', 'webfonts', 'Vazirmatn[wght].woff2'), join(fonts, 'Vazirmatn-Variable.woff2'));
  await cp(join(pkg, 'OFL.txt'), join(fonts, 'Vazirmatn-OFL.txt'));
}

const entryPoints = (await readdir(srcDir, { withFileTypes: true }))
  .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
  .map((e) => join(srcDir, e.name));
if (entryPoints.length === 0) throw new Error(`no entry points in ${srcDir}`);

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints,
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: true,
  splitting: entryPoints.length > 1,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

await cp(publicDir, outDir, { recursive: true });
await copyFont();
if (watch) {
  const ctx = await context(options);
  await ctx.watch();
  console.log(`build-web: watching ${srcDir} (public/ is copied once; restart to recopy)`);
} else {
  const result = await build({ ...options, metafile: true });
  const outputs = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(1)} KiB`);
  console.log(`build-web: ${outputs.join(', ')}`);
}
