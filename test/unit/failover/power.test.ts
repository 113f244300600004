// The host-crash power commands, run for real as local programs (issue 21 M7): a hung one is killed with
// everything it started (timeout or Ctrl-C), status must agree before a cut or a power-on counts, and the
// confirmation prompt shows the exact command lines.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { powerCommandLines, powerStateOf, runPower, POWER_LIMITS } from '../../../src/failover/power.js';

const fast = { off: { runMs: 2_000, confirmMs: 1_500 }, on: { runMs: 2_000, confirmMs: 1_500 }, statusMs: 1_000, stepMs: 50 };

describe('power commands', () => {
  it('reads on/off from status output; off wins ("shut off"); anything else says nothing', () => {
    expect(powerStateOf('Chassis Power is off')).toBe('off');
    expect(powerStateOf('Chassis Power is on\n')).toBe('on');
    expect(powerStateOf('shut off')).toBe('off');
    expect(powerStateOf('running')).toBeUndefined();
    expect(powerStateOf('online')).toBeUndefined();
  });

  it('counts an off only once status says off (it may take a few asks)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-power-'));
    const n = path.join(dir, 'n');
    // status says "on" twice, then "off"
    const status = ['sh', '-c', 'c=$(cat "$1" 2>/dev/null || echo 0); c=$((c+1)); echo $c > "$1"; [ $c -gt 2 ] && echo "Power is off" || echo "Power is on"', 'sh', n];
    const r = await runPower({ off: ['true'], on: ['true'], status }, 'off', undefined, fast);
    expect(r).toMatchObject({ code: 0 });
    expect(r.unconfirmed).toBeUndefined();
  });

  it('an off that exits 0 while status keeps saying on is unconfirmed, with what status said', async () => {
    const r = await runPower({ off: ['true'], on: ['true'], status: ['echo', 'Power is on'] }, 'off', undefined, fast);
    expect(r.code).toBe(0);
    expect(r.unconfirmed).toBe('Power is on');
  });

  it('without status the exit code is all there is', async () => {
    expect((await runPower({ off: ['false'], on: ['true'] }, 'off', undefined, fast)).code).toBe(1);
    expect((await runPower({ off: ['false'], on: ['true'] }, 'on', undefined, fast)).unconfirmed).toBeUndefined();
  });

  it('Ctrl-C (the run signal) stops a hung power command and its children', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await runPower({ off: ['sh', '-c', 'sleep 60 & wait'], on: ['true'] }, 'off', ac.signal, POWER_LIMITS);
    expect(r.code).toBeNull();
  });

  it('the prompt shows each command line as it will run, odd words quoted', () => {
    expect(powerCommandLines({ off: ['ipmitool', '-H', 'bmc-1', 'chassis', 'power', 'off'], on: ['/opt/power on.sh', 'ha1'], status: ['virsh', 'domstate', 'ha1'] })).toEqual([
      'ipmitool -H bmc-1 chassis power off',
      "'/opt/power on.sh' ha1",
      'virsh domstate ha1',
    ]);
  });
});
