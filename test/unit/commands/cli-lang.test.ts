// The program in Chinese: commander's own words (help titles, help/version options, errors) come from the catalog,
// help lines up by terminal columns (a CJK character takes two), an unknown --lang is refused with exit code 2,
// and the English output stays commander's own, word for word.
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, program } from '../../../src/cli.js';
import { joinSourceLines, loadLanguage, translateCommanderError } from '../../../src/i18n/commander.js';
import { displayWidth } from '../../../src/i18n/width.js';

const root = path.join(import.meta.dirname, '../../..');
const CJK = /[\u4e00-\u9fff]/;

/** The help of `hasetup ARGS --help` as commander writes it (80 columns, as on a pipe). */
function helpOf(args: string[]): string {
  let prog: CommandUnknownOpts = program();
  for (const name of args) prog = prog.commands.find((c) => c.name() === name)!;
  prog.configureOutput({ getOutHelpWidth: () => 80 });
  return prog.helpInformation();
}

/** The items of one help section ("选项：") as [term, description column, line] for each line. */
function section(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(title);
  expect(start, `${title} in\n${help}`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

/** The terminal column where each line's description starts (a term line: after the term; a continuation: after the indent). */
function descriptionColumns(lines: string[]): number[] {
  return lines.map((l) => {
    const m = /^( {2}\S+(?: \S+)*? {2,})\S/.exec(l) ?? /^( +)\S/.exec(l)!;
    return displayWidth(m[1]!);
  });
}

async function captureStderr(fn: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await fn(), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('hasetup --lang zh-CN --help', () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    await loadLanguage('en');
  });

  it('has Chinese titles and commander words', async () => {
    await loadLanguage('zh-CN');
    const help = helpOf([]);
    expect(help.startsWith('用法：hasetup [选项] [命令]\n')).toBe(true);
    for (const title of ['选项：', '命令：']) expect(help.split('\n')).toContain(title);
    expect(help).toMatch(/^ {2}-V, --version +显示版本号$/m);
    expect(help).toMatch(/^ {2}-h, --help +显示此命令的帮助$/m);
    expect(help).toMatch(/^ {2}help \[command\] +显示指定命令的帮助$/m);
    expect(help).not.toMatch(/Usage:|Options:|Commands:|display help|output the version/);
    expect(helpOf(['validate']).split('\n')).toContain('参数：');
  });

  it('lines the descriptions up by display width and wraps CJK text within 80 columns', async () => {
    await loadLanguage('zh-CN');
    for (const args of [[], ['validate'], ['lab'], ['deploy']]) {
      const help = helpOf(args);
      for (const title of ['选项：', '命令：']) {
        if (!help.split('\n').includes(title)) continue;
        const cols = descriptionColumns(section(help, title));
        expect(new Set(cols).size, `${args.join(' ')} ${title}\n${help}`).toBe(1);
      }
    }
    // validate's options are short: the Chinese --lang description wraps, by columns, never inside a word.
    const help = helpOf(['validate']);
    const options = section(help, '选项：');
    const lang = options.findIndex((l) => l.includes('--lang'));
    expect(options[lang + 1]).toMatch(/^ +\S/); // the description went on to a second line
    for (const line of help.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(options.join(' ')).toMatch(/LC_MESSAGES/); // no word is cut in two
    expect(help).toContain('检查清单文件 (inventory)，不连接任何主机');
  });

  it('joins source lines of a Chinese description without a space between CJK characters', () => {
    expect(joinSourceLines('第一行\n第二行 and\nmore\n\n段落')).toBe('第一行第二行 and more\n\n段落');
  });
});

describe("commander's errors", () => {
  afterEach(async () => {
    await loadLanguage('en');
  });

  const english = [
    "error: unknown option '--timng'\n(Did you mean --timings?)\n",
    "error: unknown command 'valdate'\n(Did you mean validate?)\n",
    "error: unknown command 'x'\n(Did you mean one of lab, ls?)\n",
    "error: missing required argument 'host'\n",
    "error: option '--parallel <n>' argument missing\n",
    "error: required option '--name <name>' not specified\n",
    "error: too many arguments. Expected 0 arguments but got 1.\n",
    "error: too many arguments for 'validate'. Expected 1 argument but got 2.\n",
    "error: option '--timing <preset>' argument 'slow' is invalid. Allowed choices are fast, standard, conservative.\n",
    "error: option '--parallel <n>' argument '0' is invalid. expected a whole number from 1.\n",
    "error: command-argument value 'x' is invalid for argument 'state'. Allowed choices are on, off.\n",
    "error: option '--a' cannot be used with environment variable 'B'\n",
    'error: something commander says that hasetup does not know\n',
  ];

  it('are unchanged in English', async () => {
    await loadLanguage('en');
    for (const text of english) expect(translateCommanderError(text)).toBe(text);
  });

  it('are Chinese in zh-CN, with the flags, names and values as typed', async () => {
    await loadLanguage('zh-CN');
    const zh = english.map(translateCommanderError);
    for (const [i, text] of zh.entries()) {
      expect(text.startsWith('错误：'), text).toBe(true);
      expect(text.endsWith('\n')).toBe(true);
      if (i < english.length - 1) expect(text, text).toMatch(CJK);
    }
    expect(zh[0]).toBe("错误：未知选项 '--timng'\n（要输入的是 --timings 吗？）\n");
    expect(zh[7]).toBe("错误：'validate' 的参数过多：最多 1 个参数，实际给了 2 个。\n");
    expect(zh[8]).toBe("错误：选项 '--timing <preset>' 的值 'slow' 无效：可选值为 fast, standard, conservative。\n");
    expect(zh[11]).toBe("错误：选项 '--a' 不能与 环境变量 'B' 同时使用\n");
  });

  it('reach stderr in Chinese through the program, with the usage pointer (exit code 2)', async () => {
    const { code, stderr } = await captureStderr(() => main(['node', 'hasetup', '--lang', 'zh-CN', 'validate', 'a', 'b']));
    expect(code).toBe(2);
    expect(stderr).toBe("错误：'validate' 的参数过多：最多 1 个参数，实际给了 2 个。\n（加 --help 查看用法）\n");
  });
});

describe('--lang with a language hasetup does not speak', () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    await loadLanguage('en');
  });

  it('exits 2 and names the value and the choices', async () => {
    vi.stubEnv('LC_ALL', '');
    vi.stubEnv('LC_MESSAGES', '');
    vi.stubEnv('LANG', 'en_US.UTF-8');
    const { code, stderr } = await captureStderr(() => main(['node', 'hasetup', '--lang', 'fr', 'validate', 'x.yaml']));
    expect(code).toBe(2);
    expect(stderr).toBe('error: --lang "fr" is not a language hasetup speaks: use en or zh-CN\n');
  });

  it('says so in the language of the environment', async () => {
    vi.stubEnv('LC_ALL', 'zh_CN.UTF-8');
    const { code, stderr } = await captureStderr(() => main(['node', 'hasetup', 'status', '--lang=klingon']));
    expect(code).toBe(2);
    expect(stderr).toBe('错误：--lang "klingon" 不是 hasetup 支持的语言：请使用 en 或 zh-CN\n');
  });
});

