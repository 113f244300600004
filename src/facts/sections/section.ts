// One fact of the facts script (in the spirit of pyinfra's facts): the lines that read it and the parser of what
// they print, side by side. gather.ts runs every section's probe in one script (one round trip) and merges the
// parsers' results into HostFacts. A probe prints in one of three places, in this order in the script:
//   kv           `kv NAME VALUE` pairs in the @@kv block, before the unit table is read;
//   kvAfterUnits the same, for pairs that need the unit table ($sd, unit_field: sections/units.ts);
//   blocks       its own `@@name` blocks after the pairs.
import type { ShellCommand } from '../../remote/command.js';
import type { HostFacts } from '../types.js';
import type { FactsOutput } from './output.js';

export interface FactsOptions {
  /** The Tomcat unit named in the inventory; without it the script looks for tomcat10, tomcat9, tomcat, catalina. */
  tomcatService?: string;
}

/** What a probe may depend on: the managed paths asked for and the options. */
export interface ProbeContext {
  paths: string[];
  opts: FactsOptions;
}

export interface FactSection<K extends keyof HostFacts = keyof HostFacts> {
  kv?: (ctx: ProbeContext) => ShellCommand;
  kvAfterUnits?: (ctx: ProbeContext) => ShellCommand;
  blocks?: (ctx: ProbeContext) => ShellCommand;
  parse: (out: FactsOutput) => Pick<HostFacts, K>;
}
