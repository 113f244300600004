// Limits on what an inventory may be: size, YAML features and counts that would otherwise crash or misconfigure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { InventoryError, loadInventory, MAX_INVENTORY_BYTES, parseInventory } from '../../../src/inventory/load.js';

function inventoryWithHosts(n: number): string {
  const hosts = Array.from({ length: n }, (_, i) => `      - name: n${i}\n        address: 10.1.${Math.floor(i / 250)}.${(i % 250) + 1}\n`).join('');
  return `clusters:\n  - name: big\n    virtual_router_id: 51\n    vips:\n      - address: 10.1.255.250/16\n    hosts:\n${hosts}`;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('inventory limits', () => {
  it('accepts 101 hosts (the last default backup priority is 1) and refuses 102 with a line', () => {
    const ok = parseInventory(inventoryWithHosts(101), 'big.yaml');
    expect(ok.clusters[0]!.hosts.at(-1)!.priority).toBe(1);
    const err = caught(() => parseInventory(inventoryWithHosts(102), 'big.yaml'));
    expect(err).toBeInstanceOf(InventoryError);
    const issues = (err as InventoryError).issues;
    expect(issues.map((i) => [i.path, i.line])).toEqual([['clusters[0].hosts[101]', 209]]);
    expect(issues[0]!.message).toContain('priority 0 by default');
  });

  it('refuses text over 1 MiB before parsing it', () => {
    const text = `# ${'x'.repeat(MAX_INVENTORY_BYTES)}\n`;
    const err = caught(() => parseInventory(text, 'huge.yaml'));
    expect(err).toBeInstanceOf(InventoryError);
    expect((err as InventoryError).exitCode).toBe(ExitCode.usage);
    expect((err as InventoryError).message).toMatch(/^huge\.yaml:1:1: the file is \d+ bytes, more than the 1048576/);
  });

  it('refuses a file over 1 MiB without reading it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-limits-'));
    const file = path.join(dir, 'huge.yaml');
    fs.writeFileSync(file, Buffer.alloc(MAX_INVENTORY_BYTES + 1, 0x20));
    await expect(loadInventory(file)).rejects.toThrow(/more than the 1048576 an inventory may have/);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses an alias bomb quickly, with every alias and anchor named', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const err = caught(() => parseInventory(text, 'bomb.yaml'));
    expect(err).toBeInstanceOf(InventoryError);
    expect((err as InventoryError).issues.filter((i) => i.message.includes('alias'))).toHaveLength(110);
    expect((err as InventoryError).issues.filter((i) => i.message.includes('anchor'))).toHaveLength(12);
  });
});
