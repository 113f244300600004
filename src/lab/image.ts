// The lab's image: built once per distribution release (about a minute), cached, shared by every lab.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HasetupError, lastLines } from '../errors.js';
import { exec } from '../exec.js';
import { t } from '../i18n/index.js';
import { packageRoot } from '../paths.js';
import type { Reporter } from '../progress.js';
import { LAB_ROOT } from './layout.js';
import { componentsFor, parseDeb822, parseOsRelease, parseSourcesList, pickMirror, type AptSource } from './mirror.js';
import { releaseOf } from './releases.js';
import { sleep } from './system.js';

export interface ImageInfo {
  dir: string;
  suite: string;
  /** The release's Tomcat (package, unit and /var/lib directory): tomcat9 or tomcat10. */
  tomcat: string;
  full: string; // rootfs of a host: systemd, sshd, keepalived, Tomcat, firewalls (off)
  base: string; // rootfs of a --bare host (made from repo/ when a bare lab first needs it)
  repo: string; // offline apt repository: every package of full/, plus iptables-persistent
}

/** One image per release and recipe: a changed build-image.sh makes new images beside the ones in use. */
export function imageInfo(suite: string, root = LAB_ROOT): ImageInfo {
  const dir = path.join(root, 'images', `${suite}-${recipeHash()}`);
  return { dir, suite, tomcat: releaseOf(suite).tomcat, base: path.join(dir, 'base'), full: path.join(dir, 'full'), repo: path.join(dir, 'repo') };
}

export function hostSuite(): string {
  const os = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
  if (!os.codename) throw new HasetupError(t().lab.error.unknownOwnRelease);
  return os.codename;
}

/** The mirror this machine's own apt uses for its release; `override` wins. */
export async function hostMirror(suite: string, override?: string): Promise<{ uri: string; components: string[] }> {
  const os = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
  const components = componentsFor(os);
  if (override) return { uri: override, components };
  const sources: AptSource[] = [];
  const dir = '/etc/apt/sources.list.d';
  for (const f of existsSync(dir) ? (await fs.readdir(dir)).sort() : []) {
    const text = await fs.readFile(path.join(dir, f), 'utf8');
    if (f.endsWith('.sources')) sources.push(...parseDeb822(text));
    else if (f.endsWith('.list')) sources.push(...parseSourcesList(text));
  }
  if (existsSync('/etc/apt/sources.list')) sources.push(...parseSourcesList(await fs.readFile('/etc/apt/sources.list', 'utf8')));
  // Another release of the same distribution comes from the mirror the machine's own release uses.
  const found = pickMirror(sources, suite) ?? pickMirror(sources, os.codename);
  if (!found) {
    throw new HasetupError(t().lab.error.noAptSource({ suite }), { hint: t().lab.error.noAptSourceHint });
  }
  return { uri: found.uri, components };
}

const buildScript = path.join(packageRoot, 'lab', 'build-image.sh');

/** Which recipe built an image: a cached image from an older build-image.sh is built again. */
export function recipeHash(): string {
  return createHash('sha256').update(readFileSync(buildScript)).digest('hex').slice(0, 16);
}

export function imageReady(img: ImageInfo, part: 'full' | 'base' = 'full'): boolean {
  try {
    const meta = JSON.parse(readFileSync(path.join(img.dir, 'image.json'), 'utf8')) as { recipe?: string; base?: boolean };
    return meta.recipe === recipeHash() && (part === 'full' || meta.base === true);
  } catch {
    return false;
  }
}

/**
 * Builds the image of one release unless it is there (or `rebuild`); a bare lab also needs its base layer.
 * Concurrent callers wait for one build.
 */
export async function ensureImage(
  reporter: Reporter,
  opts: { suite?: string; mirror?: string; rebuild?: boolean; bare?: boolean } = {},
): Promise<ImageInfo> {
  const suite = opts.suite ?? hostSuite();
  const img = imageInfo(suite);
  const part = opts.bare ? 'base' : 'full';
  if (imageReady(img, part) && !opts.rebuild) return img;
  await fs.mkdir(path.dirname(img.dir), { recursive: true });
  const lock = `${img.dir}.lock`;
  // mkdir is atomic: the first `up` builds, the others wait for it.
  for (let waited = 0; ; waited++) {
    try {
      await fs.mkdir(lock);
      await fs.writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(await fs.readFile(path.join(lock, 'pid'), 'utf8').catch(() => '0'));
      if (owner && !existsSync(`/proc/${owner}`)) {
        await fs.rm(lock, { recursive: true, force: true }); // left by a build that died
        continue;
      }
      if (waited === 0) reporter.step(t().lab.progress.waitingForImageBuild({ suite }));
      await sleep(1000);
    }
  }
  try {
    if (imageReady(img, part) && !opts.rebuild) return img;
    // Running labs' overlays sit on the cached image: replacing it under them would break them.
    if (opts.rebuild && readFileSync('/proc/self/mountinfo', 'utf8').includes(img.dir + '/')) {
      throw new HasetupError(t().lab.error.imageInUse({ dir: img.dir }), { hint: t().lab.error.imageInUseHint });
    }
    if (opts.rebuild || !imageReady(img, 'full')) {
      await buildImage(img, reporter, opts.mirror);
      await removeOlderImages(img, reporter);
    }
    if (opts.bare && !imageReady(img, 'base')) await buildBase(img, reporter);
    return img;
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** Images of the same release from older recipes, unless a lab still runs on one. */
async function removeOlderImages(img: ImageInfo, reporter: Reporter): Promise<void> {
  const dir = path.dirname(img.dir);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const name of await fs.readdir(dir)) {
    const other = path.join(dir, name);
    // `<suite>-<hash>` directories only, and the pre-release layout (a directory named just `<suite>`).
    const ours = name === img.suite || new RegExp(`^${img.suite}-[0-9a-f]{16}$`).test(name);
    if (!ours || other === img.dir || mounts.includes(other + '/')) continue;
    reporter.info(t().lab.progress.removingOldImage({ suite: img.suite, dir: other }));
    await fs.rm(other, { recursive: true, force: true });
    await fs.rm(`${other}.build.log`, { force: true });
  }
}

/** The mirror must serve the release: Debian moves old releases off its mirrors (buster is gone, for one). */
export async function checkReleaseOnMirror(uri: string, suite: string): Promise<void> {
  const url = `${uri.replace(/\/+$/, '')}/dists/${suite}/InRelease`;
  let status: string;
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    if (res.ok) return;
    status = `HTTP ${res.status}`;
  } catch (err) {
    status = (err as Error).message;
  }
  throw new HasetupError(t().lab.error.releaseNotOnMirror({ suite, mirror: uri, url, status }), {
    hint: t().lab.error.releaseNotOnMirrorHint({ suite }),
  });
}

