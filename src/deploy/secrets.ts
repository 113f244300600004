// Secrets (VRRP auth password, sudo password) are read from the environment or a file at the start,
// before any connection, and never printed: errors name the variable or file, never the value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Cluster } from '../inventory/model.js';

/**
 * What a VRRPv2 password may be: keepalived uses at most 8 characters, and these survive keepalived.conf's
 * parser unquoted (a quote would become part of the password; # and ! start comments).
 */
export const AUTH_PASS_RE = /^[A-Za-z0-9_.,:;@%+=/^~*()[\]$&?<>|-]{1,8}$/;

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
  if (!value || !AUTH_PASS_RE.test(value)) {
    throw new UsageError(
      `cluster ${cluster.name}: the VRRP password must be 1 to 8 letters, digits or simple punctuation (no space, quote, #, !, braces or backslash)`,
      'VRRPv2 PASS authentication carries at most 8 characters, in clear text: it guards against mistakes, not attacks',
    );
  }
  return { authPass: value };
}
