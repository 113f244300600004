// The facts script's output, split once: the `@@kv` pairs, the other `@@name` blocks, and the files (`@@file PATH`
// with base64 lines, `@@absent PATH`). Every section's parser reads from this.

export interface FactsOutput {
  kv: Map<string, string>;
  blocks: Map<string, string[]>;
  files: Record<string, string | undefined>;
  /** The non-empty lines of block `name` (none when the block is missing). */
  block: (name: string) => string[];
}

export function splitOutput(output: string): FactsOutput {
  const kv = new Map<string, string>();
  const blocks = new Map<string, string[]>();
  const files: Record<string, string | undefined> = {};
  let section = '';
  let file: { path: string; b64: string[] } | undefined;
  const flush = () => {
    if (file) files[file.path] = Buffer.from(file.b64.join(''), 'base64').toString('utf8');
    file = undefined;
  };
  for (const line of output.split('\n')) {
    if (line.startsWith('@@file ')) {
      flush();
      file = { path: line.slice(7), b64: [] };
    } else if (line.startsWith('@@absent ')) {
      flush();
      files[line.slice(9)] = undefined;
    } else if (/^@@[a-z_]+$/.test(line)) {
      flush();
      section = line.slice(2);
    } else if (file) {
      file.b64.push(line.trim());
    } else if (section === 'kv') {
      const eq = line.indexOf('=');
      if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1).trim());
    } else if (section) {
      blocks.set(section, [...(blocks.get(section) ?? []), line]);
    }
  }
  flush();
  return { kv, blocks, files, block: (name) => (blocks.get(name) ?? []).filter((l) => l.trim() !== '') };
}
