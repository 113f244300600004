// hasetup validate, driven through commander in-process.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../../../src/commands/validate.js';
import { ExitCode, UsageError } from '../../../src/errors.js';
import { inventoryJsonSchemaText } from '../../../src/inventory/jsonschema.js';
import { InventoryError } from '../../../src/inventory/load.js';

const root = path.join(import.meta.dirname, '../../..');

async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await validateCommand().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('hasetup validate', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the clusters and hosts of a valid inventory', async () => {
    const file = path.join(root, 'inventories/example.yaml');
    expect(await run([file])).toBe(`${file}: valid: 1 cluster(s): web (node1, node2)\n`);
  });

  it('lets the InventoryError through for the entry point to print (exit code 2)', async () => {
    const file = path.join(root, 'test/fixtures/inventories/invalid/two-masters.yaml');
    const err: unknown = await run([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryError);
    expect((err as InventoryError).exitCode).toBe(ExitCode.usage);
    expect((err as InventoryError).message).toContain(`${file}:14:15: clusters[0].hosts[1].role: a second host with role master`);
  });

  it('--print-schema prints the JSON Schema', async () => {
    expect(await run(['--print-schema'])).toBe(inventoryJsonSchemaText());
  });

  it('asks for a file when none is given', async () => {
    await expect(run([])).rejects.toBeInstanceOf(UsageError);
  });
});
