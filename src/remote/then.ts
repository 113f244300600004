// Two reads in one round trip: a script, a mark line, then another read-only command; the output split at the
// mark so each part goes to its own parser. status (observation, then generations) and deploy (facts, then
// generations) use it.
import { cmd, joinCommands, type ShellCommand } from './command.js';

/** The line between the two parts (no script of ours prints a line starting with `@@@@`). */
export const THEN_MARK = '@@@@then';

/** `first`, the mark, then `then`, one after the other (lines of one script). */
export function thenScript(first: ShellCommand, then: ShellCommand): ShellCommand {
  return joinCommands([first, cmd`echo ${THEN_MARK}`, then], '\n');
}

/** What `first` printed, and what `then` printed (undefined when the output never reached the mark). */
export function splitAtThen(stdout: string): { first: string; then?: string } {
  const lines = stdout.split('\n');
  const at = lines.indexOf(THEN_MARK);
  if (at < 0) return { first: stdout };
  return { first: lines.slice(0, at).join('\n') + '\n', then: lines.slice(at + 1).join('\n') };
}
