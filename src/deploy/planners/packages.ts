// Packages: keepalived and curl (the HTTP check uses it), installed only when the facts say they are missing.
import { UsageError } from '../../errors.js';
import type { HostFacts } from '../../facts/types.js';
import { cmd } from '../../remote/command.js';
import type { PlannedCommand } from '../plan.js';

export function packageCommands(hostName: string, facts: HostFacts): PlannedCommand[] {
  const packages = [...(facts.keepalived.installed ? [] : ['keepalived']), ...(facts.tools.curl ? [] : ['curl'])];
  if (packages.length === 0) return [];
  switch (facts.packageManager) {
    case 'apt':
      return [
        { step: 'refresh the package index', command: cmd`apt-get update` },
        { step: `install ${packages.join(', ')}`, command: cmd`DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages}` },
      ];
    case 'dnf':
    case 'yum':
      return [{ step: `install ${packages.join(', ')}`, command: cmd`${facts.packageManager} install -y ${packages}` }];
    default:
      throw new UsageError(`${hostName}: ${packages.join(' and ')} missing and no apt, dnf or yum on the host`, `install ${packages.join(' and ')} by hand, then deploy again`);
  }
}
