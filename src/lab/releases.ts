// The Debian releases the lab builds hosts of, and what differs between them (docs/lab-images.md). Pure.
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { joinList } from '../i18n/text.js';

export interface Release {
  suite: string;
  /** Debian's version number, for people: 11, 12, 13. */
  version: string;
  /** The release's Tomcat package, which is also its systemd unit and its /var/lib directory. */
  tomcat: string;
}

export const RELEASES: readonly Release[] = [
  { suite: 'bullseye', version: '11', tomcat: 'tomcat9' },
  { suite: 'bookworm', version: '12', tomcat: 'tomcat10' },
  { suite: 'trixie', version: '13', tomcat: 'tomcat10' },
];

/** A release the table does not know (the machine's own, say an Ubuntu one) is tried with tomcat10. */
export function releaseOf(suite: string): Release {
  return RELEASES.find((r) => r.suite === suite) ?? { suite, version: suite, tomcat: 'tomcat10' };
}

/**
 * `--release A` (every host) or `--release A,B,...` (one per host, in order) -> one suite per host.
 * `fallback` (the machine's own release) when the option is absent.
 */
export function releasesForHosts(value: string | undefined, hosts: number, fallback: string): string[] {
  if (value === undefined) return Array.from({ length: hosts }, () => fallback);
  const names = parseReleaseList(value, fallback);
  if (names.length === 1) return Array.from({ length: hosts }, () => names[0]!);
  if (names.length !== hosts) {
    throw new UsageError(t().lab.error.releaseCountMismatch({ releases: names.length, hosts }), t().lab.error.releaseCountMismatchHint({ first: names[0]! }));
  }
  return names;
}

/** `A,B,...` -> release names, each one the lab builds (the table's, or the machine's own). */
export function parseReleaseList(value: string, own: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  const known = RELEASES.map((r) => r.suite);
  for (const n of names) {
    const e = t().lab.error;
    if (!/^[a-z]{2,20}$/.test(n)) throw new UsageError(e.releaseNameInvalid({ name: JSON.stringify(n) }), e.releaseUseOneOf({ releases: joinList(known) }));
    if (!known.includes(n) && n !== own) {
      throw new UsageError(e.releaseNotBuilt({ name: n }), e.releaseNotBuiltHint({ releases: joinList(known), own }));
    }
  }
  return names;
}
