// Builds dist/ from src/: dist/hasetup.cjs, all of src/cli.ts bundled into one CommonJS file, and dist/cli.js
// (what the `hasetup` bin, the e2e tests and the benchmarks run), a small launcher from src/launcher.ts that
// compiles the bundle with V8's code cache kept in the user's cache directory (Node 20 has no compile cache for ES
// modules; docs/performance.md, "The compile cache"). Why a bundle: Node resolves, reads and compiles every
// module file on its own, and hasetup's dependencies are several hundred files. Every `await import(...)` of a
// command stays lazy: esbuild turns each bundled ES module into an init function that runs on its first import.
// Type checking is tsc's job (`npm run build` runs `tsc --noEmit` first); esbuild only strips the types.
//
//   npx tsx scripts/build.ts            (npm run build)
import { createHash } from 'node:crypto';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

/**
 * Native addons (ssh2's optional sshcrypto.node) are not bundled: the bundle requires them from their package
 * instead (`ssh2/lib/protocol/crypto/build/Release/sshcrypto.node`), so Node finds them in node_modules as
 * before. A path relative to the bundle would not exist, and ssh2 would silently fall back to slower crypto.
 */
const nativeAddonsFromTheirPackage: Plugin = {
  name: 'native-addons-from-their-package',
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => {
      const abs = path.resolve(args.resolveDir, args.path);
      const at = abs.lastIndexOf(`${path.sep}node_modules${path.sep}`);
      if (at < 0) return { errors: [{ text: `native addon outside node_modules: ${abs}` }] };
      return { path: abs.slice(at + '/node_modules/'.length).split(path.sep).join('/'), external: true };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const bundle = path.join(outdir, 'hasetup.cjs');
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Unminified: stack traces of an internal error stay readable (and minifying did not load faster).
  minify: false,
  logLevel: 'warning',
} as const;
const cli = await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: bundle,
  format: 'cjs',
  charset: 'ascii',
  // cpu-features is ssh2's optional native module: loaded from node_modules when installed. echarts (3.7 MB)
  // is required from node_modules by `--html` alone (src/report/html/): in the bundle it would be read and
  // compiled into the code cache on every start (docs/dependencies.md).
  external: ['cpu-features', 'echarts'],
  plugins: [nativeAddonsFromTheirPackage],
  // require, __dirname and __filename are the bundle's own (the CommonJS wrapper's); import.meta.url is not
  // defined in CommonJS (src/paths.ts and cli.ts use it): the bundle's URL.
  define: { 'import.meta.url': '__hasetupImportMetaUrl' },
  // The banner comes before esbuild's "use strict", which would then be no directive: it says it first.
  banner: { js: "'use strict'; var __hasetupImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
if (cli.errors.length > 0) process.exit(1);
// The launcher compiles the bundle inside a function wrapper, where a hashbang is a syntax error: blank it out.
// And it reads the bundle as latin1, three times faster than UTF-8 (3.5 MB: 4 ms against 13): esbuild escapes
// the non-ASCII characters of strings (charset ascii) but not of tagged templates (their raw text is kept), so
// the Chinese of `zh\`...\`` messages (src/i18n/spacing.ts) and comments are left: escaped here as \uXXXX, which
// a tag reads cooked as the same character. Every line is kept, so stack traces point at the right line.
const source = (await readFile(bundle, 'utf8'))
  .replace(/^#!.*/, (line) => ' '.repeat(line.length))
  .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
await writeFile(bundle, source);
const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
const launcher = await build({
  ...common,
  entryPoints: ['src/launcher.ts'],
  outfile: path.join(outdir, 'cli.js'),
  format: 'esm',
  // Part of the cache key: the cache of another bundle is never tried (V8 only checks the source's length).
  define: {
    __HASETUP_BUNDLE_SHA256__: JSON.stringify(createHash('sha256').update(source).digest('hex')),
    __HASETUP_VERSION__: JSON.stringify(version),
  },
});
if (launcher.errors.length > 0) process.exit(1);
await chmod(path.join(outdir, 'cli.js'), 0o755);
