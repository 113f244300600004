// Packages: keepalived and curl (the HTTP check uses it), installed only when the facts say they are missing.
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { HostFacts } from '../../facts/types.js';
import { cmd } from '../../remote/command.js';
import type { PlannedCommand } from '../plan-types.js';
import { joinList } from '../../i18n/text.js';

export function packageCommands(hostName: string, facts: HostFacts): PlannedCommand[] {
  const packages = [...(facts.keepalived.installed ? [] : ['keepalived']), ...(facts.tools.curl ? [] : ['curl'])];
  if (packages.length === 0) return [];
  const m = t().deploy;
  const install = m.steps.installPackages({ packages: joinList(packages) });
  switch (facts.packageManager) {
    case 'apt':
      return [
        { step: m.steps.refreshPackageIndex, command: cmd`apt-get update` },
        { step: install, command: cmd`DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages}` },
      ];
    case 'dnf':
    case 'yum':
      return [{ step: install, command: cmd`${facts.packageManager} install -y ${packages}` }];
    default: {
      const both = packages.join(m.packagesAnd);
      throw new UsageError(m.noPackageManager({ host: hostName, packages: both }), m.noPackageManagerHint({ packages: both }));
    }
  }
}
