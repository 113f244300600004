// The state of units from ONE `systemctl show` (the table $sd that other sections read with unit_field), and the
// @@units block: whether each managed unit under /etc/systemd/system is enabled and active.
import { cmd } from '../../remote/command.js';
import type { UnitState } from '../types.js';
import type { FactSection, FactsOptions } from './section.js';

/**
 * The units whose state the script reads with ONE `systemctl show` (each systemctl call is a process and a
 * round trip to systemd; a dozen of them were the slowest part of the facts): keepalived, firewalld, the
 * Tomcat unit named in the inventory or the usual candidates, and the managed units.
 */
export function systemdUnits(paths: string[], opts: FactsOptions = {}): string[] {
  const tomcat = opts.tomcatService ? [`${opts.tomcatService}.service`] : ['tomcat10.service', 'tomcat9.service', 'tomcat.service'];
  return [...new Set(['keepalived.service', 'firewalld.service', ...tomcat, ...unitsOf(paths)])];
}

/**
 * Turns `systemctl show -p LoadState -p ActiveState -p UnitFileState -p MainPID -- UNIT...` into one line per
 * unit: `NAME LOAD ACTIVE FILE PID`, `-` for an empty value. systemctl prints one block per unit, in the order
 * given, separated by blank lines; the block is matched to its name by that order (an alias shows its target's
 * Id). When the number of blocks is not the number of names the output is dropped (the script then asks unit by
 * unit), never misattributed.
 */
export const SYSTEMD_TABLE_AWK = `
BEGIN { n = split(names, u, " "); i = 0; gap = 1 }
/^$/ { gap = 1; next }
{ if (gap) { i++; gap = 0 }; e = index($0, "="); if (e > 0) p[i, substr($0, 1, e - 1)] = substr($0, e + 1) }
END {
  if (i != n) exit
  for (j = 1; j <= n; j++) printf "%s %s %s %s %s\\n", u[j], d(p[j, "LoadState"]), d(p[j, "ActiveState"]), d(p[j, "UnitFileState"]), d(p[j, "MainPID"])
}
function d(x) { return x == "" ? "-" : x }
`;

/** Unit names (e.g. `hasetup-watchdog-web.service`, `hasetup-metrics-web.timer`) for managed unit files directly under /etc/systemd/system. */
function unitsOf(paths: string[]): string[] {
  const units = new Set<string>(['keepalived.service']);
  for (const p of paths) {
    const m = /^\/etc\/systemd\/system\/([A-Za-z0-9@_.:-]+\.(?:service|timer))$/.exec(p);
    if (m?.[1]) units.add(m[1]);
  }
  return [...units];
}

/** The unit table ($sd) and unit_field: read once, before the pairs that need them (kvAfterUnits). */
export const unitTable = (ctx: { paths: string[]; opts: FactsOptions }) => cmd`# The state of every unit below from one systemctl call: lines "NAME LOAD ACTIVE FILE PID" (- when empty).
sd_awk=${SYSTEMD_TABLE_AWK}
sd_show() { systemctl show -p LoadState -p ActiveState -p UnitFileState -p MainPID -- "$@" 2>/dev/null | awk -v names="$*" "$sd_awk"; }
set -- ${systemdUnits(ctx.paths, ctx.opts)}
sd=$(sd_show "$@")
if [ -z "$sd" ]; then sd=$(for u in "$@"; do sd_show "$u"; done); fi
# unit_field UNIT 2..5: LoadState, ActiveState, UnitFileState (as is-enabled prints it), MainPID; empty if unknown
unit_field() { printf '%s\\n' "$sd" | awk -v u="$1" -v f="$2" '$1 == u { if ($f != "-") print $f; exit }'; }`;

const ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated']);

export function unitState(enabled: string | undefined, active: string | undefined): UnitState {
  return { enabled: ENABLED_STATES.has(enabled ?? ''), active: active === 'active' || active === 'reloading' };
}

export const units: FactSection<'units'> = {
  blocks: (ctx) => cmd`echo '@@units'
for u in ${unitsOf(ctx.paths)}; do
  e=$(unit_field "$u" 4); a=$(unit_field "$u" 3)
  printf '%s %s %s\\n' "$u" "\${e:--}" "\${a:--}"
done`,
  parse: ({ block }) => {
    const units: Record<string, UnitState> = {};
    for (const line of block('units')) {
      const [name, enabled, active] = line.trim().split(/\s+/);
      if (name) units[name] = unitState(enabled, active);
    }
    return { units };
  },
};
