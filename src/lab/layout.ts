// Where a lab's pieces live and what they are called: pure, so names and addresses are tested as data.
import path from 'node:path';
import { t } from '../i18n/index.js';

export const LAB_ROOT = process.env.HASETUP_LAB_ROOT ?? '/var/lib/hasetup';
/**
 * Subnet reservations are machine-wide, not per LAB_ROOT: two lab roots (two checkouts testing different
 * images) must still never put two labs on one subnet or one admin veth name.
 */
export const SUBNETS_DIR = process.env.HASETUP_LAB_SUBNETS ?? '/var/lib/hasetup/subnets';
export const MAX_HOSTS = 8;
export const MAX_LABS = 250;

/** Lab names end up in interface, namespace and cgroup names: keep them short and plain. */
export const LAB_NAME_RE = /^[a-z][a-z0-9]{0,9}$/;

export interface LabHostLayout {
  name: string; // host name inside the lab: node1, node2, ...
  address: string;
  netns: string;
  machine: string; // systemd-nspawn --machine, unique across labs
  bridgePort: string; // the veth end on the bridge
  dir: string; // overlay upper/work/merged under here
}

export interface LabLayout {
  name: string;
  index: number; // picks the subnet: 198.18.<index>.0/24
  subnet: string;
  prefix: number;
  adminAddress: string; // the root namespace's end, where hasetup runs
  adminVeth: string; // in the root namespace
  bridgeNetns: string;
  vip: string; // a free address on the lab subnet, for inventories
  dir: string;
  keyFile: string;
  knownHostsFile: string;
  stateFile: string;
  hosts: LabHostLayout[];
}

export function labDir(name: string, root = LAB_ROOT): string {
  return path.join(root, 'labs', name);
}

export function labLayout(name: string, index: number, hostCount: number, root = LAB_ROOT): LabLayout {
  if (!LAB_NAME_RE.test(name)) throw new Error(`invalid lab name ${JSON.stringify(name)}`);
  if (!Number.isInteger(index) || index < 1 || index > MAX_LABS) throw new Error(`invalid lab index ${index}`);
  const net = `198.18.${index}`;
  const dir = labDir(name, root);
  const hosts: LabHostLayout[] = [];
  for (let i = 1; i <= hostCount; i++) {
    hosts.push({
      name: `node${i}`,
      address: `${net}.${10 + i}`,
      netns: `hs-${name}-node${i}`,
      machine: `hs-${name}-node${i}`,
      bridgePort: `n${i}`,
      dir: path.join(dir, 'hosts', `node${i}`),
    });
  }
  return {
    name,
    index,
    subnet: `${net}.0/24`,
    prefix: 24,
    adminAddress: `${net}.1`,
    adminVeth: `hs${index}adm`,
    bridgeNetns: `hs-${name}-net`,
    vip: `${net}.100`,
    dir,
    keyFile: path.join(dir, 'id_ed25519'),
    knownHostsFile: path.join(dir, 'known_hosts'),
    stateFile: path.join(dir, 'state.json'),
    hosts,
  };
}

/** The lowest subnet index that no other lab uses. */
export function freeIndex(used: Iterable<number>): number {
  const taken = new Set(used);
  for (let i = 1; i <= MAX_LABS; i++) if (!taken.has(i)) return i;
  throw new Error(t().lab.error.noFreeSubnet);
}
