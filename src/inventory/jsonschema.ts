// The inventory schema as JSON Schema, for editors (yaml-language-server: completion, hover, errors as you
// type). schema/inventory.schema.json is this output, committed; a unit test keeps the two equal.
// The JSON Schema covers single fields only: the cross-field checks (subnets, uniqueness) live in load.ts.
import * as z from 'zod';
import { inventorySchema } from './schema.js';

export const INVENTORY_SCHEMA_ID = 'urn:hasetup:schema:inventory:1';

export function inventoryJsonSchema(): object {
  // io 'input': the schema describes what a person writes, where every defaulted key is optional.
  const generated = z.toJSONSchema(inventorySchema, { io: 'input' });
  return {
    $schema: generated.$schema,
    $id: INVENTORY_SCHEMA_ID,
    title: 'hasetup inventory',
    description: 'Clusters of hosts that hasetup turns into keepalived active/standby pairs behind a virtual IP. Reference: inventories/example.yaml',
    ...generated,
  };
}

/** The committed file's exact text: `hasetup validate --print-schema > schema/inventory.schema.json` writes it. */
export function inventoryJsonSchemaText(): string {
  return JSON.stringify(inventoryJsonSchema(), null, 2) + '\n';
}
