// What `hasetup init` collects: the answers, once checked against the real hosts. Both the wizard and the
// non-interactive path end with one InitAnswers, and one writer (write.ts) turns it into inventory YAML, so
// the two paths write the same file for the same answers.
import type { TimingPreset } from '../inventory/model.js';

export interface HostKeyAnswer {
  keyType: string;
  /** base64 of the key blob, as in a known_hosts line */
  keyBase64: string;
  fingerprint: string;
  /** the known_hosts file already held this key (nothing to add) */
  known: boolean;
}

export type SshAuth = { kind: 'key'; key: string } | { kind: 'agent' };

/** How to reach and log in to a host: what every step of init knows about a host first. */
export interface HostLogin {
  name: string;
  address: string;
  port: number;
  user: string;
  auth: SshAuth;
  sudo: boolean;
}

export interface HostAnswer extends HostLogin {
  interface: string;
  role: 'master' | 'backup';
  priority: number;
  hostKey: HostKeyAnswer;
}

export interface InitAnswers {
  cluster: string;
  /** known_hosts path as written in the inventory (relative paths are relative to the inventory file) */
  knownHosts: string;
  hosts: HostAnswer[];
  /** address/prefix */
  vip: string;
  vrid: number;
  unicast: boolean;
  timing: TimingPreset;
  tomcat: { port: number; healthPath: string; expectedStatus: number };
}

/**
 * Answer keys: the wizard asks each question under a key; the non-interactive path looks the same key up in the
 * values given by flags or --answers. Per-host keys are `hosts.N.field` (N from 0).
 */
export type Preset = Map<string, string | number | boolean>;

export const DEFAULTS = {
  port: 22,
  user: 'root',
  key: '~/.ssh/id_ed25519',
  masterPriority: 150,
  backupPriority: 100,
  timing: 'fast' as TimingPreset,
  healthPath: '/',
  expectedStatus: 200,
  tomcatPort: 8080,
  listenSeconds: 4,
} as const;
