import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { LabLayout } from '../lab/layout.js';
import { LAB_FIREWALLS, parseFirewall } from '../lab/firewall.js';
import { RELEASES, parseReleaseList, releasesForHosts } from '../lab/releases.js';
import { wholeNumber } from './args.js';
import { loadTerminal } from './terminal.js';
import { joinList } from '../i18n/text.js';

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

const releaseNames = () => joinList(RELEASES.map((r) => `${r.suite} (${r.version}, ${r.tomcat})`));

async function requireLab(name: string) {
  const { checkLabName, readState } = await loadLab();
  checkLabName(name);
  const state = await readState(name);
  if (!state) throw new UsageError(t().lab.error.labNotUp({ name }), t().lab.error.labNotUpHint({ name }));
  return state;
}

export function labCommand(): Command {
  const h = t().lab.help;
  const lab = new Command('lab').summary(h.labSummary).description(h.labDescription({ releases: releaseNames() }));
  addLabUp(lab);
  addLabDown(lab);
  addLabStatus(lab);
  addLabSsh(lab);
  addLabPower(lab);
  addLabImage(lab);
  return lab;
}

/** `lab up`: start a lab (its image built first when missing) and print how to reach it. */
function addLabUp(lab: Command): void {
  const h = t().lab.help;
  lab
    .command('up')
    .description(h.upDescription)
    .option('--name <name>', h.upNameOption, 'lab')
    .option('--hosts <n>', h.hostsOption, wholeNumber, 2)
    .option('--bare', h.bareOption)
    .option('--inventory <file>', h.inventoryOption)
    .option('--release <names>', h.upReleaseOption)
    .option('--firewall <name>', h.firewallOption({ firewalls: joinList(LAB_FIREWALLS) }))
    .option('--mirror <url>', h.upMirrorOption)
    .action(async (opts) => {
      const { terminalReporter, hostSuite, writeLabInventory, labUp, print } = await loadLab();
      const reporter = terminalReporter();
      const releases = releasesForHosts(opts.release, opts.hosts, hostSuite());
      const firewall = opts.firewall === undefined ? undefined : parseFirewall(opts.firewall);
      const r = await labUp({ name: opts.name, hosts: opts.hosts, bare: Boolean(opts.bare), mirror: opts.mirror, releases, firewall }, reporter);
      reporter.step(t().lab.out.labIsUp({ name: opts.name, seconds: r.seconds.toFixed(1) }));
      if (opts.inventory) {
        await writeLabInventory(opts.inventory, r.layout, r.state);
        reporter.info(t().lab.out.inventoryWritten({ file: opts.inventory }));
      }
      printLab(r.layout, print);
    });
}

/** `lab down`: stop a lab and remove everything it made. */
function addLabDown(lab: Command): void {
  const h = t().lab.help;
  lab
    .command('down')
    .description(h.downDescription)
    .option('--name <name>', h.nameOption, 'lab')
    .option('--all', h.downAllOption)
    .action(async (opts) => {
      const { terminalReporter, checkMachine, labDown, listLabs } = await loadLab();
      await checkMachine();
      const reporter = terminalReporter();
      const names = opts.all ? (await listLabs()).map((l) => l.name) : [opts.name];
      for (const name of names) if (await labDown(name, reporter)) reporter.step(t().lab.out.labIsDown({ name }));
    });
}

/** `lab status`: each host of a lab (or of every lab) and its services, as a table or JSON. */
function addLabStatus(lab: Command): void {
  const h = t().lab.help;
  lab
    .command('status')
    .description(h.statusDescription)
    .option('--name <name>', h.nameOption, 'lab')
    .option('--all', h.statusAllOption)
    .option('--json', h.jsonOption)
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
      const o = t().lab.out;
      if (!labs.length) print(o.noLabUp);
      // systemd's state words are data (--json prints them); the table says the common ones in the chosen language.
      const st = o.states;
      const words: Partial<Record<string, string>> = {
        running: st.running,
        degraded: st.degraded,
        starting: st.starting,
        active: st.active,
        activating: st.activating,
        inactive: st.inactive,
        failed: st.failed,
      };
      const colour = (s: string) => {
        const w = words[s] ?? s;
        return s === 'active' || s === 'running' || s === '200' ? chalk.green(w) : s === 'inactive' || s === 'unknown' ? w : chalk.yellow(w);
      };
      // 'no answer' is data (it is what --json prints); the table shows it in the chosen language.
      const http = (s: string) => (s === 'no answer' ? chalk.yellow(o.httpNoAnswer) : colour(s));
      for (const lab of labs) {
        const line = { name: lab.name, subnet: lab.subnet, firewall: lab.firewall, key: lab.keyFile };
        const withFirewall = lab.firewall !== 'none';
        print(lab.bare ? (withFirewall ? o.labLineBareFirewall(line) : o.labLineBare(line)) : withFirewall ? o.labLineFirewall(line) : o.labLine(line));
        const table = new Table({
          style: { head: [], border: [] },
          head: [o.headHost, o.headAddress, o.headRelease, o.headSystem, 'sshd', 'keepalived', 'Tomcat', 'HTTP :8080'],
        });
        for (const h of lab.hosts) {
          table.push([h.name, h.address, h.release, h.running ? colour(h.system) : chalk.red(o.hostStopped), colour(h.sshd), colour(h.keepalived), colour(h.tomcat), http(h.http)]);
        }
        print(table.toString());
      }
    });
}

