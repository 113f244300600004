#!/usr/bin/env node
// dist/cli.js, the `hasetup` program: runs the bundle dist/hasetup.cjs (all of src/cli.ts, one CommonJS file)
// through vm.Script with V8's code cache from the user's cache directory, so that Node does not compile
// hasetup's code again on every run (Node 20 has no compile cache for ES modules; docs/performance.md, "The
// compile cache"). The cache is only ever an optimisation: when it is off (HASETUP_NO_COMPILE_CACHE=1), with
// --enable-source-maps (Node maps stack traces only of code loaded by require), or when anything about it
// fails, the bundle is loaded with require() as any CommonJS file, and nothing is printed.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { cacheDir, cacheDisabled, cacheFileName, commandOf, openCacheDir, readCache, writeCache } from './startup/compile-cache.js';

// Set by scripts/build.ts.
declare const __HASETUP_BUNDLE_SHA256__: string;
declare const __HASETUP_VERSION__: string;

interface Cli {
  main(argv: string[]): Promise<number>;
}

const bundle = fileURLToPath(new URL('./hasetup.cjs', import.meta.url));
const requireFromBundle = createRequire(bundle);

/** The cache file for this bundle, Node and command, in a directory we can trust; undefined when not to cache. */
function cacheFile(): string | undefined {
  if (cacheDisabled(process.env) || process.sourceMapsEnabled || typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  const dir = cacheDir(process.env, homedir());
  const trustedDir = dir === undefined ? undefined : openCacheDir(dir, uid);
  if (trustedDir === undefined) return undefined;
  const name = cacheFileName({
    version: __HASETUP_VERSION__,
    bundleHash: __HASETUP_BUNDLE_SHA256__,
    bundleStat: statSync(bundle),
    nodeVersion: process.version,
    arch: process.arch,
    command: commandOf(process.argv.slice(2)),
  });
  return path.join(trustedDir, name);
}

/** The bundle's exports, and how to save the code cache after the command ran (when it was missing or rejected). */
function load(): { cli: Cli; save?: () => void } {
  let file: string | undefined;
  let cached: Buffer | undefined;
  let source: string | undefined;
  try {
    file = cacheFile();
    if (file !== undefined) {
      cached = readCache(file, process.getuid?.() ?? -1);
      source = readFileSync(bundle, 'latin1'); // ASCII only (scripts/build.ts), and faster to read as latin1
    }
  } catch {
    file = undefined;
  }
  if (file === undefined || source === undefined) return { cli: requireFromBundle(bundle) as Cli };
  // Node's own CommonJS wrapper, on the first line so that line numbers in stack traces stay the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: cached,
  });
  const module = { exports: {} as Cli };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, requireFromBundle, module, bundle, path.dirname(bundle));
  const to = file;
  // After the command: the cache then holds the functions it compiled lazily, not only the top level.
  const save = cached === undefined || script.cachedDataRejected === true ? () => writeCache(to, script.createCachedData()) : undefined;
  return { cli: module.exports, save };
}

const { cli, save } = load();
process.exitCode = await cli.main(process.argv);
try {
  save?.();
} catch {
  /* a cache is never a reason to fail */
}
