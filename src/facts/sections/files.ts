// The managed files' contents (base64, so any byte survives; `@@absent PATH` when there is none), and hasetup's
// drop-ins of the Tomcat unit found.
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';

export const files: FactSection<'files'> = {
  blocks: (ctx) => cmd`echo '@@files'
for p in ${ctx.paths}; do emit_file "$p"; done
if [ -n "$svc" ]; then
  for f in "/etc/systemd/system/$svc.service.d"/hasetup-*.conf; do [ -f "$f" ] && emit_file "$f"; done
fi`,
  parse: (out) => ({ files: out.files }),
};
