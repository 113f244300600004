// What keepalived's script security and SELinux need on the host (docs/keepalived.md): the script user,
// root-owned directories, the SELinux boolean and file contexts.
import { SCRIPT_USER } from '../../facts/gather.js';
import type { HostFacts } from '../../facts/types.js';
import { t } from '../../i18n/index.js';
import { CLUSTER_CONF_DIR, KEEPALIVED_DIR, KEEPALIVED_DROPIN_DIR, runDir, SCRIPTS_DIR, stateDir, SYSTEMD_DIR, tomcatDropinDir, TOMCAT_HOOKS_DIR, tomcatHooksDir } from '../../hostpaths.js';
import { cmd } from '../../remote/command.js';
import type { PlannedCommand, PlannedFile } from '../plan-types.js';

export function scriptUserCommands(facts: HostFacts): PlannedCommand[] {
  if (facts.scriptUserExists) return [];
  return [
    {
      step: t().deploy.steps.createScriptUser({ user: SCRIPT_USER }),
      command: cmd`getent passwd ${SCRIPT_USER} >/dev/null || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${SCRIPT_USER}`,
    },
  ];
}

/** The directories of the managed files, root-owned, when any of the files is new. */
export function directoryCommands(cluster: string, files: PlannedFile[], facts: HostFacts, tomcatDropinFor: string | undefined): PlannedCommand[] {
  if (!files.some((f) => facts.files[f.path] === undefined)) return [];
  const dirs = [SCRIPTS_DIR, KEEPALIVED_DIR, CLUSTER_CONF_DIR, KEEPALIVED_DROPIN_DIR, runDir(cluster), stateDir(cluster)];
  if (tomcatDropinFor) dirs.push(tomcatDropinDir(tomcatDropinFor), TOMCAT_HOOKS_DIR, tomcatHooksDir(tomcatDropinFor));
  return [{ step: t().deploy.steps.createDirectories, command: cmd`install -d -m 0755 -o root -g root ${dirs}` }];
}

export function selinuxBooleanCommands(facts: HostFacts): PlannedCommand[] {
  if (facts.selinux !== 'enforcing' || facts.selinuxBooleans.keepalived_connect_any === true) return [];
  return [{ step: t().deploy.steps.selinuxBoolean, command: cmd`setsebool -P keepalived_connect_any 1` }];
}

/** After files were written: their SELinux contexts (a renamed temp file keeps the wrong one). */
export function selinuxContextCommands(facts: HostFacts, changed: PlannedFile[]): PlannedCommand[] {
  if (facts.selinux === 'disabled' || changed.length === 0) return [];
  return [{ step: t().deploy.steps.selinuxContexts, command: cmd`restorecon -R ${[SCRIPTS_DIR, KEEPALIVED_DIR, SYSTEMD_DIR]}` }];
}
