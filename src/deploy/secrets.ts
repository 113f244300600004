// Secrets (VRRP auth password, sudo password) are read from the environment or a file at the start,
// before any connection, and never printed: errors name the variable or file, never the value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Cluster } from '../inventory/model.js';

export interface ClusterSecrets {
  authPass?: string;
}

export function readClusterSecrets(cluster: Cluster, inventoryFile: string, env = process.env): ClusterSecrets {
  const auth = cluster.vrrp.auth;
  if (!auth) return {};
  let value: string | undefined;
  if (auth.passEnv) {
    value = env[auth.passEnv];
    if (!value) {
      throw new UsageError(
        `cluster ${cluster.name}: the VRRP password variable ${auth.passEnv} is not set`,
        `export ${auth.passEnv}=... before running hasetup (the value is never printed)`,
      );
    }
  } else if (auth.passFile) {
    const file = path.resolve(path.dirname(inventoryFile), auth.passFile.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
    try {
      value = readFileSync(file, 'utf8').trim();
    } catch {
      throw new UsageError(`cluster ${cluster.name}: cannot read the VRRP password file ${file}`);
    }
  }
  // keepalived uses at most 8 characters of a VRRPv2 PASS; printable characters without quotes keep the config parseable.
  if (!value || !/^[\x21-\x7e]{1,8}$/.test(value) || /["'\\#!]/.test(value)) {
    throw new UsageError(
      `cluster ${cluster.name}: the VRRP password must be 1 to 8 printable characters without quotes, backslash, # or !`,
      'VRRPv2 PASS authentication carries at most 8 characters (and in clear text: it guards against mistakes, not attacks)',
    );
  }
  return { authPass: value };
}