describe('hasetup --lang zh-CN validate, as a program', () => {
  /** Runs src/cli.ts as the hasetup program (through tsx: no build needed), without colours. */
  function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args],
        { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', LC_ALL: '', LC_MESSAGES: '', LANG: 'C', ...env } },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });
  }
  const bad = 'test/fixtures/inventories/invalid/two-masters.yaml';

  it('prints the inventory error in Chinese with its file:line:column and field path, exit code 2', async () => {
    const r = await cli(['--lang', 'zh-CN', 'validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, hint] = r.stderr.split('\n');
    expect(first).toMatch(new RegExp(`^错误：${bad.replace(/\./g, '\\.')}:14:15: clusters\\[0\\]\\.hosts\\[1\\]\\.role: `));
    expect(first).toContain('第二台 role 为 master 的主机（node1 已是主节点，第 11 行）');
    expect(hint).toBe('提示：inventories/example.zh-CN.yaml（带中文注释）列出了每个字段及其默认值');
  });

  it('speaks Chinese from LANG=zh_CN.UTF-8 too, and English otherwise', async () => {
    const zh = await cli(['validate', 'inventories/example.yaml'], { LANG: 'zh_CN.UTF-8' });
    expect(zh).toMatchObject({ code: 0, stdout: 'inventories/example.yaml: 有效，共 1 个集群：web（node1、node2）\n' });
    const en = await cli(['validate', 'inventories/example.yaml']);
    expect(en).toMatchObject({ code: 0, stdout: 'inventories/example.yaml: valid: 1 cluster(s): web (node1, node2)\n' });
    // two CLI processes in a row: more than vitest's 5 s default on a loaded machine
  }, 30_000);
});