async function checkTools(): Promise<void> {
  for (const tool of ['mmdebstrap', 'dpkg-scanpackages']) {
    const r = await exec(['sh', '-c', 'command -v "$1"', 'sh', tool], { check: false });
    if (r.code !== 0) {
      throw new HasetupError(t().lab.error.buildToolMissing({ tool }), { hint: t().lab.error.buildToolMissingHint });
    }
  }
}

/** Runs build-image.sh; "==> " lines become steps, "@@get"/"@@total" a packages-fetched count. */
async function runBuild(img: ImageInfo, reporter: Reporter, args: string[], what: string): Promise<number> {
  const logFile = `${img.dir}.build.log`;
  const log = createWriteStream(logFile, { flags: 'a' });
  const started = Date.now();
  const secs = () => ((Date.now() - started) / 1000).toFixed(0);
  let total = 0;
  let lastShown = 0;
  try {
    await exec(['bash', buildScript, ...args], {
      // The progress count reads apt's own lines ("Get:N"): keep them in the C locale whatever this machine's is.
      env: { ...process.env, LC_ALL: 'C' },
      onLine: (line) => {
        log.write(line + '\n');
        const got = /^@@get (\d+)$/.exec(line);
        const tot = /^@@total (\d+)$/.exec(line);
        if (tot) total = Number(tot[1]);
        else if (got && Date.now() - lastShown >= 2000) {
          lastShown = Date.now();
          const say = t().lab.progress;
          reporter.info(total ? say.packagesFetchedOf({ count: got[1]!, total, seconds: secs() }) : say.packagesFetched({ count: got[1]!, seconds: secs() }));
        } else if (line.startsWith('==> ')) reporter.info(t().lab.progress.buildStep({ step: line.slice(4), seconds: secs() }));
      },
    });
  } catch (err) {
    log.end();
    const tail = lastLines(await fs.readFile(logFile, 'utf8').catch(() => ''), 15);
    throw new HasetupError(t().lab.error.buildFailed({ what, log: logFile, tail }), {
      hint: t().lab.error.buildFailedHint,
      cause: err,
    });
  }
  log.end();
  return (Date.now() - started) / 1000;
}

async function buildImage(img: ImageInfo, reporter: Reporter, mirrorOverride?: string): Promise<void> {
  await checkTools();
  const mirror = await hostMirror(img.suite, mirrorOverride);
  await checkReleaseOnMirror(mirror.uri, img.suite);
  await fs.rm(img.dir, { recursive: true, force: true });
  await fs.rm(`${img.dir}.build.log`, { force: true });
  reporter.step(t().lab.progress.buildingImage({ suite: img.suite, log: `${img.dir}.build.log` }));
  const what = t().lab.error.imageWhat({ suite: img.suite });
  const seconds = await runBuild(img, reporter, ['full', img.dir, img.suite, mirror.uri, mirror.components.join(','), img.tomcat], what);
  await writeMeta(img, { seconds, base: false });
}

async function buildBase(img: ImageInfo, reporter: Reporter): Promise<void> {
  reporter.step(t().lab.progress.buildingBase({ suite: img.suite }));
  const seconds = await runBuild(img, reporter, ['base', img.dir, img.suite], t().lab.error.baseWhat({ suite: img.suite }));
  await writeMeta(img, { baseSeconds: seconds, base: true });
}

async function writeMeta(img: ImageInfo, extra: Record<string, unknown>): Promise<void> {
  const file = path.join(img.dir, 'image.json');
  const old = JSON.parse(await fs.readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  const meta = { ...old, suite: img.suite, tomcat: img.tomcat, recipe: recipeHash(), builtAt: old.builtAt ?? new Date().toISOString(), ...extra };
  await fs.writeFile(file, JSON.stringify(meta) + '\n');
}
