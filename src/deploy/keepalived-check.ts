// Validating keepalived's configuration on the host, and judging the result. keepalived 2.2.7's `-t` cannot
// be judged by its exit code (docs/keepalived.md, "keepalived -t"): the command normalises what it can and
// keepalivedCheckPassed reads the output.
import { KEEPALIVED_CONF } from '../hostpaths.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';

/**
 * The validate command: every config file must exist, be non-empty and not executable (keepalived -t skips
 * those and exits 0), then `keepalived -t`, then `sh -n` / `bash -n` of the scripts.
 */
export function validateCommand(configFiles: readonly string[], shScripts: readonly string[], bashScripts: readonly string[]): ShellCommand {
  const syntax = [...shScripts.map((s) => cmd`sh -n ${s}`), ...bashScripts.map((s) => cmd`bash -n ${s}`)];
  // keepalived 2.2.7's config test sends SIGTERM to its whole process group (exit 143) once a tracked
  // vrrp_script is parsed, after printing every problem it found (measured in the lab): it runs in a
  // process group of its own (setsid -w) so it cannot take the script with it, and 143 is not a verdict,
  // the output is.
  return joinCommands(
    [
      cmd`for f in ${configFiles}; do if [ ! -s "$f" ] || [ -x "$f" ]; then echo "Configuration file $f not found, empty or executable" >&2; exit 5; fi; done;`,
      cmd`out=$(setsid -w keepalived -t -f ${KEEPALIVED_CONF} 2>&1); rc=$?; [ -z "$out" ] || printf '%s\n' "$out" >&2;`,
      cmd`[ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] || exit "$rc"; ${joinCommands(syntax, ' && ')}`,
    ],
    ' ',
  );
}

/** Lines keepalived prints for a config it cannot use (from keepalived's parser and script checks). */
const CHECK_FAILURES = [
  /unknown keyword/i,
  /configuration file .*(not found|does not exist|empty or executable)/i,
  /unable to (open|find|read|resolve)/i,
  /non-existent/i,
  /does not exist/i,
  /no such file/i,
  /security violation/i,
  /\berror\b/i,
  /\binvalid\b/i,
  /not (a )?valid/i,
  /missing/i,
  /cannot|can't/i,
  /syntax error/i,
  /outside range/i,
  /doesn't exist/i,
  /\bwarning\b/i,
];

/**
 * Whether `keepalived -t` (plus the script syntax checks of `validate`) passed. keepalived 2.2.7 exits 0 for a
 * missing or executable file, so a zero exit alone proves nothing: any line that reports a problem fails it.
 */
export function keepalivedCheckPassed(code: number, stdout: string, stderr: string): boolean {
  if (code !== 0) return false;
  const lines = `${stdout}\n${stderr}`.split('\n').map((l) => l.trim());
  return !lines.some((l) => l !== '' && CHECK_FAILURES.some((re) => re.test(l)));
}
