// The compile cache of the built CLI (src/launcher.ts, docs/performance.md "The compile cache"): written where it
// belongs with safe modes, used again, rewritten when damaged, and never a reason to fail or print anything when
// it cannot be used. Each test has a home directory of its own; no lab.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { root, runCli } from '../support/e2e.js';

const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'hasetup-home-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const cacheDir = () => path.join(home, '.cache', 'hasetup');
const files = () => readdirSync(cacheDir()).filter((f) => f.endsWith('.v8'));

/** `--version` as the user whose home is `home`; it must print the version and nothing else, whatever the cache. */
async function versionRun(env: NodeJS.ProcessEnv = {}): Promise<void> {
  const r = await runCli(['--version'], { env: { HOME: home, XDG_CACHE_HOME: '', ...env } });
  expect(r).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
}

describe('compile cache', () => {
  it('is written 0600 in ~/.cache/hasetup (0700), one file per command, and used as it is', async () => {
    await versionRun();
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(files()).toHaveLength(1);
    const [file] = files();
    expect(file).toMatch(new RegExp(`^${version.replace(/\./g, '\\.')}-.*-${process.version.replace(/\./g, '\\.')}-${process.arch}-other\\.v8$`));
    const full = path.join(cacheDir(), file!);
    expect(statSync(full).mode & 0o777).toBe(0o600);
    const first = readFileSync(full);
    // Accepted by V8, so not written again (a rewrite would be new compiled data)
    await versionRun();
    expect(readFileSync(full).equals(first)).toBe(true);
    const r = await runCli(['validate', '--help'], { env: { HOME: home, XDG_CACHE_HOME: '' } });
    expect(r.code).toBe(0);
    expect(files().filter((f) => f.endsWith('-validate.v8'))).toHaveLength(1);
  });

  it('is rewritten when damaged, and replaced when writable by others', async () => {
    await versionRun();
    const full = path.join(cacheDir(), files()[0]!);
    writeFileSync(full, 'not a V8 code cache');
    await versionRun();
    expect(readFileSync(full).length).toBeGreaterThan(1000);
    chmodSync(full, 0o666);
    await versionRun();
    expect(statSync(full).mode & 0o777).toBe(0o600);
  });

  it('is skipped silently where it cannot be kept, and nothing is created in a shared directory', async () => {
    const shared = path.join(home, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    await versionRun({ XDG_CACHE_HOME: shared });
    expect(readdirSync(shared)).toEqual([]);
    await versionRun({ HOME: '/proc' });
    await versionRun({ HOME: path.join(home, 'missing', 'deeper') });
    await versionRun({ HOME: '' });
    writeFileSync(path.join(home, '.cache'), 'a file where the directory would be');
    await versionRun();
  });

  it('is off with HASETUP_NO_COMPILE_CACHE=1 and with --enable-source-maps', async () => {
    await versionRun({ HASETUP_NO_COMPILE_CACHE: '1' });
    await versionRun({ NODE_OPTIONS: '--enable-source-maps' });
    expect(readdirSync(home)).toEqual([]);
  });
});
