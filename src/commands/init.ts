// hasetup init: a wizard that inspects the hosts and writes a checked, commented inventory (src/init/).
import { styleText } from 'node:util';
import { Command, Option } from '@commander-js/extra-typings';
import { t } from '../i18n/index.js';
import type { Prompts } from '../init/ask.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

// @inquirer/prompts is loaded on the first question, not at start-up (docs/performance.md).
const prompts = () => import('@inquirer/prompts');

/** select's key help line ("↑↓ navigate • ⏎ select") in the chosen language, styled as @inquirer/select does. */
function keysHelpTip(keys: [string, string][]): string {
  const words: Record<string, string> = { navigate: t().init.prompt.keysNavigate, select: t().init.prompt.keysSelect };
  return keys.map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', words[action] ?? action)}`).join(styleText('dim', ' • '));
}

export const inquirerPrompts: Prompts = {
  input: async (c) => (await prompts()).input(c),
  select: async (c) => (await prompts()).select({ ...c, theme: { style: { keysHelpTip } } }),
  confirm: async (c) => (await prompts()).confirm(c),
};

export function initCommand() {
  const h = t().init.help;
  return new Command('init')
    .summary(h.initSummary)
    .description(h.initDescription)
    .option('--answers <file>', h.answersOption)
    .option('-y, --yes', h.yesOption)
    .option('-o, --output <file>', h.outputOption)
    .option('--force', h.forceOption)
    .option('--cluster <name>', h.clusterOption)
    .option('--host <spec>', h.hostOption, collect)
    .option('--user <user>', h.userOption)
    .option('--ssh-port <port>', h.sshPortOption)
    .option('--key <file>', h.keyOption)
    .option('--agent', h.agentOption)
    .option('--sudo', h.sudoOption)
    .option('--no-sudo', h.noSudoOption)
    .option('--known-hosts <file>', h.knownHostsOption)
    .option('--trust-fingerprint <fp>', h.trustFingerprintOption, collect)
    .option('--interface <name>', h.interfaceOption)
    .option('--vip <address>', h.vipOption)
    .option('--vrid <n>', h.vridOption)
    .option('--master <name>', h.masterOption)
    .option('--master-priority <n>', h.masterPriorityOption)
    .option('--backup-priority <n>', h.backupPriorityOption)
    .addOption(new Option('--transport <kind>', h.transportOption).choices(['unicast', 'multicast'] as const))
    .addOption(new Option('--timing <preset>', h.timingOption).choices(['fast', 'standard', 'conservative'] as const))
    .option('--tomcat-port <port>', h.tomcatPortOption)
    .option('--health-path <path>', h.healthPathOption)
    .option('--expected-status <n>', h.expectedStatusOption)
    .option('--listen-seconds <n>', h.listenSecondsOption)
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
