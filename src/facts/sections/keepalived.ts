// keepalived: installed or not (and apt's candidate version when not), its version, whether it runs and is
// enabled (from the unit table), its PID.
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';
import { units } from './units.js';

function pid(s: string | undefined): number | undefined {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : undefined;
}

export { pid };

export const keepalived: FactSection<'keepalived'> = {
  kv: () => cmd`if have keepalived; then kv ka_installed 1; kv ka_version "$(keepalived --version 2>&1 | head -n 1)"; else kv ka_installed 0
  if have apt-cache; then kv ka_candidate "$(apt-cache policy keepalived 2>/dev/null | awk '/Candidate:/ { print $2 }')"; fi
fi`,
  kvAfterUnits: () => cmd`kv ka_pid "$(unit_field keepalived.service 5)"`,
  parse: (out) => {
    const { kv } = out;
    const unit = units.parse(out).units['keepalived.service'] ?? { enabled: false, active: false };
    const installed = kv.get('ka_installed') === '1';
    const version = /v?(\d+\.\d+(?:\.\d+)?)/.exec(kv.get('ka_version') ?? '')?.[1];
    // apt's form: [epoch:]upstream-revision, e.g. 1:2.2.7-1+b2; "(none)" when no source has it.
    const candidate = /^(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(kv.get('ka_candidate') ?? '')?.[1];
    return {
      keepalived: {
        installed,
        version,
        ...(candidate && !installed ? { candidate } : {}),
        active: unit.active,
        enabled: unit.enabled,
        pid: pid(kv.get('ka_pid')),
      },
    };
  },
};
