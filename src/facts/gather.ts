// Facts: one POSIX sh script, run as root in one SSH round trip, prints everything the plan needs in `@@section`
// blocks; each fact's probe and parser live together in ./sections/ (section.ts says how), and parseFacts merges
// the parsers' results into HostFacts (pure, tested on recorded outputs in test/unit/facts/fixtures/).
import { HostStepError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, script, type ShellCommand } from '../remote/command.js';
import { splitAtThen, thenScript } from '../remote/then.js';
import type { HostFacts } from './types.js';
import { files } from './sections/files.js';
import { firewall } from './sections/firewall.js';
import { interfaces } from './sections/interfaces.js';
import { keepalived } from './sections/keepalived.js';
import { os } from './sections/os.js';
import { splitOutput } from './sections/output.js';
import { scriptUser } from './sections/script-user.js';
import type { FactSection, FactsOptions, ProbeContext } from './sections/section.js';
import { selinux } from './sections/selinux.js';
import { system } from './sections/system.js';
import { tomcat } from './sections/tomcat.js';
import { units, unitTable } from './sections/units.js';

export { THEN_MARK } from '../remote/then.js';
export type { FactsOptions } from './sections/section.js';
export { SCRIPT_USER } from './sections/script-user.js';
export { SYSTEMD_TABLE_AWK, systemdUnits } from './sections/units.js';
export { execStopLines, logicalLines } from './sections/tomcat.js';
export { nftDroppingInputChain, parseFirewalldZones } from './sections/firewall.js';

/** Every section, in the order its pairs and blocks appear in the script (the shell variables one reads come first). */
type Probes = Omit<FactSection, 'parse'>;
const SECTIONS: readonly Probes[] = [os, system, selinux, scriptUser, keepalived, tomcat, firewall, units, interfaces, files];
/** The blocks' order in the output (the recorded fixtures have it). */
const BLOCK_ORDER: readonly Probes[] = [units, interfaces, tomcat, firewall, files];

/**
 * The facts script. Works with a POSIX sh and the tools of a minimal Debian 12 (iproute2, procps, systemd,
 * coreutils) or a RHEL-family host; every probe tolerates a missing tool. It never changes anything.
 * File contents are printed in base64 so any byte survives; an absent file is `@@absent PATH`.
 */
export function factsScript(paths: string[], opts: FactsOptions = {}): ShellCommand {
  const ctx: ProbeContext = { paths, opts };
  const probes = (pick: (s: Probes) => ((c: ProbeContext) => ShellCommand) | undefined, order = SECTIONS) =>
    order.flatMap((s) => pick(s)?.(ctx) ?? []);
  return script([
    cmd`# hasetup facts (read-only)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
have() { command -v "$1" >/dev/null 2>&1; }
kv() { printf '%s=%s\\n' "$1" "$2"; }
emit_file() {
  if [ -f "$1" ]; then printf '@@file %s\\n' "$1"; base64 < "$1"; else printf '@@absent %s\\n' "$1"; fi
}
echo '@@kv'`,
    ...probes((s) => s.kv),
    unitTable(ctx),
    ...probes((s) => s.kvAfterUnits),
    ...probes((s) => s.blocks, BLOCK_ORDER),
    cmd`echo '@@end'`,
  ]);
}

export function parseFacts(output: string): HostFacts {
  const out = splitOutput(output);
  if (!output.includes('@@end')) throw new Error(t().facts.outputIncomplete);
  // Spelled out, so the compiler checks that the sections cover every fact.
  return {
    ...os.parse(out),
    ...system.parse(out),
    ...selinux.parse(out),
    ...scriptUser.parse(out),
    ...keepalived.parse(out),
    ...tomcat.parse(out),
    ...firewall.parse(out),
    ...units.parse(out),
    ...interfaces.parse(out),
    ...files.parse(out),
  };
}

/** Runs the facts script on the host (one round trip) and parses what it printed. */
export async function gatherFacts(host: RemoteHost, paths: string[], opts: FactsOptions = {}): Promise<HostFacts> {
  return (await gatherFactsThen(host, paths, opts)).facts;
}

/**
 * The facts script, then `then` (a read-only command) in the same round trip: the facts, and what `then`
 * printed (its standard output; undefined when the facts script failed before it).
 */
export async function gatherFactsThen(host: RemoteHost, paths: string[], opts: FactsOptions = {}, then?: ShellCommand): Promise<{ facts: HostFacts; then?: string }> {
  const script = then ? thenScript(factsScript(paths, opts), then) : factsScript(paths, opts);
  const res = await host.run(cmd`sh -s`, { input: script.text, timeoutMs: 60_000 });
  if (res.code !== 0) {
    const code = String(res.code);
    const message = res.stderr ? t().facts.scriptExitedWithOutput({ code, stderr: res.stderr.trim() }) : t().facts.scriptExited({ code });
    throw new HostStepError(host.name, t().facts.gatherStep, message, { hint: t().facts.scriptExitedHint });
  }
  const parts = then ? splitAtThen(res.stdout) : { first: res.stdout };
  try {
    return { facts: parseFacts(parts.first), then: parts.then };
  } catch (e) {
    throw new HostStepError(host.name, t().facts.gatherStep, (e as Error).message, { cause: e });
  }
}