/** `lab ssh`: a shell, or one command, on a lab host. */
function addLabSsh(lab: Command): void {
  const h = t().lab.help;
  lab
    .command('ssh')
    .description(h.sshDescription)
    .argument('<host>', h.hostArgument)
    .argument('[cmd...]', h.cmdArgument)
    .option('--name <name>', h.nameOption, 'lab')
    .action(async (host, cmd, opts) => {
      const { execInteractive, layoutOf, sshArgs } = await loadLab();
      const state = await requireLab(opts.name);
      const target = state.hosts.find((x) => x.name === host);
      if (!target) throw new UsageError(t().lab.error.noSuchHost({ lab: opts.name, host, hosts: joinList(state.hosts.map((x) => x.name)) }));
      const args = [...sshArgs(layoutOf(state), target.address), ...(cmd.length ? ['--', ...cmd] : [])];
      process.exitCode = await execInteractive(['ssh', ...args]);
    });
}

/** `lab power`: a lab host's power switch (the host-crash scenario's power commands). */
function addLabPower(lab: Command): void {
  const h = t().lab.help;
  lab
    .command('power')
    .description(h.powerDescription)
    .argument('<host>', h.hostArgument)
    .argument('<action>', h.actionArgument, (v) => {
      if (v !== 'on' && v !== 'off' && v !== 'status') throw new InvalidArgumentError(h.actionInvalid);
      return v;
    })
    .option('--name <name>', h.nameOption, 'lab')
    .action(async (host, action, opts) => {
      const { print, checkMachine, powerOff, powerOn, powerState } = await loadLab();
      await checkMachine();
      const state = await requireLab(opts.name);
      if (!state.hosts.some((x) => x.name === host)) {
        throw new UsageError(t().lab.error.noSuchHost({ lab: opts.name, host, hosts: joinList(state.hosts.map((x) => x.name)) }));
      }
      const o = t().lab.out;
      const now = powerState(state, host);
      // Machine-readable in every language: an inventory's power.status command is read for the word on or off.
      if (action === 'status') return print(`${host}: power ${now}`);
      if (action === 'off') {
        if (now === 'off') return print(o.powerAlreadyOff({ host }));
        const at = await powerOff(state, host);
        print(`power-off-at: ${(at / 1000).toFixed(6)}`); // read by failover-test: never translated
        return print(o.poweredOff({ host }));
      }
      if (now === 'on') return print(o.powerAlreadyOn({ host }));
      await powerOn(state, host);
      print(o.poweredOn({ host }));
    });
}

/** `lab image`: build (or check) the lab images of some releases. */
function addLabImage(lab: Command): void {
  const h = t().lab.help;
  lab
    .command('image')
    .description(h.imageDescription)
    .option('--release <names>', h.imageReleaseOption({ releases: joinList(RELEASES.map((r) => r.suite)) }))
    .option('--bare', h.imageBareOption)
    .option('--rebuild', h.rebuildOption)
    .option('--mirror <url>', h.imageMirrorOption)
    .action(async (opts) => {
      const { print, terminalReporter, ensureImage, hostSuite, checkMachine } = await loadLab();
      await checkMachine();
      const own = hostSuite();
      const suites = [...new Set(parseReleaseList(opts.release ?? own, own))];
      for (const suite of suites) {
        const img = await ensureImage(terminalReporter(), { suite, bare: Boolean(opts.bare), rebuild: Boolean(opts.rebuild), mirror: opts.mirror });
        print(t().lab.out.imageReady({ suite, dir: img.dir }));
      }
    });
}

function printLab(layout: LabLayout, print: (s: string) => void): void {
  const o = t().lab.out;
  print(o.upSummary({ name: layout.name, subnet: layout.subnet, admin: layout.adminAddress, vip: layout.vip }));
  for (const h of layout.hosts) print(`  ${h.name}  ${h.address}`);
  print(o.sshHint({ command: `hasetup lab ssh ${layout.hosts[0]?.name ?? 'node1'}${layout.name === 'lab' ? '' : ` --name ${layout.name}`}` }));
  print(o.sshHintOr({ command: `ssh -i ${layout.keyFile} -o UserKnownHostsFile=${layout.knownHostsFile} root@${layout.hosts[0]?.address ?? ''}` }));
}
