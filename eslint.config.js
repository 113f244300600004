// Type-aware linting: the rule that matters most here is no-floating-promises (an unawaited SSH call
// or restore step is a host left in an unknown state).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRules } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    // Remote commands are built with cmd`...` (src/remote/command.ts): RemoteHost.run takes only its ShellCommand,
    // and raw() takes only a string literal, so no value reaches a command line unquoted.
    files: ['src/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='raw']:not([arguments.0.type='Literal']):not([arguments.0.type='TemplateLiteral'][arguments.0.expressions.length=0])",
          message: 'raw() is for constant shell fragments only: pass a string literal, and interpolate values with cmd`...`.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/remote/command.ts', 'src/remote/ssh.ts', 'src/render/render.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/remote/shell.js', './shell.js'], message: 'build remote commands with cmd`...` from src/remote/command.ts' }] },
      ],
    },
  },
  {
    // Small functions with one job (issue 19): a function that grows past 80 lines is split, not waved through.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  // ARCHITECTURE.md's layers: no import back up, no import cycle.
  ...layerRules(import.meta.dirname),
  { files: ['eslint.config.js', 'eslint.layers.js'], ...tseslint.configs.disableTypeChecked },
);
