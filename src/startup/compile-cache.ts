// V8 code cache for the bundle dist/hasetup.cjs (docs/performance.md, "The compile cache"): Node 20 has no
// compile cache for ES modules, so dist/cli.js compiles the CommonJS bundle with vm.Script and the code V8
// compiled during the last run of the same command. V8 trusts cache data (a crafted cache is code execution):
// it lives only in the user's own cache directory, which must be owned by the user and writable by nobody else,
// and every failure here falls back to compiling normally, silently. Imported by the launcher before anything
// else: node built-ins only.
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  constants,
  type Stats,
} from 'node:fs';
import path from 'node:path';

/** Cache files kept at most (0.5-1.5 MB each); the oldest go when a new one is written. */
export const MAX_CACHE_FILES = 32;

/** The commands that get a cache file of their own (each compiles different code); anything else is `other`. */
export const CACHED_COMMANDS = [
  'init',
  'validate',
  'deploy',
  'status',
  'rollback',
  'failover-test',
  'switchover',
  'maintenance',
  'lab',
] as const;

/** Off with HASETUP_NO_COMPILE_CACHE=1 (any value but empty or 0). */
export function cacheDisabled(env: NodeJS.ProcessEnv): boolean {
  const v = env.HASETUP_NO_COMPILE_CACHE;
  return v !== undefined && v !== '' && v !== '0';
}

/** $XDG_CACHE_HOME/hasetup (when absolute, as the XDG spec asks), else ~/.cache/hasetup; undefined without a home. */
export function cacheDir(env: NodeJS.ProcessEnv, home: string): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'hasetup');
  if (!home || !path.isAbsolute(home)) return undefined;
  return path.join(home, '.cache', 'hasetup');
}

/** The command the arguments run (the first one that names a command), for the cache key. */
export function commandOf(args: readonly string[]): string {
  return args.find((a): a is (typeof CACHED_COMMANDS)[number] => (CACHED_COMMANDS as readonly string[]).includes(a)) ?? 'other';
}

export interface CacheKey {
  /** hasetup's version */
  version: string;
  /** sha256 of the bundle, computed by the build */
  bundleHash: string;
  /** the bundle file as it is now: a bundle changed after the build gets another key */
  bundleStat: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>;
  nodeVersion: string;
  arch: string;
  command: string;
}

/** The cache file's name: everything the compiled code depends on, in a name safe for any file system. */
export function cacheFileName(k: CacheKey): string {
  const parts = [
    k.version,
    k.bundleHash.slice(0, 16),
    `${k.bundleStat.size}-${Math.trunc(k.bundleStat.mtimeMs)}-${k.bundleStat.ino}`,
    k.nodeVersion,
    k.arch,
    k.command,
  ];
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9._-]/g, '_')).join('-')}.v8`;
}

/** Owned by this user and writable by nobody else: the only places whose content we let V8 trust. */
export function trusted(st: Pick<Stats, 'uid' | 'mode'>, uid: number): boolean {
  return st.uid === uid && (st.mode & 0o022) === 0;
}

/**
 * The cache directory, created 0700 when missing, if it can be trusted: a real directory (not a symlink),
 * owned by the user, not writable by group or others, in a parent owned by the user or root and not writable by
 * group or others either (else another user could swap the directory). Undefined otherwise, and on any error.
 */
export function openCacheDir(dir: string, uid: number): string | undefined {
  try {
    // The two last levels only (~/.cache, then its hasetup/), and hasetup/ only in a parent we trust, so that
    // nothing is created in a shared place. Not a recursive mkdirSync: it spins forever on some file systems
    // (HOME=/proc on Node 20).
    const parentDir = path.dirname(dir);
    makeDir(parentDir);
    const parent = statSync(parentDir);
    if (!parent.isDirectory() || (parent.uid !== uid && parent.uid !== 0) || (parent.mode & 0o022) !== 0) return undefined;
    makeDir(dir);
    const st = lstatSync(dir);
    return st.isDirectory() && trusted(st, uid) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    /* there already, read-only or not ours: the checks decide */
  }
}

/** The cache file's content, if it is a regular file owned by the user and writable by nobody else. */
export function readCache(file: string, uid: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile() || !trusted(st, uid) || st.size === 0) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, buf, at, st.size - at, at);
      if (n === 0) return undefined;
      at += n;
    }
    return buf;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes the cache file atomically (a temporary file of this process, 0600, then a rename over the old one)
 * and removes the oldest files beyond MAX_CACHE_FILES. False on any error (ENOSPC, read-only...), never throws.
 */
export function writeCache(file: string, data: Uint8Array): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    let at = 0;
    while (at < data.length) at += writeSync(fd, data, at, data.length - at);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    prune(path.dirname(file), path.basename(file));
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    return false;
  }
}

/** Keeps the newest MAX_CACHE_FILES cache files (other builds, Node versions and commands accumulate). */
function prune(dir: string, keep: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.v8') && f !== keep)
    .map((f) => {
      try {
        return { f, t: lstatSync(path.join(dir, f)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((x): x is { f: string; t: number } => x !== undefined)
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(MAX_CACHE_FILES - 1)) {
    try {
      unlinkSync(path.join(dir, f));
    } catch {
      /* another process removed it */
    }
  }
}
