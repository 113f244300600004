// Errors in an --answers file, in both languages: the field's path (or the file's top level), the yaml library's
// and zod's generic words replaced by ours, and a YAML error with its line and column, as validate says them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { readAnswersFile } from '../../../src/init/options.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-answers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => useLanguage('en'));

/** The error (message and hint) that reading `text` as an answers file gives. */
async function errorOf(text: string): Promise<string> {
  const file = path.join(dir, 'answers.yaml');
  fs.writeFileSync(file, text);
  const e = await readAnswersFile(file).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UsageError);
  return `${(e as UsageError).message}\n${(e as UsageError).hint ?? ''}`.replaceAll(file, 'answers.yaml');
}

const broken = {
  topLevel: 'cluster: web\nfoo: 1\n',
  notAMap: '- cluster\n',
  yaml: 'cluster: web\ncluster: db\n',
  types: 'cluster: [1]\nvrid: [51]\ntransport: broadcast\nhealth-path: 3\n',
};

/** Latin words that are not a key, a value of the file, a file name or a format's name. */
function strayEnglish(text: string): string[] {
  const allowed = /^(answers|yaml|YAML|JSON|hasetup|init|cluster|hosts|vip|vrid|foo|web|transport|unicast|multicast|broadcast|health-path)$/;
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/g) ?? []).filter((w) => !allowed.test(w));
}

describe('an --answers file with errors', () => {
  it('in English: names the field, or the top level, and says what is wrong in our words', async () => {
    expect(await errorOf(broken.topLevel)).toContain('answers.yaml: (top): unknown key(s) foo');
    expect(await errorOf(broken.notAMap)).toContain('answers.yaml: expected keys and values (cluster: web, vip: ...), got a list');
    expect(await errorOf(broken.yaml)).toContain('answers.yaml:2:1: not valid YAML or JSON: duplicate key');
    const types = await errorOf(broken.types);
    expect(types).toContain('answers.yaml: cluster: expected text, got a list');
    expect(types).toContain('answers.yaml: vrid: expected a number or text, got a list');
    expect(types).toContain('answers.yaml: transport: expected unicast or multicast, got the text "broadcast"');
  });

  it('in Chinese: every error in Chinese, with the top level named in Chinese and no English but keys and values', async () => {
    await useLanguage('zh-CN');
    expect(await errorOf(broken.topLevel)).toContain('answers.yaml：（文件顶层）：未知的键 foo');
    expect(await errorOf(broken.yaml)).toContain('answers.yaml:2:1：不是有效的 YAML 或 JSON（键重复）');
    const types = await errorOf(broken.types);
    expect(types).toContain('answers.yaml：vrid：应为数字或文本，实际为列表');
    for (const text of Object.values(broken)) expect(strayEnglish(await errorOf(text)), text).toEqual([]);
  });
});
