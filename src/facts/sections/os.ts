// The distribution, from /etc/os-release: its id, what it is like, its version, and the family the plan knows.
import { cmd } from '../../remote/command.js';
import type { OsFamily } from '../types.js';
import type { FactSection } from './section.js';

function osFamily(id: string, idLike: string): OsFamily {
  const words = `${id} ${idLike}`.toLowerCase().split(/\s+/);
  if (words.some((w) => w === 'debian' || w === 'ubuntu')) return 'debian';
  if (words.some((w) => ['rhel', 'centos', 'fedora', 'rocky', 'almalinux', 'ol'].includes(w))) return 'rhel';
  return 'unknown';
}

export const os: FactSection<'os'> = {
  kv: () => cmd`if [ -r /etc/os-release ]; then
  ( . /etc/os-release; kv os_id "\${ID:-}"; kv os_id_like "\${ID_LIKE:-}"; kv os_version_id "\${VERSION_ID:-}" )
fi`,
  parse: ({ kv }) => {
    const id = kv.get('os_id') ?? '';
    const idLike = kv.get('os_id_like') ?? '';
    return { os: { id, idLike, versionId: kv.get('os_version_id') ?? '', family: osFamily(id, idLike) } };
  },
};
