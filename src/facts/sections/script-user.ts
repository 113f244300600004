// The unprivileged user keepalived runs its check and notify scripts as.
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';

export const SCRIPT_USER = 'keepalived_script';

export const scriptUser: FactSection<'scriptUserExists'> = {
  kv: () => cmd`if getent passwd ${SCRIPT_USER} >/dev/null 2>&1; then kv script_user 1; else kv script_user 0; fi`,
  parse: ({ kv }) => ({ scriptUserExists: kv.get('script_user') === '1' }),
};
