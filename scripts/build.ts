// Builds dist/ from src/: one bundled ES module per entry point, dist/cli.js (what the `hasetup` bin, the e2e
// tests and the benchmarks run), with code splitting so that every `await import(...)` of a command stays lazy
// (its code is in dist/chunks/ and is read only when the command runs). Why a bundle: Node resolves, reads and
// compiles every module file on its own, and hasetup's dependencies are several hundred files; one bundle per
// command cuts `status` and an unchanged deploy by 0.1-0.2 s (docs/performance.md). Type checking is tsc's
// job (`npm run build` runs `tsc --noEmit` first); esbuild only strips the types.
//
//   npx tsx scripts/build.ts            (npm run build)
import { chmod, rm } from 'node:fs/promises';
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
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Unminified: stack traces of an internal error stay readable (and minifying did not load faster).
  minify: false,
  // cpu-features is ssh2's optional native module: loaded from node_modules when installed.
  external: ['cpu-features'],
  plugins: [nativeAddonsFromTheirPackage],
  // CommonJS dependencies (ssh2, commander, handlebars...) call require() for Node's built-ins and use
  // __dirname; in an ES module those come from createRequire and import.meta (Node 20.11+).
  banner: { js: "import { createRequire as __hasetupRequire } from 'node:module'; const require = __hasetupRequire(import.meta.url);" },
  define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
  logLevel: 'warning',
});
if (result.errors.length > 0) process.exit(1);
await chmod(path.join(outdir, 'cli.js'), 0o755);
