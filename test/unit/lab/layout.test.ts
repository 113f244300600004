import { describe, expect, it } from 'vitest';
import { freeIndex, labLayout } from '../../../src/lab/layout.js';
import { componentsFor, parseDeb822, parseOsRelease, parseSourcesList, pickMirror } from '../../../src/lab/mirror.js';

describe('lab layout', () => {
  it('puts each lab on its own /24 of 198.18.0.0/15 with short interface names', () => {
    const l = labLayout('lab', 3, 4, '/x');
    expect(l.subnet).toBe('198.18.3.0/24');
    expect(l.adminAddress).toBe('198.18.3.1');
    expect(l.vip).toBe('198.18.3.100');
    expect(l.hosts.map((h) => [h.name, h.address, h.netns])).toEqual([
      ['node1', '198.18.3.11', 'hs-lab-node1'],
      ['node2', '198.18.3.12', 'hs-lab-node2'],
      ['node3', '198.18.3.13', 'hs-lab-node3'],
      ['node4', '198.18.3.14', 'hs-lab-node4'],
    ]);
    // Linux interface names are at most 15 characters.
    for (const name of [l.adminVeth, ...l.hosts.map((h) => h.bridgePort)]) expect(name.length).toBeLessThanOrEqual(15);
    expect(labLayout('abcdefghij', 250, 8, '/x').adminVeth.length).toBeLessThanOrEqual(15);
    expect(l.keyFile).toBe('/x/labs/lab/id_ed25519');
  });

  it('refuses names that could reach a command line or a path', () => {
    for (const bad of ['', 'Lab', 'a b', 'a;reboot', '../x', 'abcdefghijk', '1lab']) {
      expect(() => labLayout(bad, 1, 2)).toThrow(/invalid lab name/);
    }
  });

  it('takes the lowest free subnet', () => {
    expect(freeIndex([])).toBe(1);
    expect(freeIndex([1, 2, 4])).toBe(3);
  });
});

describe('mirror from the machine apt sources', () => {
  const deb822 = `Types: deb
# http://snapshot.example/archive
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
`;
  it('reads deb822 sources and picks the release suite, not security', () => {
    const sources = parseDeb822(deb822);
    expect(sources).toHaveLength(2);
    expect(pickMirror(sources, 'bookworm')?.uri).toBe('http://mirror.example/debian');
    expect(pickMirror(sources, 'trixie')).toBeUndefined();
  });

  it('reads one-line sources.list, options and comments included', () => {
    const text = `# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/ubuntu noble main universe\ndeb-src http://m.example/ubuntu noble main\n`;
    const s = parseSourcesList(text);
    expect(s).toEqual([{ uri: 'http://m.example/ubuntu', suites: ['noble'], components: ['main', 'universe'] }]);
  });

  it('skips disabled stanzas and non-http sources', () => {
    const s = parseDeb822('Types: deb\nURIs: file:/srv/repo\nSuites: bookworm\n\nTypes: deb\nEnabled: no\nURIs: http://x.example/\nSuites: bookworm\n');
    expect(pickMirror(s, 'bookworm')).toBeUndefined();
  });

  it('knows the release and the components each distribution needs', () => {
    const deb = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_CODENAME=bookworm\n');
    expect(deb).toEqual({ id: 'debian', codename: 'bookworm' });
    expect(componentsFor(deb)).toEqual(['main']);
    const ubuntu = parseOsRelease('ID=ubuntu\nVERSION_CODENAME=noble\n');
    expect(componentsFor(ubuntu)).toEqual(['main', 'universe']);
  });
});
