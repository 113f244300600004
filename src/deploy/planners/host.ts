// Which host, which interface, which Tomcat unit: the facts every other planner starts from.
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { HostFacts } from '../../facts/types.js';
import { tomcatUnitName } from '../../hostpaths.js';
import type { Cluster, Host } from '../../inventory/model.js';
import { addressOf } from '../../ipv4.js';
import { joinList } from '../../i18n/text.js';

export function hostOf(cluster: Cluster, hostName: string): Host {
  const host = cluster.hosts.find((h) => h.name === hostName);
  if (!host) throw new UsageError(t().deploy.unknownHost({ cluster: cluster.name, host: hostName }), t().deploy.unknownHostHint);
  return host;
}

/** The inventory's interface when it exists on the host, else the one holding the host's address. */
export function interfaceOf(host: Host, facts: HostFacts): string {
  if (host.interface) {
    if (facts.interfaces.length > 0 && !facts.interfaces.some((i) => i.name === host.interface)) {
      throw new UsageError(
        t().deploy.interfaceMissing({ host: host.name, iface: host.interface }),
        t().deploy.interfaceMissingHint({ interfaces: joinList(facts.interfaces.map((i) => i.name)) }),
      );
    }
    return host.interface;
  }
  const found = facts.interfaces.find((i) => i.addresses.some((a) => addressOf(a) === host.address));
  if (!found) {
    throw new UsageError(
      t().deploy.noInterfaceHoldsAddress({ host: host.name, address: host.address }),
      t().deploy.noInterfaceHoldsAddressHint({ host: host.name, interfaces: joinList(facts.interfaces.map((i) => i.name)) || t().deploy.hostHasNoAddresses }),
    );
  }
  return found.name;
}

/** The Tomcat unit (without .service): the inventory's, else the one the facts found. The watchdog needs one. */
export function tomcatServiceOf(cluster: Cluster, host: Host, facts: HostFacts): string | undefined {
  const service = cluster.tomcat.service ? tomcatUnitName(cluster.tomcat.service) : facts.tomcat.service;
  if (!service && cluster.tomcat.watchdog) {
    throw new UsageError(t().deploy.noTomcatUnit({ host: host.name }), t().deploy.noTomcatUnitHint);
  }
  return service;
}
