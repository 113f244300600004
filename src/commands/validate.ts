// hasetup validate: check an inventory without touching any host (schema and cross-field checks).
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';

export function validateCommand(): CommandUnknownOpts {
  const v = t().inventory.validate;
  return new Command('validate')
    .summary(v.summary)
    .description(v.description)
    .argument('[inventory]', v.inventoryArgument)
    .option('--print-schema', v.printSchemaOption)
    .action(async (file, opts) => {
      if (opts.printSchema) {
        const { inventoryJsonSchemaText } = await import('../inventory/jsonschema.js');
        process.stdout.write(inventoryJsonSchemaText());
        return;
      }
      if (file === undefined) throw new UsageError(v.needsInventoryFile, v.needsInventoryFileHint);
      const [{ loadInventory }, { print }] = await Promise.all([import('../inventory/load.js'), import('../ui.js')]);
      const inventory = await loadInventory(file);
      const clusters = inventory.clusters
        .map((c) => v.clusterWithHosts({ cluster: c.name, hosts: c.hosts.map((h) => h.name).join(v.hostListSeparator) }))
        .join(v.clusterListSeparator);
      print(v.inventoryValid({ file, count: String(inventory.clusters.length), clusters }));
    });
}
