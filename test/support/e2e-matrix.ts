// Which releases and firewalls the e2e tests run live. The default run (npm test, CI) takes one
// representative per axis; HASETUP_E2E_MATRIX=1 (npm run test:matrix) takes all of them. README: Development.
export const FULL_MATRIX = process.env.HASETUP_E2E_MATRIX === '1';

/** Lab pairs: one release per host. */
export const RELEASE_PAIRS: string[][] = FULL_MATRIX
  ? [
      ['bookworm', 'trixie'],
      ['bullseye', 'bullseye'],
      ['trixie', 'trixie'],
    ]
  : [['bookworm', 'trixie']];

/** Firewalls (with default deny) on a pair of one release. */
export const FIREWALL_CASES: { firewall: string; release: string }[] = FULL_MATRIX
  ? [
      { firewall: 'ufw', release: 'bookworm' },
      { firewall: 'firewalld', release: 'bookworm' },
      { firewall: 'iptables', release: 'bookworm' },
      { firewall: 'ufw', release: 'bullseye' }, // ufw 0.36: no proto vrrp, before.rules instead
      { firewall: 'firewalld', release: 'trixie' },
      { firewall: 'nftables', release: 'bookworm' }, // the lab's own nftables.conf (deploy.test.ts has a hand-made one)
    ]
  : [{ firewall: 'ufw', release: 'bookworm' }];

/** Every release these tests need (the other tests use the machine's own): the global setup builds them first. */
export function releasesNeeded(): string[] {
  return [...new Set([...RELEASE_PAIRS.flat(), ...FIREWALL_CASES.map((c) => c.release)])];
}
