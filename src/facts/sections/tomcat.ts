// Tomcat: its unit (named in the inventory, or found: tomcat10, tomcat9, tomcat, or a unit whose ExecStart runs
// catalina), whether it runs, its main and Java PIDs, and its ExecStop= lines (our drop-in re-states them).
import { SERVICE_NAME_RE } from '../../inventory/schema.js';
import { cmd } from '../../remote/command.js';
import type { FactSection } from './section.js';
import { pid } from './keepalived.js';

/**
 * Unit file lines as systemd reads them: a line ending in a backslash goes on with the next one (joined with
 * a space), so a continued ExecStop= is read whole and never half-copied into our drop-in.
 */
export function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | undefined;
  for (const raw of text.split('\n')) {
    const line = pending === undefined ? raw : `${pending} ${raw.trim()}`;
    if (/\\\s*$/.test(line) && !/^\s*[#;]/.test(line)) pending = line.replace(/\s*\\\s*$/, '');
    else {
      pending = undefined;
      out.push(line);
    }
  }
  if (pending !== undefined) out.push(pending);
  return out;
}

/** ExecStop= values of a unit as `systemctl cat` shows it, leaving out hasetup's own drop-ins. */
export function execStopLines(catOutput: string): string[] {
  let ours = false;
  let lines: string[] = [];
  for (const line of logicalLines(catOutput)) {
    const header = /^# (\/\S+)$/.exec(line);
    if (header) {
      ours = /\/(zz-hasetup|hasetup-[^/]+)\.conf$/.test(header[1]!);
      continue;
    }
    if (ours) continue;
    const m = /^\s*ExecStop\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[1]!.trim();
    if (value === '') lines = [];
    else lines.push(value);
  }
  return lines;
}

export const tomcat: FactSection<'tomcat'> = {
  kvAfterUnits: (ctx) => cmd`svc=${ctx.opts.tomcatService ?? ''}
if [ -z "$svc" ]; then
  for u in tomcat10 tomcat9 tomcat; do
    if [ "$(unit_field "$u.service" 2)" = loaded ]; then svc=$u; break; fi
  done
fi
if [ -z "$svc" ]; then
  for f in /etc/systemd/system/*.service /usr/lib/systemd/system/*.service /lib/systemd/system/*.service; do
    [ -f "$f" ] || continue
    if grep -qE '^[[:space:]]*ExecStart=.*catalina' "$f" 2>/dev/null; then svc=$(basename -- "$f" .service); break; fi
  done
  # found by its ExecStart: not among the units asked for above
  if [ -n "$svc" ]; then sd="$sd
$(sd_show "$svc.service")"; fi
fi
kv tc_service "$svc"
if [ -n "$svc" ]; then
  kv tc_active "$(unit_field "$svc.service" 3)"
  main=$(unit_field "$svc.service" 5)
  kv tc_mainpid "$main"
  java=
  if [ -n "$main" ] && [ "$main" != 0 ]; then
    if [ "$(cat "/proc/$main/comm" 2>/dev/null)" = java ]; then java=$main
    elif have pgrep; then java=$(pgrep -P "$main" -x java 2>/dev/null | head -n 1); fi
  fi
  kv tc_javapid "$java"
fi`,
  blocks: () => cmd`echo '@@tomcat_unit'
if [ -n "$svc" ]; then systemctl cat -- "$svc.service" 2>/dev/null; fi`,
  parse: ({ kv, block }) => {
    const detected = kv.get('tc_service') || undefined;
    return {
      tomcat: {
        service: detected && SERVICE_NAME_RE.test(detected) ? detected : undefined,
        active: kv.get('tc_active') === 'active',
        mainPid: pid(kv.get('tc_mainpid')),
        javaPid: pid(kv.get('tc_javapid')),
        execStop: execStopLines(block('tomcat_unit').join('\n')),
      },
    };
  },
};
