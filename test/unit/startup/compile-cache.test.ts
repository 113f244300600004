import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { program } from '../../../src/cli.js';
import {
  CACHED_COMMANDS,
  MAX_CACHE_FILES,
  cacheDir,
  cacheDisabled,
  cacheFileName,
  commandOf,
  openCacheDir,
  readCache,
  trusted,
  writeCache,
  type CacheKey,
} from '../../../src/startup/compile-cache.js';

const uid = process.getuid?.() ?? 0;
let work: string;
beforeEach(() => {
  // A directory of this test's own (0700), standing in for the user's home.
  work = mkdtempSync(path.join(tmpdir(), 'hasetup-cc-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const key: CacheKey = {
  version: '0.1.0',
  bundleHash: 'e8101989aee853e6aaaaaaaaaaaaaaaa',
  bundleStat: { size: 3528992, mtimeMs: 1795902068355.25, ino: 5686208 },
  nodeVersion: 'v20.20.2',
  arch: 'x64',
  command: 'status',
};

describe('cache key', () => {
  it('names everything the compiled code depends on, in a safe file name', () => {
    expect(cacheFileName(key)).toBe('0.1.0-e8101989aee853e6-3528992-1795902068355-5686208-v20.20.2-x64-status.v8');
    expect(cacheFileName({ ...key, version: '1.0.0-rc/../x' })).toMatch(/^1\.0\.0-rc_\.\._x-/);
  });
  it('changes with each part', () => {
    const others: Partial<CacheKey>[] = [
      { version: '0.1.1' },
      { bundleHash: 'f'.repeat(32) },
      { bundleStat: { ...key.bundleStat, size: 1 } },
      { bundleStat: { ...key.bundleStat, mtimeMs: 1 } },
      { bundleStat: { ...key.bundleStat, ino: 1 } },
      { nodeVersion: 'v22.0.0' },
      { arch: 'arm64' },
      { command: 'deploy' },
    ];
    for (const o of others) expect(cacheFileName({ ...key, ...o })).not.toBe(cacheFileName(key));
  });
  it('takes the command from the arguments, options and all', () => {
    expect(commandOf(['status', 'inv.yaml'])).toBe('status');
    expect(commandOf(['--lang', 'zh-CN', 'deploy', 'inv.yaml'])).toBe('deploy');
    expect(commandOf(['--version'])).toBe('other');
    expect(commandOf(['no-such-command'])).toBe('other');
  });
  it('knows every command of the program (a new command gets its own cache)', () => {
    const names = (program() as unknown as CommandUnknownOpts).commands.map((c) => c.name());
    expect([...CACHED_COMMANDS].sort()).toEqual([...names].sort());
  });
});

describe('where the cache lives', () => {
  it('is $XDG_CACHE_HOME/hasetup when absolute, else ~/.cache/hasetup', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/home/u/.c' }, '/home/u')).toBe('/home/u/.c/hasetup');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/hasetup');
    expect(cacheDir({}, '/root')).toBe('/root/.cache/hasetup');
    expect(cacheDir({}, '')).toBeUndefined();
  });
  it('is off with HASETUP_NO_COMPILE_CACHE=1', () => {
    expect(cacheDisabled({ HASETUP_NO_COMPILE_CACHE: '1' })).toBe(true);
    expect(cacheDisabled({ HASETUP_NO_COMPILE_CACHE: '0' })).toBe(false);
    expect(cacheDisabled({})).toBe(false);
  });
  it('is created 0700', () => {
    const dir = path.join(work, '.cache', 'hasetup');
    expect(openCacheDir(dir, uid)).toBe(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
  it('is refused when writable by group or others, or in a parent writable by others', () => {
    const dir = path.join(work, 'c', 'hasetup');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o770);
    expect(openCacheDir(dir, uid)).toBeUndefined();
    chmodSync(dir, 0o700);
    expect(openCacheDir(dir, uid)).toBe(dir);
    chmodSync(path.dirname(dir), 0o777);
    expect(openCacheDir(dir, uid)).toBeUndefined();
  });
  it('creates nothing in a shared directory ($XDG_CACHE_HOME=/tmp)', () => {
    const shared = path.join(work, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(openCacheDir(path.join(shared, 'hasetup'), uid)).toBeUndefined();
    expect(readdirSync(shared)).toEqual([]);
  });
  it('is refused when owned by another user or a symlink', () => {
    const dir = path.join(work, 'hasetup');
    mkdirSync(dir, { mode: 0o700 });
    expect(openCacheDir(dir, uid + 1)).toBeUndefined();
    const link = path.join(work, 'link');
    symlinkSync(dir, link);
    expect(openCacheDir(link, uid)).toBeUndefined();
  });
  it('is refused, not thrown, when it cannot be created', () => {
    writeFileSync(path.join(work, 'file'), '');
    expect(openCacheDir(path.join(work, 'file', 'hasetup'), uid)).toBeUndefined();
  });
  it('trusts only what the user owns and nobody else can write', () => {
    expect(trusted({ uid, mode: 0o100600 }, uid)).toBe(true);
    expect(trusted({ uid, mode: 0o100644 }, uid)).toBe(true);
    expect(trusted({ uid, mode: 0o100620 }, uid)).toBe(false);
    expect(trusted({ uid, mode: 0o100602 }, uid)).toBe(false);
    expect(trusted({ uid: uid + 1, mode: 0o100600 }, uid)).toBe(false);
  });
});

describe('cache files', () => {
  it('are written 0600 and read back', () => {
    const file = path.join(work, 'a.v8');
    expect(writeCache(file, Buffer.from('code'))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readCache(file, uid)?.toString()).toBe('code');
    expect(readdirSync(work)).toEqual(['a.v8']);
  });
  it('replace the old file', () => {
    const file = path.join(work, 'a.v8');
    writeCache(file, Buffer.from('old'));
    writeCache(file, Buffer.from('new'));
    expect(readCache(file, uid)?.toString()).toBe('new');
  });
  it('are not read when missing, empty, writable by others, another user\'s, or a symlink', () => {
    const file = path.join(work, 'a.v8');
    expect(readCache(file, uid)).toBeUndefined();
    writeFileSync(file, '', { mode: 0o600 });
    expect(readCache(file, uid)).toBeUndefined();
    writeFileSync(file, 'code', { mode: 0o600 });
    expect(readCache(file, uid + 1)).toBeUndefined();
    chmodSync(file, 0o666);
    expect(readCache(file, uid)).toBeUndefined();
    chmodSync(file, 0o600);
    symlinkSync(file, path.join(work, 'b.v8'));
    expect(readCache(path.join(work, 'b.v8'), uid)).toBeUndefined();
  });
  it('fail silently where they cannot be written, and leave no temporary file', () => {
    expect(writeCache(path.join(work, 'missing', 'a.v8'), Buffer.from('x'))).toBe(false);
    mkdirSync(path.join(work, 'ro'), { mode: 0o500 });
    // root writes anyway: only check that nothing throws and nothing is left over
    writeCache(path.join(work, 'ro', 'a.v8'), Buffer.from('x'));
    expect(readdirSync(path.join(work, 'ro')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
  it(`keep at most ${MAX_CACHE_FILES}, the newest`, () => {
    for (let i = 0; i < MAX_CACHE_FILES + 5; i++) {
      const f = path.join(work, `f${i}.v8`);
      writeFileSync(f, 'x', { mode: 0o600 });
      utimesSync(f, 1000 + i, 1000 + i);
    }
    writeFileSync(path.join(work, 'other.txt'), '');
    writeCache(path.join(work, 'new.v8'), Buffer.from('x'));
    const left = readdirSync(work);
    expect(left.filter((f) => f.endsWith('.v8'))).toHaveLength(MAX_CACHE_FILES);
    expect(left).toContain('new.v8');
    expect(left).toContain('other.txt');
    expect(left).toContain(`f${MAX_CACHE_FILES + 4}.v8`);
    expect(left).not.toContain('f0.v8');
  });
});
