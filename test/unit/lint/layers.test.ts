// The layer rules (eslint.layers.js) fail on what they forbid: a tree with a back import, a cycle and the
// known exceptions is linted with them, and the repo's own config is checked to carry them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');

interface LayersModule {
  LAYERS: string[][];
  KNOWN_BACK_IMPORTS: { file: string; imports: string }[];
  layerRules(root: string): Linter.Config[];
}

const files: Record<string, string> = {
  'src/commands/status.ts': "export const status = 'status';\n",
  'src/remote/host.ts': "export const host = 'host';\n",
  // Down the layers: allowed.
  'src/cluster/observe.ts': "import { host } from '../remote/host.js';\nexport const observe = host;\n",
  // Back up the layers: cluster/ is below commands/.
  'src/cluster/back.ts': "import { status } from '../commands/status.js';\nexport const back = status;\n",
  // A type import back up counts too.
  'src/cluster/back-type.ts': "import type { Later } from '../deploy/apply.js';\nexport const t: Later | undefined = undefined;\n",
  // A dynamic import back up counts too.
  'src/cluster/back-dynamic.ts': "export const later = () => import('../commands/status.js');\n",
  // A cycle inside one layer.
  'src/inventory/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'src/inventory/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  // The known exception allows its one import and no other.
  'src/deploy/generations.ts': "export const generations = 1;\n",
  'src/deploy/apply.ts': 'export type Later = number;\nexport const apply = 1;\n',
  'src/cluster/status-read.ts':
    "import { generations } from '../deploy/generations.js';\nimport { apply } from '../deploy/apply.js';\nexport const read = generations + apply;\n",
};

let tree: string;
let layers: LayersModule;

async function lint(): Promise<Map<string, string[]>> {
  const eslint = new ESLint({
    cwd: tree,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layers.layerRules(tree)],
  });
  const found = new Map<string, string[]>();
  for (const r of await eslint.lintFiles(['src/**/*.ts'])) {
    found.set(
      path.relative(tree, r.filePath),
      r.messages.map((m) => `${m.line}:${m.ruleId}`),
    );
  }
  return found;
}

describe('the layer rules', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    layers = (await import(pathToFileURL(path.join(repo, 'eslint.layers.js')).href)) as LayersModule;
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-layers-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      fs.writeFileSync(path.join(tree, file), text);
    }
  });
  afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

  it('fail on an import back up the layers (value, type or dynamic) and on a cycle, and pass the rest', async () => {
    const found = await lint();
    expect(found.get('src/cluster/back.ts')).toEqual(['1:import-x/no-restricted-paths']);
    expect(found.get('src/cluster/back-type.ts')).toEqual(['1:import-x/no-restricted-paths']);
    expect(found.get('src/cluster/back-dynamic.ts')).toEqual(['1:import-x/no-restricted-paths']);
    expect(found.get('src/inventory/a.ts')).toEqual(['1:import-x/no-cycle']);
    expect(found.get('src/inventory/b.ts')).toEqual(['1:import-x/no-cycle']);
    expect(found.get('src/cluster/observe.ts')).toEqual([]);
    // The exceptions list is empty since the read side of generations moved to cluster/: both back imports fail.
    expect(found.get('src/cluster/status-read.ts')).toEqual(['1:import-x/no-restricted-paths', '2:import-x/no-restricted-paths']);
  });

  it('name each known exception by a file and the one module it imports, both in src/', () => {
    const inLayers = new Set(layers.LAYERS.flat());
    for (const { file, imports } of layers.KNOWN_BACK_IMPORTS) {
      for (const p of [file, imports]) {
        expect(fs.existsSync(path.join(repo, p)), p).toBe(true);
        expect(inLayers.has(p.split('/')[1]!), p).toBe(true);
      }
    }
  });

  it('are part of the repo lint config for every file in src/', async () => {
    const eslint = new ESLint({ cwd: repo });
    for (const file of ['src/cluster/observe.ts', 'src/cli.ts', 'src/i18n/index.ts']) {
      const config = (await eslint.calculateConfigForFile(path.join(repo, file))) as Linter.Config;
      expect(config.rules?.['import-x/no-restricted-paths'], file).toEqual([2, expect.objectContaining({ basePath: repo })]);
      expect(config.rules?.['import-x/no-cycle'], file).toEqual([2, expect.anything()]);
    }
  });

  it('place every folder and top-level file of src/ in a layer', () => {
    const inLayers = new Set(layers.LAYERS.flat());
    const unplaced = fs
      .readdirSync(path.join(repo, 'src'))
      // types/ holds declarations of other packages' modules, imported by none of ours.
      .filter((name) => name !== 'types' && !inLayers.has(name));
    expect(unplaced).toEqual([]);
  });
});
