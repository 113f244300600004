// Unit-file values escaped by systemd's rules: % doubled everywhere, $ doubled in Exec lines, quotes and
// backslashes as C escapes inside single quotes, line breaks refused.
import { describe, expect, it } from 'vitest';
import { cmd } from '../../../src/remote/command.js';
import { execShell, execWord, unitValue, unitWord } from '../../../src/render/systemd.js';

describe('unit-file values', () => {
  it('doubles % so systemd reads no specifier', () => {
    expect(unitValue('100% tomcat (%n)')).toBe('100%% tomcat (%%n)');
    expect(unitValue(8080)).toBe('8080');
  });

  it('refuses line breaks, NUL and a trailing backslash (they end or continue the line)', () => {
    for (const v of ['a\nExecStartPre=/bin/evil', 'a\rb', 'a\0b', 'ends with \\']) expect(() => unitValue(v)).toThrow(/refusing/);
    for (const v of ['a\nb', 'a\0b']) {
      expect(() => unitWord(v)).toThrow(/refusing/);
      expect(() => execWord(v)).toThrow(/refusing/);
    }
  });
});

describe('Exec line words', () => {
  it('leaves plain words alone', () => {
    expect(execWord('/usr/libexec/hasetup/watchdog_web.sh')).toBe('/usr/libexec/hasetup/watchdog_web.sh');
    expect(execWord('-c')).toBe('-c');
  });

  it('quotes the rest, escaping backslashes and quotes, doubling % and $', () => {
    expect(execWord('two words')).toBe("'two words'");
    expect(execWord("it's")).toBe("'it\\'s'");
    expect(execWord('back\\slash')).toBe("'back\\\\slash'");
    expect(execWord('"double"')).toBe("'\"double\"'");
    expect(execWord('$HOME %n')).toBe("'$$HOME %%n'");
    expect(execWord('$(id) `id`')).toBe("'$$(id) `id`'");
    expect(unitWord('$HOME %n')).toBe("'$HOME %%n'"); // $ means nothing outside Exec lines
    expect(execWord('-rf')).toBe('-rf');
  });

  it('refuses a lone semicolon (systemd separates commands on it)', () => {
    expect(() => execWord(';')).toThrow(/separator/);
    expect(execWord('a; b')).toBe("'a; b'");
  });

  it('runs a shell command with /bin/sh -c, the command one word, with a systemd prefix', () => {
    expect(execShell(cmd`ip -4 addr del ${'198.18.1.100/24'} dev ${'eth0'} 2>/dev/null; exit 0`, '-')).toBe(
      "-/bin/sh -c 'ip -4 addr del 198.18.1.100/24 dev eth0 2>/dev/null; exit 0'",
    );
    expect(execShell(cmd`echo ${"it's 100%"} $x`, '+')).toBe("+/bin/sh -c 'echo \\'it\\'\\\\\\'\\'s 100%%\\' $$x'");
  });
});
