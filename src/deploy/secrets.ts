// Secrets (VRRP auth password, sudo password) are read from the environment or a file at the start,
// before any connection, and never printed: errors name the variable or file, never the value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
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
      throw new UsageError(t().deploy.passEnvUnset({ cluster: cluster.name, variable: auth.passEnv }), t().deploy.passEnvUnsetHint({ variable: auth.passEnv }));
    }
  } else if (auth.passFile) {
    const file = path.resolve(path.dirname(inventoryFile), auth.passFile.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
    try {
      value = readFileSync(file, 'utf8').trim();
    } catch {
      throw new UsageError(t().deploy.passFileUnreadable({ cluster: cluster.name, file }));
    }
  }
  if (!value || !AUTH_PASS_RE.test(value)) {
    throw new UsageError(t().deploy.passInvalid({ cluster: cluster.name }), t().deploy.passInvalidHint);
  }
  return { authPass: value };
}
