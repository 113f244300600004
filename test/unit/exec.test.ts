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
