// The committed JSON Schema must be what the code generates, so editors see the schema the CLI enforces.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryJsonSchema, inventoryJsonSchemaText } from '../../../src/inventory/jsonschema.js';

const root = path.join(import.meta.dirname, '../../..');

describe('inventory JSON Schema', () => {
  it('schema/inventory.schema.json is up to date (regenerate: hasetup validate --print-schema > schema/inventory.schema.json)', () => {
    expect(readFileSync(path.join(root, 'schema/inventory.schema.json'), 'utf8')).toBe(inventoryJsonSchemaText());
  });

  it('names itself and rejects unknown keys, like the loader', () => {
    const schema = inventoryJsonSchema() as { $id: string; title: string; additionalProperties: boolean; required: string[] };
    expect(schema.$id).toMatch(/inventory/);
    expect(schema.title).toBe('hasetup inventory');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['clusters']);
  });

  it('is the schema the example inventory points editors at', () => {
    const example = readFileSync(path.join(root, 'inventories/example.yaml'), 'utf8');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/inventory.schema.json');
  });
});
