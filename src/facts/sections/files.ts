// The managed files' contents (base64, so any byte survives; `@@absent PATH` when there is none), hasetup's
// drop-ins of the Tomcat unit found, and every cluster's keepalived config on the host (what clusters share is
// built from all of them: deploy/planners/host-shared.ts).
import { CLUSTER_CONF_DIR } from '../../hostpaths.js';
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';

export const files: FactSection<'files'> = {
  blocks: (ctx) => cmd`echo '@@files'
for p in ${ctx.paths}; do emit_file "$p"; done
for f in ${CLUSTER_CONF_DIR}/*.conf; do [ -f "$f" ] && emit_file "$f"; done
if [ -n "$svc" ]; then
  for f in "/etc/systemd/system/$svc.service.d"/hasetup-*.conf; do [ -f "$f" ] && emit_file "$f"; done
fi`,
  parse: (out) => ({ files: out.files }),
};
