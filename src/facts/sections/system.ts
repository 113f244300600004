// The system around us: root or not, systemd or not, the package manager, the tools the generated scripts
// need (curl, bash), and the container we may run in.
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';

export const system: FactSection<'isRoot' | 'initSystem' | 'packageManager' | 'tools' | 'virtualization'> = {
  kv: () => cmd`kv uid "$(id -u)"
if [ -d /run/systemd/system ]; then kv init systemd; else kv init other; fi
for pm in apt-get dnf yum; do have "$pm" && kv "pm_$pm" 1; done
for t in curl bash; do if have "$t"; then kv "tool_$t" 1; else kv "tool_$t" 0; fi; done
kv virt "$(systemd-detect-virt -c 2>/dev/null)"`,
  parse: ({ kv }) => ({
    packageManager: kv.has('pm_apt-get') ? 'apt' : kv.has('pm_dnf') ? 'dnf' : kv.has('pm_yum') ? 'yum' : undefined,
    initSystem: kv.get('init') === 'systemd' ? 'systemd' : 'other',
    isRoot: kv.get('uid') === '0',
    tools: { curl: kv.get('tool_curl') === '1', bash: kv.get('tool_bash') === '1' },
    virtualization: kv.get('virt') || 'none',
  }),
};
