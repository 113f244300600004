// hasetup validate: check an inventory without touching any host (schema and cross-field checks).
import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { ExitCode, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { CommandResult } from './handler.js';

/** validate: the line that says the inventory is valid (bad input is thrown: file, line, field, exit code 2). */
export async function validateHandler(file: string | undefined): Promise<CommandResult> {
  const v = t().inventory.validate;
  if (file === undefined) throw new UsageError(v.needsInventoryFile, v.needsInventoryFileHint);
  const { loadInventory } = await import('../inventory/load.js');
  const inventory = await loadInventory(file);
  const clusters = inventory.clusters
    .map((c) => v.clusterWithHosts({ cluster: c.name, hosts: c.hosts.map((h) => h.name).join(v.hostListSeparator) }))
    .join(v.clusterListSeparator);
  return { lines: [v.inventoryValid({ file, count: String(inventory.clusters.length), clusters })], exitCode: ExitCode.ok };
}

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
      const [r, { print }] = await Promise.all([validateHandler(file), import('../ui.js')]);
      print(r.lines.join('\n'));
      process.exitCode = r.exitCode;
    });
}
