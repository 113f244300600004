// The lab's power switch, for the host-crash scenario: `off` is a power cut (every process of the host
// stops at the same instant and its NIC is unplugged: no shutdown, no goodbye advert, no unit hooks), `on`
// boots it again the way a server comes back after a power cut, with a fresh network stack (the kernel
// state a real power cycle loses: addresses such as a VIP, nftables rules, neighbours). docs/lab.md.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { exec } from '../exec.js';
import { HasetupError } from '../errors.js';
import { t } from '../i18n/index.js';
import { imageInfo } from './image.js';
import { bootHost, createHostNetwork, hostOf, layoutOf, machineOf, writeState, type LabState } from './lab.js';
import { cgroupDirs, cgroupPids, isHostSupervisor, netnsList, removeCgroup, waitFor } from './system.js';

export type PowerState = 'on' | 'off';

export function powerState(state: LabState, host: string): PowerState {
  const h = state.hosts.find((x) => x.name === host);
  return h && isHostSupervisor(h.pid, machineOf(state, host)) ? 'on' : 'off';
}

/** Cuts a host's power. Returns the instant (epoch ms) its processes stopped. */
export async function powerOff(state: LabState, host: string): Promise<number> {
  const layout = layoutOf(state);
  const h = hostOf(layout, host);
  const entry = state.hosts.find((x) => x.name === host)!;
  const dirs = cgroupDirs(h.machine);
  const unified = dirs.find((d) => d.startsWith('/sys/fs/cgroup/unified/') || !d.startsWith('/sys/fs/cgroup/systemd'));
  if (!unified || !existsSync(path.join(unified, 'cgroup.freeze'))) {
    throw new HasetupError(t().lab.error.noFreezer({ host }));
  }
  // Every process at once (the cgroup freezer), then the cable: from here on nothing of the host runs or speaks.
  await fs.writeFile(path.join(unified, 'cgroup.freeze'), '1');
  const at = Date.now();
  await exec(['ip', '-n', layout.bridgeNetns, 'link', 'delete', h.bridgePort], { check: false });
  // Then end them: cgroup.kill where the kernel has it, else SIGKILL by PID (frozen tasks die of SIGKILL too).
  const kill = path.join(unified, 'cgroup.kill');
  if (existsSync(kill)) await fs.writeFile(kill, '1');
  for (const dir of dirs) {
    for (const pid of await cgroupPids(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  await fs.writeFile(path.join(unified, 'cgroup.freeze'), '0').catch(() => undefined);
  const empty = await waitFor(async () => {
    for (const dir of dirs) if ((await cgroupPids(dir)).length) return undefined;
    return true;
  }, 10_000, 50);
  if (!empty) throw new HasetupError(t().lab.error.processesSurvived({ host }));
  for (const dir of dirs) await removeCgroup(dir);
  // The namespace is the host's network hardware and kernel state: a power cycle starts it anew.
  if ((await netnsList()).includes(h.netns)) await exec(['ip', 'netns', 'delete', h.netns], { check: false });
  delete entry.pid;
  await writeState(layout, state);
  return at;
}

/** Powers a host on again: a new NIC and network stack, then systemd boots as after a power cut. */
export async function powerOn(state: LabState, host: string): Promise<void> {
  if (powerState(state, host) === 'on') return;
  const layout = layoutOf(state);
  const h = hostOf(layout, host);
  if ((await netnsList()).includes(h.netns)) await exec(['ip', 'netns', 'delete', h.netns], { check: false });
  await exec(['ip', '-n', layout.bridgeNetns, 'link', 'delete', h.bridgePort], { check: false });
  await createHostNetwork(layout, host);
  const entry = state.hosts.find((x) => x.name === host)!;
  const pid = await bootHost(layout, host, imageInfo(entry.suite ?? state.suite));
  entry.pid = pid;
  await writeState(layout, state);
}
