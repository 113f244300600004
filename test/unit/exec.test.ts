// Local programs, run for real: the three ways exec.ts runs them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecError } from '../../src/errors.js';
import { exec, execInteractive, spawnDetached } from '../../src/exec.js';

describe('exec', () => {
  it('captures output, passes values as argv (no shell), throws on a non-zero exit', async () => {
    const r = await exec(['sh', '-c', 'printf "%s|" "$@"; echo; echo err >&2', 'sh', 'a b', '$(id)', '-n'], { input: '' });
    expect(r.stdout).toBe('a b|$(id)|-n|\n');
    expect(r.stderr).toBe('err\n');
    await expect(exec(['sh', '-c', 'exit 4'])).rejects.toBeInstanceOf(ExecError);
    expect((await exec(['sh', '-c', 'exit 4'], { check: false })).code).toBe(4);
  });

  // issue 21 M7: a power command is often a wrapper; its children hold the output open, so killing only the
  // wrapper returned when they ended (a 1 s timeout after 8 s), and Ctrl-C could not stop a hung one.
  /** Running (a killed child whose parent died too stays a zombie until init reaps it: that is not running). */
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  /** A wrapper that starts a child holding stdout open, prints the child's PID and waits for it. */
  const wrapper = ['sh', '-c', 'sleep 60 & echo $!; wait'];

  it('with group, the timeout kills the whole group: the wrapper and what it started', async () => {
    const r = await exec(wrapper, { check: false, timeoutMs: 300, group: true });
    expect(r).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(alive(Number(r.stdout.trim()))).toBe(false);
  });

  it('with group, aborting the signal kills the whole group at once', async () => {
    const ac = new AbortController();
    let child = 0;
    const run = exec(wrapper, { check: false, group: true, signal: ac.signal, onLine: (l) => {
      child = Number(l);
      ac.abort();
    } });
    const r = await run;
    expect(r.signal).toBe('SIGKILL');
    expect(child).toBeGreaterThan(1);
    expect(alive(child)).toBe(false);
    // already aborted: never left running
    expect((await exec(wrapper, { check: false, group: true, signal: ac.signal })).signal).toBe('SIGKILL');
  });
});

describe('execInteractive', () => {
  it('returns the exit code, 127 when the program cannot start', async () => {
    expect(await execInteractive(['sh', '-c', 'exit 3'])).toBe(3);
    expect(await execInteractive(['/nonexistent/hasetup-program'])).toBe(127);
  });
});

describe('spawnDetached', () => {
  it('starts a program in its own session that writes to the log file, and returns its PID', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-exec-'));
    const log = path.join(dir, 'console.log');
    fs.writeFileSync(log, 'before\n');
    const pid = spawnDetached(['sh', '-c', 'echo "sid=$(ps -o sid= -p $$ | tr -d " ") pid=$$"; echo err >&2'], log);
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && !fs.readFileSync(log, 'utf8').includes('err'); i++) await new Promise((r) => setTimeout(r, 20));
    const text = fs.readFileSync(log, 'utf8');
    expect(text.startsWith('before\n')).toBe(true); // appended
    expect(text).toContain(`sid=${pid} pid=${pid}`); // leads a session of its own
    expect(text).toContain('err\n');
    fs.rmSync(dir, { recursive: true });
  });
});
