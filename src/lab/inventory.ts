// The inventory `hasetup lab up --inventory FILE` writes: the lab's hosts, its SSH key and the known_hosts
// file holding the host keys the lab generated, so deploy verifies host keys against the lab too.
import fs from 'node:fs/promises';
import path from 'node:path';
import { t } from '../i18n/index.js';
import type { LabLayout } from './layout.js';
import type { LabState } from './lab.js';

/** How to run this hasetup again from an inventory: this Node and this CLI, by absolute path (no shell). */
function cliArgv(): string[] {
  const script = path.resolve(process.argv[1] ?? 'dist/cli.js');
  // Run from the sources (tsx src/cli.ts): the built CLI beside them is what plain node can start.
  return [process.execPath, script.endsWith('.ts') ? path.resolve(path.dirname(script), '../dist/cli.js') : script];
}

export function labInventoryYaml(layout: LabLayout, state: LabState, cli: string[] = cliArgv()): string {
  const power = (action: string) => JSON.stringify([...cli, 'lab', 'power', '{host}', action, '--name', layout.name]);
  const hosts = layout.hosts
    .map(
      (h, i) => `      - name: ${h.name}
        address: ${h.address}
        role: ${i === 0 ? 'master' : 'backup'}`,
    )
    .join('\n');
  const y = t().lab.yaml;
  return `# ${y.header({ name: layout.name })}
# ${y.headerReference}
version: 1
clusters:
  - name: ${layout.name}
    virtual_router_id: ${50 + (layout.index % 200)}   # ${y.vrid}
    timing: fast                 # ${y.timing}
    vips:
      - address: ${layout.vip}/${layout.prefix}    # ${y.vipAddress}
    tomcat:
      port: 8080
      health_path: /host.txt     # ${y.healthPath}
    power:                       # ${y.power}
      off: ${power('off')}
      on: ${power('on')}
      status: ${power('status')}
    ssh:
      user: root
      key: ${layout.keyFile}
      known_hosts: ${layout.knownHostsFile}    # ${y.knownHosts}
    hosts:${state.bare ? `   # ${y.bareHosts}` : ''}
${hosts}
`;
}

export async function writeLabInventory(file: string, layout: LabLayout, state: LabState): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, labInventoryYaml(layout, state));
}
