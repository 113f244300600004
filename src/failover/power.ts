// The inventory's power commands for the host-crash scenario, run on this machine (docs/scenarios.md). Each
// runs in a process group of its own, so its timeout and Ctrl-C end everything it started (a wrapper's
// children included), and when the inventory has `power.status` a command counts only once status says the
// power is what was asked for: an `off` that exits 0 while the host still runs is no power cut.
import { exec, type ExecResult } from '../exec.js';
import type { PowerCommands } from '../inventory/model.js';
import { poll } from '../poll.js';
import { cmd } from '../remote/command.js';

/** How long one power command may take, and how long status may take to agree with it. */
export const POWER_LIMITS = { off: { runMs: 60_000, confirmMs: 30_000 }, on: { runMs: 120_000, confirmMs: 120_000 }, statusMs: 10_000, stepMs: 1_000 };

export interface PowerResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** status's last output when it never said the state asked for (the command itself exited 0). */
  unconfirmed?: string;
}

/** What a status command's output says: the words `off` or `on` (`off` wins: "shut off"), or nothing. */
export function powerStateOf(output: string): 'on' | 'off' | undefined {
  if (/\boff\b/i.test(output)) return 'off';
  if (/\bon\b/i.test(output)) return 'on';
  return undefined;
}

const failed = (e: Error): ExecResult => ({ code: -1, signal: null, stdout: '', stderr: e.message });

/**
 * Runs power.off or power.on; with power.status, asks it until it says the same (or its time is up:
 * `unconfirmed`). `signal` (Ctrl-C) kills a hung command and stops the waiting.
 */
export async function runPower(power: PowerCommands, which: 'off' | 'on', signal?: AbortSignal, all = POWER_LIMITS): Promise<PowerResult> {
  const limits = all[which];
  const r = await exec(power[which], { check: false, group: true, timeoutMs: limits.runMs, signal }).catch(failed);
  if (r.code !== 0 || !power.status) return r;
  let last = '';
  const agreed = await poll(
    async () => {
      const s = await exec(power.status!, { check: false, group: true, timeoutMs: all.statusMs, signal }).catch(failed);
      last = `${s.stdout}${s.stderr}`.trim();
      return powerStateOf(s.stdout) === which ? true : undefined;
    },
    { timeout: limits.confirmMs, step: all.stepMs, signal },
  );
  return agreed ? r : { ...r, unconfirmed: last };
}

/** The local command lines a confirmation prompt shows before anything runs (words quoted as a shell would need). */
export function powerCommandLines(power: PowerCommands): string[] {
  return [power.off, power.on, ...(power.status ? [power.status] : [])].map((argv) => cmd`${argv}`.text);
}
