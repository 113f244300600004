import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import type { LabLayout } from '../lab/layout.js';
import { LAB_FIREWALLS, parseFirewall } from '../lab/firewall.js';
import { RELEASES, parseReleaseList, releasesForHosts } from '../lab/releases.js';
import { wholeNumber } from './args.js';
import { loadTerminal } from './terminal.js';

// Loaded when a lab command runs, not at start-up: --help and --version load only the definitions (docs/performance.md).
const loadLab = async () => {
  const [lab, image, inventory, power, exec, terminal] = await Promise.all([
    import('../lab/lab.js'),
    import('../lab/image.js'),
    import('../lab/inventory.js'),
    import('../lab/power.js'),
    import('../exec.js'),
    loadTerminal(),
  ]);
  return { ...lab, ...image, ...inventory, ...power, ...exec, ...terminal };
};

const RELEASE_NAMES = RELEASES.map((r) => `${r.suite} (${r.version}, ${r.tomcat})`).join(', ');

async function requireLab(name: string) {
  const { checkLabName, readState } = await loadLab();
  checkLabName(name);
  const state = await readState(name);
  if (!state) throw new UsageError(`lab ${name} is not up`, `start it with: hasetup lab up --name ${name}`);
  return state;
}

export function labCommand(): Command {
  const lab = new Command('lab')
    .summary('run real servers on this machine to try hasetup on (Linux, root)')
    .description(
      'A lab of real Debian servers on this machine: systemd-nspawn containers that boot systemd, with sshd,\n' +
        'keepalived and Tomcat, on a private bridge (198.18.0.0/15) reachable from this shell.\n' +
        `Releases: ${RELEASE_NAMES}; a lab may mix them (one per host).\n` +
        'Each release\'s image is built once with mmdebstrap (under a minute) and cached under /var/lib/hasetup/images.',
    );

  lab
    .command('up')
    .description('start a lab (builds the image first when it is not cached)')
    .option('--name <name>', 'lab name: several labs can run at once', 'lab')
    .option('--hosts <n>', 'number of hosts (2 to 8)', wholeNumber, 2)
    .option('--bare', 'hosts without keepalived and Tomcat; an offline apt repository inside each host can install them')
    .option('--inventory <file>', 'write an inventory for this lab (for `hasetup deploy FILE`)')
    .option('--release <names>', `Debian release of the hosts, or one per host separated by commas (bookworm,trixie); default: this machine's own`)
    .option('--firewall <name>', `boot the hosts with this firewall on and a default-deny input policy (SSH and :8080 allowed): ${LAB_FIREWALLS.join(', ')}`)
    .option('--mirror <url>', "Debian mirror for the image build (default: this machine's apt sources)")
    .action(async (opts) => {
      const { terminalReporter, hostSuite, writeLabInventory, labUp, print } = await loadLab();
      const reporter = terminalReporter();
      const releases = releasesForHosts(opts.release, opts.hosts, hostSuite());
      const firewall = opts.firewall === undefined ? undefined : parseFirewall(opts.firewall);
      const r = await labUp({ name: opts.name, hosts: opts.hosts, bare: Boolean(opts.bare), mirror: opts.mirror, releases, firewall }, reporter);
      reporter.step(`lab ${opts.name} is up in ${r.seconds.toFixed(1)} s`);
      if (opts.inventory) {
        await writeLabInventory(opts.inventory, r.layout, r.state);
        reporter.info(`inventory written to ${opts.inventory}`);
      }
      printLab(r.layout, print);
    });

  lab
    .command('down')
    .description('stop a lab and remove everything it made (containers, mounts, cgroups, namespaces, veths)')
    .option('--name <name>', 'lab name', 'lab')
    .option('--all', 'take down every lab on this machine')
    .action(async (opts) => {
      const { terminalReporter, checkMachine, labDown, listLabs } = await loadLab();
      await checkMachine();
      const reporter = terminalReporter();
      const names = opts.all ? (await listLabs()).map((l) => l.name) : [opts.name];
      for (const name of names) if (await labDown(name, reporter)) reporter.step(`lab ${name} is down`);
    });

  lab
    .command('status')
    .description('hosts, addresses, and whether sshd, keepalived and Tomcat run on each')
    .option('--name <name>', 'lab name', 'lab')
    .option('--all', 'every lab on this machine')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { chalk, Table, print, checkMachine, labStatus, layoutOf, listLabs } = await loadLab();
      await checkMachine();
      const states = opts.all ? await listLabs() : [await requireLab(opts.name)];
      const labs = await Promise.all(
        states.map(async (state) => {
          const layout = layoutOf(state);
          return {
            name: state.name,
            subnet: layout.subnet,
            bare: state.bare,
            firewall: state.firewall ?? 'none',
            keyFile: layout.keyFile,
            hosts: await labStatus(state),
          };
        }),
      );
      if (opts.json) {
        print(JSON.stringify(opts.all ? labs : labs[0], null, 2));
        return;
      }
      if (!labs.length) print('no lab is up');
      const colour = (s: string) =>
        s === 'active' || s === 'running' || s === '200' ? chalk.green(s) : s === 'inactive' || s === 'unknown' ? s : chalk.yellow(s);
      for (const lab of labs) {
        print(`lab ${lab.name}: ${lab.subnet}${lab.bare ? ' (bare)' : ''}${lab.firewall === 'none' ? '' : `, firewall ${lab.firewall}`}, key ${lab.keyFile}`);
        const table = new Table({ style: { head: [], border: [] }, head: ['host', 'address', 'release', 'system', 'sshd', 'keepalived', 'Tomcat', 'HTTP :8080'] });
        for (const h of lab.hosts) {
          table.push([h.name, h.address, h.release, h.running ? colour(h.system) : chalk.red('stopped'), colour(h.sshd), colour(h.keepalived), colour(h.tomcat), colour(h.http)]);
        }
        print(table.toString());
      }
    });

  lab
    .command('ssh')
    .description('open a shell (or run CMD) on a lab host, with host-key checking against the lab\'s known_hosts')
    .argument('<host>', 'host name (node1, node2, ...)')
    .argument('[cmd...]', 'command to run instead of a shell')
    .option('--name <name>', 'lab name', 'lab')
    .action(async (host, cmd, opts) => {
      const { execInteractive, layoutOf, sshArgs } = await loadLab();
      const state = await requireLab(opts.name);
      const h = state.hosts.find((x) => x.name === host);
      if (!h) throw new UsageError(`lab ${opts.name} has no host ${host}; it has ${state.hosts.map((x) => x.name).join(', ')}`);
      const args = [...sshArgs(layoutOf(state), h.address), ...(cmd.length ? ['--', ...cmd] : [])];
      process.exitCode = await execInteractive(['ssh', ...args]);
    });

  lab
    .command('power')
    .description(
      "a lab host's power switch, for crash drills (the host-crash scenario): off cuts the power at once (every\n" +
        'process stops at the same instant, the NIC is unplugged: no shutdown, no goodbye); on boots it again like a\n' +
        "server after a power cut; status prints on or off. off prints the instant of the cut as 'power-off-at: EPOCH'.",
    )
    .argument('<host>', 'host name (node1, node2, ...)')
    .argument('<action>', 'off, on or status', (v) => {
      if (v !== 'on' && v !== 'off' && v !== 'status') throw new InvalidArgumentError('expected on, off or status.');
      return v;
    })
    .option('--name <name>', 'lab name', 'lab')
    .action(async (host, action, opts) => {
      const { print, checkMachine, powerOff, powerOn, powerState } = await loadLab();
      await checkMachine();
      const state = await requireLab(opts.name);
      if (!state.hosts.some((x) => x.name === host)) {
        throw new UsageError(`lab ${opts.name} has no host ${host}; it has ${state.hosts.map((x) => x.name).join(', ')}`);
      }
      const now = powerState(state, host);
      if (action === 'status') return print(`${host}: power ${now}`);
      if (action === 'off') {
        if (now === 'off') return print(`${host}: power is already off`);
        const at = await powerOff(state, host);
        print(`power-off-at: ${(at / 1000).toFixed(6)}`);
        return print(`${host}: power off`);
      }
      if (now === 'on') return print(`${host}: power is already on`);
      await powerOn(state, host);
      print(`${host}: power on (booting)`);
    });

  lab
    .command('image')
    .description('build the lab image of a release now (up does it when needed); --rebuild replaces a cached one')
    .option('--release <names>', `release, or several separated by commas (default: this machine's own): ${RELEASES.map((r) => r.suite).join(', ')}`)
    .option('--bare', 'also the base layer bare hosts boot from')
    .option('--rebuild', 'build again even when cached')
    .option('--mirror <url>', "Debian mirror (default: this machine's apt sources)")
    .action(async (opts) => {
      const { print, terminalReporter, ensureImage, hostSuite, checkMachine } = await loadLab();
      await checkMachine();
      const own = hostSuite();
      const suites = [...new Set(parseReleaseList(opts.release ?? own, own))];
      for (const suite of suites) {
        const img = await ensureImage(terminalReporter(), { suite, bare: Boolean(opts.bare), rebuild: Boolean(opts.rebuild), mirror: opts.mirror });
        print(`lab image (${suite}): ${img.dir}`);
      }
    });

  return lab;
}

function printLab(layout: LabLayout, print: (s: string) => void): void {
  print(`lab ${layout.name}: subnet ${layout.subnet}, this machine is ${layout.adminAddress}, free VIP ${layout.vip}`);
  for (const h of layout.hosts) print(`  ${h.name}  ${h.address}`);
  print(`ssh: hasetup lab ssh ${layout.hosts[0]?.name ?? 'node1'}${layout.name === 'lab' ? '' : ` --name ${layout.name}`}`);
  print(`  or: ssh -i ${layout.keyFile} -o UserKnownHostsFile=${layout.knownHostsFile} root@${layout.hosts[0]?.address ?? ''}`);
}
