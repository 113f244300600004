// hasetup init: a wizard that inspects the hosts and writes a checked, commented inventory (src/init/).
import { Command, Option } from '@commander-js/extra-typings';
import type { Prompts } from '../init/ask.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

// @inquirer/prompts is loaded on the first question, not at start-up (docs/performance.md).
const prompts = () => import('@inquirer/prompts');
export const inquirerPrompts: Prompts = {
  input: async (c) => (await prompts()).input(c),
  select: async (c) => (await prompts()).select(c),
  confirm: async (c) => (await prompts()).confirm(c),
};

export function initCommand() {
  return new Command('init')
    .summary('ask about the hosts, check every answer on them, and write a commented inventory')
    .description(
      'Write an inventory after checking each answer against the real hosts: connect to each host (its host key\n' +
        'is shown on first contact and stored in the inventory\'s known_hosts once you trust it), read what is there\n' +
        '(OS, interfaces, keepalived, Tomcat), then the interface, a VIP in the subnet that nobody answers on, a VRID\n' +
        'not heard on the segment, master and priorities, unicast or multicast, the timing preset with its failover\n' +
        'bound, and a Tomcat health check tried live on every host. Nothing is written before the end.\n' +
        'Without a terminal, or with --yes, nothing is asked: every answer comes from its flag or --answers FILE\n' +
        '(YAML/JSON, the long flag names as keys) or its default; missing required values exit 2 and are all listed.\n' +
        'Host keys are never trusted by default: on that path pass --trust-fingerprint for each new host key.',
    )
    .option('--answers <file>', 'answers as YAML or JSON; flags win over it')
    .option('-y, --yes', 'ask nothing: take the default for every answer not given')
    .option('-o, --output <file>', 'inventory file to write (default inventory.yaml)')
    .option('--force', 'overwrite the output file when it exists (without a terminal)')
    .option('--cluster <name>', 'cluster name')
    .option('--host <spec>', 'a host as [NAME=]ADDRESS[:PORT]; repeat for each host (at least two)', collect)
    .option('--user <user>', 'SSH user for every host (default root)')
    .option('--ssh-port <port>', 'SSH port for every host (default 22)')
    .option('--key <file>', 'SSH private key file (default ~/.ssh/id_ed25519)')
    .option('--agent', 'log in with the keys in ssh-agent instead of a key file')
    .option('--sudo', 'run commands with sudo (when the user is not root)')
    .option('--no-sudo', 'do not use sudo')
    .option('--known-hosts <file>', 'known_hosts file for the inventory (default known_hosts beside the output)')
    .option('--trust-fingerprint <fp>', 'trust a new host key with this SHA256 fingerprint; repeat for each host', collect)
    .option('--interface <name>', 'interface for VRRP and the VIP on every host (default: the one holding the address)')
    .option('--vip <address>', "virtual IP, ADDRESS or ADDRESS/PREFIX in the hosts' subnet")
    .option('--vrid <n>', 'virtual_router_id 1-255 (default: one not heard on the segment)')
    .option('--master <name>', 'the master host, by its inventory name (default: the first host)')
    .option('--master-priority <n>', 'priority of the master (default 150)')
    .option('--backup-priority <n>', 'priority of the first backup; the next get one less each (default 100)')
    .addOption(new Option('--transport <kind>', 'VRRP adverts (default unicast)').choices(['unicast', 'multicast'] as const))
    .addOption(new Option('--timing <preset>', 'timing preset (default fast)').choices(['fast', 'standard', 'conservative'] as const))
    .option('--tomcat-port <port>', "Tomcat's HTTP port (default: the port Tomcat listens on, else 8080)")
    .option('--health-path <path>', 'path of the health check (default /)')
    .option('--expected-status <n>', 'HTTP status of a healthy Tomcat (default 200)')
    .option('--listen-seconds <n>', 'how long to listen for VRRP adverts (default 4)')
    .action(async (opts) => {
      const [{ sshInitIO }, { runInit }] = await Promise.all([import('../init/io.js'), import('../init/run.js')]);
      const io = sshInitIO();
      try {
        await runInit(opts, {
          io,
          prompts: inquirerPrompts,
          print: (l) => process.stderr.write(`${l}\n`),
          tty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        });
      } finally {
        await io.closeAll();
      }
    });
}
