// The InventoryError parseInventory throws for a text (a test fails when the text is accepted).
import { InventoryError, parseInventory } from '../../src/inventory/load.js';

export function errorOf(text: string, file: string): InventoryError {
  try {
    parseInventory(text, file);
  } catch (err) {
    if (err instanceof InventoryError) return err;
    throw err;
  }
  throw new Error(`${file}: expected an InventoryError, but the inventory was accepted`);
}
