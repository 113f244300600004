// Small wrappers over the host machine's kernel objects the lab uses: processes, mounts, namespaces, cgroups.
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { exec } from '../exec.js';

export function processComm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}


/**
 * A lab host runs under a small supervisor shell (it boots the host again after a reboot). A PID we
 * recorded is ours only while it is still that shell for that machine (PIDs get reused).
 */
export function isHostSupervisor(pid: number | undefined, machine: string): pid is number {
  if (pid === undefined || pid <= 0 || processComm(pid) !== 'sh') return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(`--machine=${machine}`);
  } catch {
    return false;
  }
}

/** The systemd-nspawn process a supervisor runs now (undefined between a reboot's two boots). */
export function nspawnOf(supervisor: number): number | undefined {
  return childPids(supervisor).find((c) => processComm(c) === 'systemd-nspawn');
}

export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function isMounted(dir: string): boolean {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  return mounts.split('\n').some((l) => l.split(' ')[4] === dir);
}

export async function netnsList(): Promise<string[]> {
  try {
    return (await fs.readdir('/run/netns')).sort();
  } catch {
    return [];
  }
}

export async function linkExists(name: string): Promise<boolean> {
  return (await exec(['ip', 'link', 'show', 'dev', name], { check: false })).code === 0;
}

/**
 * The cgroup directories a container of ours gets: on this kind of machine (no systemd as PID 1, cgroup v1
 * with a named systemd hierarchy plus the unified one) every nspawn would otherwise share one cgroup.
 */
export function cgroupDirs(machine: string): string[] {
  const dirs: string[] = [];
  for (const hierarchy of ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified']) {
    if (existsSync(`${hierarchy}/cgroup.procs`)) dirs.push(`${hierarchy}/hasetup/${machine}`);
  }
  return dirs;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(
  what: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) return undefined;
    await sleep(intervalMs);
  }
}

/** Every PID in a cgroup directory and its children (cgroup v1 and v2 alike). */
export async function cgroupPids(dir: string): Promise<number[]> {
  const out: number[] = [];
  async function walk(d: string) {
    try {
      const procs = await fs.readFile(`${d}/cgroup.procs`, 'utf8');
      out.push(...procs.split('\n').filter(Boolean).map(Number));
      for (const e of await fs.readdir(d, { withFileTypes: true })) if (e.isDirectory()) await walk(`${d}/${e.name}`);
    } catch {
      /* gone */
    }
  }
  await walk(dir);
  return out;
}

/** Removes a cgroup tree bottom-up (cgroup directories are removed with rmdir, not rm -r). */
export async function removeCgroup(dir: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await removeCgroup(`${dir}/${e.name}`);
  await fs.rmdir(dir).catch(() => undefined);
}
