// cmd`...`: every value quoted by construction. Checked by running what it builds with the local /bin/sh
// (what sshd does with a command line is `$SHELL -c LINE`), with values that would break an unquoted line.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cmd, joinCommands, raw, script } from '../../../src/remote/command.js';
import { RecordingHost } from '../../support/fake-host.js';
import { tricky } from '../../fixtures/tricky-strings.js';

const argvOf = (line: string): string[] => {
  const r = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\0').slice(0, -1);
};

describe('cmd`...`', () => {
  it('makes each interpolated value exactly one word, whatever it holds', () => {
    for (const s of tricky) expect(argvOf(cmd`printf '%s\\0' ${s}`.text)).toEqual([s]);
  });

  it('turns an array into one quoted word per element', () => {
    expect(argvOf(cmd`printf '%s\\0' ${tricky}`.text)).toEqual(tricky);
    expect(cmd`install -d ${['/a', 'b c']}`.text).toBe("install -d /a 'b c'");
    expect(cmd`echo ${[]}end`.text).toBe('echo end');
  });

  it('runs nothing a value holds: $(), backticks, ;, newlines stay text', () => {
    const hostile = '$(echo pwned); `echo pwned`\necho pwned';
    expect(argvOf(cmd`printf '%s\\0' ${hostile} ${hostile}`.text)).toEqual([hostile, hostile]);
  });

  it('keeps a value starting with - one word, after the -- its call site puts before it', () => {
    expect(argvOf(cmd`printf '%s\\0' -- ${'-rf'} ${'--all'}`.text)).toEqual(['--', '-rf', '--all']);
  });

  it('leaves plain words and numbers as they are, so commands stay readable', () => {
    expect(cmd`systemctl restart ${'hasetup-watchdog-web.service'}`.text).toBe('systemctl restart hasetup-watchdog-web.service');
    expect(cmd`sleep ${0.5}; exit ${3}`.text).toBe('sleep 0.5; exit 3');
    expect(cmd`ls ${''}`.text).toBe("ls ''");
    expect(cmd`rm -f ${"it's"}`.text).toBe("rm -f 'it'\\''s'");
  });

  it('keeps nested commands and raw() fragments as they are (they are trusted shell syntax)', () => {
    const inner = cmd`echo ${'a b'}`;
    expect(cmd`${inner} ${raw('2>/dev/null')} || true`.text).toBe("echo 'a b' 2>/dev/null || true");
    // A command as a value of sh -c: its text is quoted once more, as one word.
    expect(argvOf(cmd`sh -c ${inner.text} | tr '\\n' '\\0'`.text)).toEqual(['a b']);
  });

  it('refuses values that are neither words nor commands', () => {
    const bad = [undefined, null, true, { text: 'rm -rf /' }, [['nested']]] as unknown[];
    for (const v of bad) expect(() => cmd`echo ${v as string}`).toThrow(TypeError);
  });

  it('joins commands and builds scripts with a final newline', () => {
    const parts = [cmd`echo ${'one'}`, cmd`echo ${'two words'}`];
    expect(joinCommands(parts, ' && ').text).toBe("echo one && echo 'two words'");
    expect(script(parts).text).toBe("echo one\necho 'two words'\n");
    expect(spawnSync('/bin/sh', ['-s'], { input: script(parts).text, encoding: 'utf8' }).stdout).toBe('one\ntwo words\n');
  });

  it('is the only thing RemoteHost.run accepts', async () => {
    const host = new RecordingHost('h1', '198.18.1.11');
    // @ts-expect-error a plain string is not a ShellCommand: it does not compile
    const refused = () => host.run('id -u');
    expect(typeof refused).toBe('function');
    await host.run(cmd`id -u`);
    // @ts-expect-error a string built by hand does not compile either, even from a ShellCommand's text
    const alsoRefused = () => host.run(`${cmd`id`.text} -u`);
    expect(typeof alsoRefused).toBe('function');
    expect(host.commands).toEqual(['id -u']);
  });
});
