// Files every cluster on a host shares (issue 21, M8; docs/keepalived.md, "Several clusters on one host"):
// keepalived.conf and the one hasetup drop-in on a Tomcat unit. Each cluster's generation records them, but
// another cluster's deploy may change them since, so: they are not "drifted" for a cluster whose own deploy was
// not cut off, and a rollback of one cluster leaves them as they are while another cluster still uses them.
import { CLUSTER_CONF_DIR, clusterConfPath, KEEPALIVED_CONF, SYSTEMD_DIR, TOMCAT_DROPIN_NAME, tomcatHookPath, tomcatHooksDir } from '../hostpaths.js';
import { cmd, type ShellCommand } from '../remote/command.js';

/** `/etc/systemd/system/UNIT.service.d/zz-hasetup.conf` -> UNIT. */
function tomcatUnitOfDropin(path: string): string | undefined {
  const prefix = `${SYSTEMD_DIR}/`;
  const suffix = `.service.d/${TOMCAT_DROPIN_NAME}`;
  if (!path.startsWith(prefix) || !path.endsWith(suffix)) return undefined;
  const unit = path.slice(prefix.length, -suffix.length);
  return unit && !unit.includes('/') ? unit : undefined;
}

export function isHostShared(path: string): boolean {
  return path === KEEPALIVED_CONF || tomcatUnitOfDropin(path) !== undefined;
}

/**
 * A shell test that succeeds while a cluster other than `cluster` still uses the shared file `path`: another
 * cluster's config in hasetup.d (keepalived.conf), another cluster's hook script (the Tomcat drop-in).
 * Undefined when `path` is not shared.
 */
export function otherClustersUse(path: string, cluster: string): ShellCommand | undefined {
  if (path === KEEPALIVED_CONF) return cmd`ls -- ${CLUSTER_CONF_DIR}/*.conf 2>/dev/null | grep -vxF -- ${clusterConfPath(cluster)} | grep -q .`;
  const unit = tomcatUnitOfDropin(path);
  if (unit === undefined) return undefined;
  return cmd`ls -- ${tomcatHooksDir(unit)}/*.sh 2>/dev/null | grep -vxF -- ${tomcatHookPath(unit, cluster)} | grep -q .`;
}
