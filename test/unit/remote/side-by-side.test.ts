// sideBySide runs its probes beside the rest and still prints exactly what the parts print in turn: checked by
// running both forms with the local sh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmd, joinCommands, type ShellCommand } from '../../../src/remote/command.js';
import { beside, sideBySide, type Beside } from '../../../src/remote/side-by-side.js';

const run = (c: ShellCommand, input = '') => spawnSync('sh', ['-c', c.text], { input, encoding: 'utf8' });
const inTurn = (parts: (ShellCommand | Beside)[]) => joinCommands(parts.map((p) => ('beside' in p ? p.beside : p)), '; ');

describe('sideBySide', () => {
  it('prints byte for byte what the parts print in turn, stderr too, and ends with the last part status', () => {
    const parts = [
      cmd`echo @@a`,
      beside(cmd`echo slow; echo to-stderr >&2; printf 'no newline'`),
      cmd`echo @@b; printf 'x y\n\n'`,
      beside(cmd`echo second; false`),
      // more than a pipe holds: the probe waits for its turn instead of losing output
      beside(cmd`head -c 200000 /dev/zero | tr '\\000' z; echo`),
      cmd`echo @@end; (exit 3)`,
    ];
    const a = run(inTurn(parts));
    const b = run(sideBySide(parts));
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
    expect(b.status).toBe(3);
    expect(a.status).toBe(3);
  });

  it('starts the probes first: the parts before a probe\'s place run while it runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-beside-'));
    const flag = path.join(dir, 'flag');
    // The first part waits (a bounded while) for the probe's flag: in turn, the probe would not have run yet.
    const parts = [
      cmd`i=0; while [ ! -e ${flag} ] && [ $i -lt 300 ]; do sleep 0.01; i=$((i+1)); done; [ -e ${flag} ] && echo saw-the-probe || echo probe-not-started`,
      beside(cmd`touch ${flag}; echo @@probe`),
    ];
    expect(run(sideBySide(parts)).stdout).toBe('saw-the-probe\n@@probe\n');
    fs.rmSync(dir, { recursive: true });
  });

  it("never reads the caller's stdin (a sudo password line is not for the probes)", () => {
    const r = run(sideBySide([beside(cmd`cat`), cmd`cat; echo @@end`]), 'secret line\n');
    expect(r.stdout).toBe('@@end\n');
  });

  it('refuses more probes than it has descriptors for', () => {
    expect(() => sideBySide(Array.from({ length: 5 }, () => beside(cmd`true`)))).toThrow(RangeError);
  });
});
