// hasetup validate: check an inventory without touching any host (schema and cross-field checks).
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';

export function validateCommand(): CommandUnknownOpts {
  return new Command('validate')
    .summary('check an inventory file without connecting to any host')
    .description(
      [
        'Check an inventory file without connecting to any host: YAML syntax, every',
        "field, and the rules across fields (VIP in the hosts' subnet; unique names,",
        'addresses, priorities and virtual_router_ids; VRRP version vs advert_int and',
        'auth). Every problem is listed as FILE:LINE:COL; exit code 2 when invalid.',
        '--print-schema prints the JSON Schema for editors (yaml-language-server).',
      ].join('\n'),
    )
    .argument('[inventory]', 'inventory file (YAML), e.g. inventories/example.yaml')
    .option('--print-schema', 'print the inventory JSON Schema instead of validating a file')
    .action(async (file, opts) => {
      if (opts.printSchema) {
        const { inventoryJsonSchemaText } = await import('../inventory/jsonschema.js');
        process.stdout.write(inventoryJsonSchemaText());
        return;
      }
      if (file === undefined) throw new UsageError('validate needs an inventory file', 'run: hasetup validate FILE (or --print-schema)');
      const [{ loadInventory }, { print }] = await Promise.all([import('../inventory/load.js'), import('../ui.js')]);
      const inventory = await loadInventory(file);
      const clusters = inventory.clusters.map((c) => `${c.name} (${c.hosts.map((h) => h.name).join(', ')})`).join(', ');
      print(`${file}: valid: ${inventory.clusters.length} cluster(s): ${clusters}`);
    });
}
