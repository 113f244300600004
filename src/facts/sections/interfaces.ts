// Network interfaces and their addresses (`ip -o addr show`).
import { INTERFACE_RE } from '../../inventory/schema.js';
import { cmd } from '../../remote/command.js';
import type { HostFacts } from '../types.js';
import type { FactSection } from './section.js';

export const interfaces: FactSection<'interfaces'> = {
  blocks: () => cmd`echo '@@interfaces'
ip -o addr show 2>/dev/null`,
  parse: ({ block }) => {
    const interfaces: HostFacts['interfaces'] = [];
    for (const line of block('interfaces')) {
      const m = /^\d+:\s+([^\s@]+)(?:@\S+)?\s+inet6?\s+(\S+)/.exec(line);
      if (!m) continue;
      const name = m[1]!;
      // Linux allows nearly any byte in an interface name; one we would not accept in an inventory is not
      // used from a host either (it would reach keepalived.conf and unit files).
      if (!INTERFACE_RE.test(name)) continue;
      let iface = interfaces.find((i) => i.name === name);
      if (!iface) interfaces.push((iface = { name, addresses: [] }));
      iface.addresses.push(m[2]!);
    }
    return { interfaces };
  },
};
