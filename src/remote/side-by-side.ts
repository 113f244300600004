// A script whose parts print in order while its slow probes (a systemctl call, journalctl, curl: 5-40 ms each on
// a host) run at the same time: every probe starts at once, its output waits in a pipe, on a file descriptor of
// its own, until the script reaches the probe's place and copies it out (`cat <&3`; the parts after that place
// run once the probe has ended). What it prints is byte-for-byte what the parts joined with `; ` print, in the
// same order, and its exit status is the last part's. Every part's stdin is /dev/null (nothing reads the
// channel's stdin); stderr goes where it went. Only for probes that change nothing: they run before the parts
// that precede them.
//
//   sideBySide([cmd`echo @@a; ip ...`, beside(cmd`curl ...`), cmd`echo @@end`])
//   -> { curl ...; } </dev/null | { exec 3<&0 </dev/null; echo @@a; ip ...; cat <&3; echo @@end; }
import { cmd, joinCommands, raw, type ShellCommand } from './command.js';

/** A part that runs beside the rest (its output is still printed at its place). */
export interface Beside {
  beside: ShellCommand;
}

export const beside = (command: ShellCommand): Beside => ({ beside: command });

// One descriptor per probe, written out (constant fragments: no value ever reaches them).
const DESCRIPTORS = [
  { keep: raw('exec 3<&0 </dev/null'), copy: raw('cat <&3') },
  { keep: raw('exec 4<&0 </dev/null'), copy: raw('cat <&4') },
  { keep: raw('exec 5<&0 </dev/null'), copy: raw('cat <&5') },
  { keep: raw('exec 6<&0 </dev/null'), copy: raw('cat <&6') },
];

/** The parts as one command, the `beside` ones started first and run at the same time as the others. */
export function sideBySide(parts: readonly (ShellCommand | Beside)[]): ShellCommand {
  const probes: { command: ShellCommand; keep: ShellCommand }[] = [];
  const body = parts.map((p) => {
    if (!('beside' in p)) return p;
    const fd = DESCRIPTORS[probes.length];
    if (!fd) throw new RangeError(`sideBySide: at most ${DESCRIPTORS.length} parts beside the rest`);
    probes.push({ command: p.beside, keep: fd.keep });
    return fd.copy;
  });
  let out = joinCommands(body, '; ');
  // The first probe ends up outermost: the probes start in their order, then the body runs.
  for (const p of probes.reverse()) out = cmd`{ ${p.command}; } </dev/null | { ${p.keep}; ${out}; }`;
  return out;
}
