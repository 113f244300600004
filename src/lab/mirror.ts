// The image is built from the same distribution and mirror as the machine itself uses: read from its
// apt sources (deb822 .sources files or the one-line sources.list), never written into the project.

export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
}

/** Parses deb822 (`*.sources`) text: stanzas of `Key: value` lines separated by blank lines. */
export function parseDeb822(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      if (/^\s*#/.test(line)) continue;
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m?.[1] && m[2] !== undefined) fields.set(m[1].toLowerCase(), m[2].trim());
    }
    const types = (fields.get('types') ?? '').split(/\s+/);
    if (!types.includes('deb') || fields.get('enabled') === 'no') continue;
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      out.push({
        uri,
        suites: (fields.get('suites') ?? '').split(/\s+/).filter(Boolean),
        components: (fields.get('components') ?? '').split(/\s+/).filter(Boolean),
      });
    }
  }
  return out;
}

/** Parses one-line-style `sources.list` text (`deb [options] URI suite component...`). */
export function parseSourcesList(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    out.push({ uri: m[1], suites: [m[2]], components: (m[3] ?? '').split(/\s+/).filter(Boolean) });
  }
  return out;
}

/**
 * The mirror that serves `suite` itself (not -security or -updates), over plain http(s).
 * Returns undefined when the sources name none.
 */
export function pickMirror(sources: AptSource[], suite: string): AptSource | undefined {
  return sources.find((s) => /^https?:\/\//.test(s.uri) && s.suites.includes(suite));
}

export interface OsRelease {
  id: string; // debian, ubuntu
  codename: string; // bookworm, noble
}

export function parseOsRelease(text: string): OsRelease {
  const get = (k: string) => new RegExp(`^${k}=("?)([^"\\n]*)\\1$`, 'm').exec(text)?.[2] ?? '';
  const codename = get('VERSION_CODENAME') || get('UBUNTU_CODENAME');
  return { id: get('ID'), codename };
}

/** Components the image needs: Ubuntu keeps keepalived and tomcat10 in universe. */
export function componentsFor(os: OsRelease): string[] {
  return os.id === 'ubuntu' ? ['main', 'universe'] : ['main'];
}
