// The flag path: the same flow without prompts, missing values listed at once, and the same YAML as the wizard.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../../src/errors.js';
import type { Prompts } from '../../../src/init/ask.js';
import { presetAsker, promptAsker } from '../../../src/init/ask.js';
import { runInitFlow } from '../../../src/init/flow.js';
import { buildPreset, flagOf, missingValues, parseHostSpec } from '../../../src/init/options.js';
import { runInit } from '../../../src/init/run.js';
import { inventoryYaml } from '../../../src/init/write.js';
import { parseInventory } from '../../../src/inventory/load.js';
import { fakeIO, lab } from '../../fixtures/init.js';

const noPrompts: Prompts = {
  input: () => Promise.reject(new Error('asked')),
  select: () => Promise.reject(new Error('asked')),
  confirm: () => Promise.reject(new Error('asked')),
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-init-ni-'));
const fp = (addr: string) => fakeIO(lab).fetchHostKey(addr, 22).then((k) => k.fingerprint);

describe('init without prompts', () => {
  it('lists every missing required value at once (exit 2) and writes nothing', async () => {
    const dir = tmp();
    const output = path.join(dir, 'inv.yaml');
    const e = await runInit({ output, host: ['198.18.1.11'] }, { io: fakeIO(lab), prompts: noPrompts, print: () => {}, tty: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(ExitCode.usage);
    expect((e as UsageError).message).toMatch(/--cluster NAME[\s\S]*only one host given[\s\S]*--vip/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes with flags and no terminal; a new host key needs --trust-fingerprint', async () => {
    const dir = tmp();
    const output = path.join(dir, 'inv.yaml');
    const base = { output, cluster: 'web', host: ['198.18.1.11', '198.18.1.12'], vip: '198.18.1.100', listenSeconds: '1' };
    const untrusted = await runInit(base, { io: fakeIO(lab), prompts: noPrompts, print: () => {}, tty: false }).catch((x: unknown) => x);
    expect((untrusted as UsageError).message).toMatch(/host key of 198\.18\.1\.11 not trusted/);
    expect((untrusted as UsageError).hint).toMatch(/--trust-fingerprint SHA256:/);
    expect(fs.existsSync(output)).toBe(false);

    const trust = [await fp('198.18.1.11'), await fp('198.18.1.12')];
    const r = await runInit({ ...base, trustFingerprint: trust }, { io: fakeIO(lab), prompts: noPrompts, print: () => {}, tty: false });
    const c = parseInventory(fs.readFileSync(r!.file, 'utf8'), output).clusters[0]!;
    expect([c.virtualRouterId, c.hosts[0]!.name, c.hosts[0]!.interface]).toEqual([52, 'node1', 'eth0']);

    const again = await runInit({ ...base, trustFingerprint: trust }, { io: fakeIO({ ...lab, files: [output] }), prompts: noPrompts, print: () => {}, tty: false }).catch((x: unknown) => x);
    expect((again as UsageError).message).toMatch(/already exists: not overwriting/);
  });

  it('names the flag of a value the hosts reject', async () => {
    const trust = [await fp('198.18.1.11'), await fp('198.18.1.12')];
    const run = (extra: object) =>
      runInit(
        { output: path.join(tmp(), 'x.yaml'), cluster: 'web', host: ['198.18.1.11', '198.18.1.12'], vip: '198.18.1.100', trustFingerprint: trust, listenSeconds: '1', ...extra },
        { io: fakeIO(lab), prompts: noPrompts, print: () => {}, tty: false },
      ).catch((x: unknown) => (x as Error).message);
    expect(await run({ vip: '10.1.1.1' })).toMatch(/^--vip 10\.1\.1\.1: 10\.1\.1\.1 is not in the subnet/);
    expect(await run({ interface: 'ens3' })).toMatch(/^--interface \(host 1\) ens3: node1 has no interface ens3/);
    expect(await run({ vrid: '51' })).toMatch(/^--vrid 51: VRID 51 is in use/);
    expect(await run({ healthPath: '/nope' })).toMatch(/did not answer 200 on every host/);
  });

  it('the wizard and the flags write the same YAML for the same answers', async () => {
    const trust = [await fp('198.18.1.11'), await fp('198.18.1.12')];
    const preset = buildPreset({ cluster: 'web', host: ['198.18.1.11', '198.18.1.12'], vip: '198.18.1.100', trustFingerprint: trust, timing: 'standard', transport: 'multicast' });
    const common = { io: fakeIO(lab), print: () => {}, knownHosts: 'known_hosts', knownHostsFile: '/dev/null', listenSeconds: 1 };
    const viaFlags = await runInitFlow({ ...common, ask: presetAsker(preset, flagOf) });
    // A "person" who accepts every default the flags prefilled.
    const accepting: Prompts = {
      input: (c) => Promise.resolve(c.default ?? ''),
      select: (c) => Promise.resolve(c.default ?? c.choices[0]!.value),
      confirm: (c) => Promise.resolve(c.message.includes('Trust') ? true : (c.default ?? false)),
    };
    const viaPrompts = await runInitFlow({ ...common, ask: promptAsker(accepting, preset) });
    expect(inventoryYaml(viaPrompts)).toBe(inventoryYaml(viaFlags));
    expect(inventoryYaml(viaFlags)).toMatch(/timing: standard/);
    expect(inventoryYaml(viaFlags)).toMatch(/unicast: false/);
  });

  it('parses host specs and reads --answers keys', () => {
    expect(parseHostSpec('web1=10.0.0.1:2222')).toEqual({ name: 'web1', address: '10.0.0.1', port: '2222' });
    expect(parseHostSpec('10.0.0.1')).toEqual({ address: '10.0.0.1' });
    const p = buildPreset({ vip: '10.0.0.9' }, { cluster: 'a', vip: 'ignored', hosts: ['10.0.0.1', { address: '10.0.0.2', user: 'admin', sudo: true }] });
    expect(p.get('vip')).toBe('10.0.0.9');
    expect(p.get('hosts.1.user')).toBe('admin');
    expect(missingValues(p)).toEqual([]);
  });

  it('refuses a --trust-fingerprint that is not a SHA256 fingerprint (a pattern would trust every key)', () => {
    const good = `SHA256:${'A'.repeat(43)}`;
    expect(buildPreset({ trustFingerprint: [good] }).get(`trust.${good}`)).toBe(true);
    for (const bad of ['*', 'SHA256:*', `SHA256:${'A'.repeat(42)}`, `MD5:${'A'.repeat(43)}`, `SHA256:${'A'.repeat(42)}$`]) {
      let err: unknown;
      try {
        buildPreset({ trustFingerprint: [bad] });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(ExitCode.usage);
      expect((err as UsageError).message).toContain('not a host key fingerprint');
    }
    expect(() => buildPreset({}, { 'trust-fingerprints': ['*'] })).toThrow(/not a host key fingerprint/);
  });
});
