// SELinux: its mode, and the booleans hasetup cares about (keepalived_connect_any).
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';

export const selinux: FactSection<'selinux' | 'selinuxBooleans'> = {
  kv: () => cmd`if have getenforce; then kv selinux "$(getenforce 2>/dev/null)"; else kv selinux Disabled; fi
if have getsebool; then kv sebool_keepalived_connect_any "$(getsebool keepalived_connect_any 2>/dev/null)"; fi`,
  parse: ({ kv }) => {
    const se = (kv.get('selinux') ?? 'Disabled').toLowerCase();
    const selinuxBooleans: Record<string, boolean> = {};
    const ca = kv.get('sebool_keepalived_connect_any');
    if (ca) selinuxBooleans.keepalived_connect_any = /-->\s*on\b/.test(ca);
    return { selinux: se === 'enforcing' ? 'enforcing' : se === 'permissive' ? 'permissive' : 'disabled', selinuxBooleans };
  },
};
