// ARCHITECTURE.md's layers as lint rules: a module imports only from its own layer or the layers below it,
// and no import cycle. `npm run lint` runs them with the rest (eslint.config.js); test/unit/lint/layers.test.ts
// plants a back import and a cycle and checks that they fail. Moving a module or adding a folder to src/:
// put it in LAYERS and in ARCHITECTURE.md, the same place in both.
import importX from 'eslint-plugin-import-x';

/** Top to bottom; each entry is one layer, a list of folders and files under src/. */
export const LAYERS = [
  ['cli.ts', 'launcher.ts'],
  ['commands'],
  ['init', 'report'],
  // Switchover and maintenance.
  ['day-two'],
  ['failover'],
  ['deploy'],
  // The experiment harness (probe, watch, markers) that failover-test, switchover and deploy's verify share.
  ['experiment'],
  ['cluster'],
  ['facts', 'render'],
  ['session.ts'],
  ['remote', 'lab'],
  ['inventory'],
  [
    'concurrency.ts',
    'errors.ts',
    'exec.ts',
    'hostpaths.ts',
    'http-status.ts',
    'ipv4.ts',
    'paths.ts',
    'poll.ts',
    'progress.ts',
    'startup',
    'testing',
    'timings.ts',
    'ui.ts',
    'version.ts',
    'vrrp-timing.ts',
  ],
  ['i18n'],
];

/**
 * Imports that run against the layers today and are being removed (issue 19, item 2). Each is allowed for the
 * one file named, and only that import: delete an entry once its import is gone.
 */
export const KNOWN_BACK_IMPORTS = [];

/**
 * Layers inside a folder, top to bottom, checked the same way: deploy/plan.ts calls the planners, so a planner
 * never imports plan.ts (with type imports too, which no-cycle does not follow).
 */
const INNER_LAYERS = [[['deploy/plan.ts'], ['deploy/planners']]];

const src = (p) => `src/${p}`;

/** One zone per (layer, path above it), so that an exception names the one path it is relative to. */
function zones(exceptionsFor) {
  const out = [];
  const add = (layers, what) => {
    layers.forEach((layer, i) => {
      for (const above of layers.slice(0, i).flat()) {
        const except = exceptionsFor(src(above));
        out.push({
          target: layer.map(src),
          from: src(above),
          ...(except.length > 0 ? { except } : {}),
          message: `${layer.join(', ')} ${layer.length > 1 ? 'are' : 'is'} below ${above} in ${what}: import only from the same layer or below (ARCHITECTURE.md).`,
        });
      }
    });
  };
  add(LAYERS, "src/'s layers");
  for (const inner of INNER_LAYERS) add(inner, 'its folder');
  return out;
}

/** The layer rules for eslint.config.js; `root` is the directory the src/ paths are relative to. */
export function layerRules(root) {
  const restrictedPaths = (exceptionsFor) => ['error', { basePath: root, zones: zones(exceptionsFor) }];
  return [
    {
      files: ['src/**/*.ts'],
      plugins: { 'import-x': importX },
      settings: {
        // no-cycle reads the imported modules: TypeScript files, with the parser of the file being linted.
        'import-x/extensions': ['.ts'],
        // import './x.js' means ./x.ts here (TypeScript's NodeNext resolution).
        'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } })],
      },
      rules: {
        'import-x/no-restricted-paths': restrictedPaths(() => []),
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
      },
    },
    ...[...new Set(KNOWN_BACK_IMPORTS.map((k) => k.file))].map((file) => ({
      files: [file],
      rules: {
        'import-x/no-restricted-paths': restrictedPaths((from) =>
          KNOWN_BACK_IMPORTS.filter((k) => k.file === file && (k.imports === from || k.imports.startsWith(`${from}/`))).map(
            (k) => `./${k.imports.slice(from.length + 1)}`,
          ),
        ),
      },
    })),
  ];
}
