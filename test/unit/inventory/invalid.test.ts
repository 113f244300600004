// The invalid-inventory corpus: each file in test/fixtures/inventories/invalid starts with
//   # expect: <part of the message>
//   # at: LINE:COL            (optional: where the issue must point)
// so adding a case is adding a file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { errorOf } from '../../support/inventory-error.js';

const dir = path.join(import.meta.dirname, '../../fixtures/inventories/invalid');

interface Case {
  file: string;
  text: string;
  expectation: string;
  at?: string;
}

function readCase(file: string): Case {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const expectation = /^# expect: (.+)$/m.exec(text)?.[1];
  if (!expectation) throw new Error(`${file}: the first line must be "# expect: <part of the message>"`);
  return { file, text, expectation, at: /^# at: (\d+:\d+)$/m.exec(text)?.[1] };
}


const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map(readCase);

describe('invalid inventories', () => {
  it('has a corpus worth the name', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('$file', ({ file, text, expectation, at }) => {
    const err = errorOf(text, file);
    expect(err.exitCode).toBe(ExitCode.usage);
    expect(err.message).toContain(expectation);
    const line = err.message.split('\n').find((l) => l.includes(expectation));
    expect(line).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+: `));
    if (at) expect(line?.startsWith(`${file}:${at}: `), `expected at ${at}: ${line}`).toBe(true);
    // Each issue is one line of the message, with its position as fields too.
    expect(err.issues).toHaveLength(err.message.split('\n').length);
    const [l, c] = (at ?? '0:0').split(':').map(Number);
    if (at) expect(err.issues.some((i) => i.line === l && i.column === c && i.file === file)).toBe(true);
  });
});

describe('all issues at once', () => {
  it('reports every cross-field problem, sorted by position, not just the first', () => {
    const text = `clusters:
  - name: web
    virtual_router_id: 51
    vrrp:
      version: 2
      advert_int: 0.5
    vips:
      - address: 10.9.9.9/24
    tomcat:
      check_interval: 1
      check_timeout: 2
    hosts:
      - name: node1
        address: 192.0.2.11
      - name: node1
        address: 192.0.2.12
`;
    const err = errorOf(text, 'inv.yaml');
    expect(err.issues.map((i) => `${i.line}:${i.column} ${i.path}`)).toEqual([
      '6:19 clusters[0].vrrp.advert_int',
      '8:18 clusters[0].vips[0].address',
      '11:22 clusters[0].tomcat.check_timeout',
      '15:15 clusters[0].hosts[1].name',
    ]);
  });

  it('reports every schema problem at once', () => {
    const text = `clusters:
  - name: Web
    virtual_router_id: 0
    vips:
      - address: 192.0.2.100
    hosts:
      - name: node1
        address: 192.0.2.11
        ssh: { port: 0, agnet: true }
      - name: node2
`;
    const err = errorOf(text, 'inv.yaml');
    expect(err.message).toBe(
      [
        'inv.yaml:2:11: clusters[0].name: use 1 to 32 lower-case letters, digits and dashes, starting with a letter or digit',
        'inv.yaml:3:24: clusters[0].virtual_router_id: expected a whole number from 1 to 255, got 0',
        'inv.yaml:5:18: clusters[0].vips[0].address: expected address/prefix, such as 192.0.2.100/24',
        'inv.yaml:9:22: clusters[0].hosts[0].ssh.port: expected a whole number from 1 to 65535, got 0',
        'inv.yaml:9:25: clusters[0].hosts[0].ssh.agnet: unknown key "agnet" (did you mean "agent"?)',
        'inv.yaml:10:9: clusters[0].hosts[1]: missing required key "address" (an IPv4 address or DNS name): add it here',
      ].join('\n'),
    );
  });

  it('refuses a FIFO or a device as the inventory at once (reading one would block or never end)', async () => {
    const { loadInventory } = await import('../../../src/inventory/load.js');
    const fifo = path.join(mkdtempSync(path.join(os.tmpdir(), 'hasetup-fifo-')), 'inventory.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const file of [fifo, '/dev/zero']) {
      await expect(loadInventory(file)).rejects.toMatchObject({
        exitCode: ExitCode.usage,
        message: `cannot read inventory ${file}: not a regular file (a FIFO, a device or a directory)`,
      });
    }
  });

  it('reports a missing file as a usage error naming the file', async () => {
    const { loadInventory } = await import('../../../src/inventory/load.js');
    await expect(loadInventory('/nonexistent/inventory.yaml')).rejects.toMatchObject({
      exitCode: ExitCode.usage,
      message: 'cannot read inventory /nonexistent/inventory.yaml: no such file',
    });
  });
});
