// The inventory shown in the README is a real one: it must pass the same validation as a user's file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../../src/inventory/load.js';

describe('README inventory example', () => {
  it('validates', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const inv = parseInventory(yaml!, 'README.md');
    expect(inv.clusters.map((c) => [c.name, c.hosts.map((h) => `${h.name}:${h.role}:${h.priority}`)])).toEqual([
      ['web', ['web1:master:150', 'web2:backup:100']],
    ]);
  });
});
