// The lab's image: built once per distribution release (about a minute), cached, shared by every lab.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HasetupError, lastLines } from '../errors.js';
import { exec } from '../exec.js';
import { packageRoot } from '../paths.js';
import type { Reporter } from '../progress.js';
import { LAB_ROOT } from './layout.js';
import { componentsFor, parseDeb822, parseOsRelease, parseSourcesList, pickMirror, type AptSource } from './mirror.js';
import { sleep } from './system.js';

export interface ImageInfo {
  dir: string;
  suite: string;
  base: string; // rootfs of a --bare host
  full: string; // overlay layer with keepalived and tomcat10, on top of base
  repo: string; // offline apt repository
}

export function imageInfo(suite: string, root = LAB_ROOT): ImageInfo {
  const dir = path.join(root, 'images', suite);
  return { dir, suite, base: path.join(dir, 'base'), full: path.join(dir, 'full'), repo: path.join(dir, 'repo') };
}

export function hostSuite(): string {
  const os = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
  if (!os.codename) throw new HasetupError('cannot tell this machine\'s release from /etc/os-release (no VERSION_CODENAME)');
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
  const found = pickMirror(sources, suite);
  if (!found) {
    throw new HasetupError(`no apt source for ${suite} found in /etc/apt/sources.list or /etc/apt/sources.list.d`, {
      hint: 'name a mirror with --mirror URL',
    });
  }
  return { uri: found.uri, components };
}

const buildScript = path.join(packageRoot, 'lab', 'build-image.sh');

/** Which recipe built an image: a cached image from an older build-image.sh is built again. */
export function recipeHash(): string {
  return createHash('sha256').update(readFileSync(buildScript)).digest('hex').slice(0, 16);
}

export function imageReady(img: ImageInfo): boolean {
  try {
    const meta = JSON.parse(readFileSync(path.join(img.dir, 'image.json'), 'utf8')) as { recipe?: string };
    return meta.recipe === recipeHash();
  } catch {
    return false;
  }
}

/** Builds the image unless it is there (or `rebuild`). Concurrent callers wait for one build. */
export async function ensureImage(
  reporter: Reporter,
  opts: { suite?: string; mirror?: string; rebuild?: boolean } = {},
): Promise<ImageInfo> {
  const suite = opts.suite ?? hostSuite();
  const img = imageInfo(suite);
  if (imageReady(img) && !opts.rebuild) return img;
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
      if (waited === 0) reporter.step('waiting for another hasetup process that is building the lab image');
      await sleep(1000);
    }
  }
  try {
    if (imageReady(img) && !opts.rebuild) return img;
    // Running labs' overlays sit on the cached image: replacing it under them would break them.
    if (readFileSync('/proc/self/mountinfo', 'utf8').includes(img.dir + '/')) {
      throw new HasetupError(`the lab image ${img.dir} must be built again, but labs that use it are up`, {
        hint: 'take them down first: hasetup lab down --all',
      });
    }
    if (existsSync(img.dir)) reporter.step('the lab image was built by an older recipe: building it again');
    await buildImage(img, reporter, opts.mirror);
    return img;
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

async function buildImage(img: ImageInfo, reporter: Reporter, mirrorOverride?: string): Promise<void> {
  for (const tool of ['debootstrap', 'systemd-nspawn', 'dpkg-scanpackages']) {
    const r = await exec(['sh', '-c', 'command -v "$1"', 'sh', tool], { check: false });
    if (r.code !== 0) {
      throw new HasetupError(`${tool} is not installed: the lab image cannot be built`, {
        hint: 'apt-get install debootstrap systemd-container dpkg-dev',
      });
    }
  }
  const mirror = await hostMirror(img.suite, mirrorOverride);
  const logFile = `${img.dir}.build.log`;
  reporter.step(`building the lab image (${img.suite}, about a minute, once); log: ${logFile}`);
  const log = createWriteStream(logFile);
  const started = Date.now();
  try {
    await exec(
      ['bash', buildScript, img.dir, img.suite, mirror.uri, mirror.components.join(',')],
      {
        onLine: (line) => {
          log.write(line + '\n');
          if (line.startsWith('==> ')) reporter.info(`${line.slice(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        },
      },
    );
  } catch (err) {
    log.end();
    const tail = lastLines(await fs.readFile(logFile, 'utf8').catch(() => ''), 15);
    throw new HasetupError(`the lab image build failed; the last lines of ${logFile}:\n${tail}`, {
      hint: 'check that this machine reaches its Debian mirror (apt-get update), or give --mirror URL',
      cause: err,
    });
  }
  log.end();
  await fs.writeFile(
    path.join(img.dir, 'image.json'),
    JSON.stringify({ suite: img.suite, recipe: recipeHash(), builtAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }) + '\n',
  );
}
