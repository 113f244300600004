import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseReleaseList, releaseOf, releasesForHosts } from '../../../src/lab/releases.js';

describe('lab releases', () => {
  it('gives each release its own Tomcat', () => {
    expect(releaseOf('bullseye').tomcat).toBe('tomcat9');
    expect(releaseOf('bookworm').tomcat).toBe('tomcat10');
    expect(releaseOf('trixie').tomcat).toBe('tomcat10');
  });

  it('defaults every host to the machine\'s own release', () => {
    expect(releasesForHosts(undefined, 3, 'bookworm')).toEqual(['bookworm', 'bookworm', 'bookworm']);
  });

  it('one release names every host; a list names one per host, in order', () => {
    expect(releasesForHosts('trixie', 2, 'bookworm')).toEqual(['trixie', 'trixie']);
    expect(releasesForHosts('bookworm, trixie', 2, 'bookworm')).toEqual(['bookworm', 'trixie']);
  });

  it('refuses a list that does not match the host count, with a hint', () => {
    const err = (() => {
      try {
        releasesForHosts('bookworm,trixie', 3, 'bookworm');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/2 releases for 3 hosts/);
  });

  it('refuses releases the lab does not build and names that are not names', () => {
    expect(() => parseReleaseList('buster', 'bookworm')).toThrow(/does not build buster/);
    expect(() => parseReleaseList('-rf', 'bookworm')).toThrow(/not a release name/);
    expect(parseReleaseList('noble', 'noble')).toEqual(['noble']); // the machine's own is always allowed
  });
});
