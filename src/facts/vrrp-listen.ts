// Listens for VRRP adverts on a host's segment for a few seconds: which routers (VRIDs) already speak
// there, and from where. Uses perl (perl-base is on every Debian/Ubuntu host; on hosts without perl the
// check is skipped with a warning) with a raw socket for IP protocol 112.
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';

export interface AdvertSeen {
  source: string;
  vrid: number;
  priority: number;
  version: number;
}

const LISTENER = String.raw`
use Socket;
my $secs = shift;
socket(my $s, PF_INET, SOCK_RAW, 112) or die "raw socket: $!\n";
# Multicast adverts (224.0.0.18) reach us only once the host has joined the group.
eval { setsockopt($s, IPPROTO_IP, IP_ADD_MEMBERSHIP, pack_ip_mreq(inet_aton("224.0.0.18"), INADDR_ANY)) };
# Time::HiRes (package perl, not perl-base) when there: the built-in time() counts whole seconds, which would
# stretch a 1.2 s listen to anything up to 2.2 s.
my $now = eval { require Time::HiRes; \&Time::HiRes::time } || sub { time };
my $end = $now->() + $secs;
my %seen;
while ($now->() < $end) {
  my $rin = ''; vec($rin, fileno($s), 1) = 1;
  next unless select(my $rout = $rin, undef, undef, 0.2);
  my $from = recv($s, my $buf, 2048, 0) or next;
  my $ihl = (ord(substr($buf, 0, 1)) & 15) * 4;
  my $src = join('.', unpack('C4', substr($buf, 12, 4)));
  my ($vt, $vrid, $prio) = unpack('C3', substr($buf, $ihl, 3));
  my $key = "$src $vrid";
  next if $seen{$key}++;
  printf "%s %d %d %d\n", $src, $vrid, $prio, $vt >> 4;
}
`;

export function parseAdverts(out: string): AdvertSeen[] {
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 4 && /^\d+\.\d+\.\d+\.\d+$/.test(p[0]!))
    .map(([source, vrid, priority, version]) => ({ source: source!, vrid: Number(vrid), priority: Number(priority), version: Number(version) }));
}

/** Adverts heard on the host within `seconds`, or undefined when the host has no perl to listen with. */
export async function listenForAdverts(host: RemoteHost, seconds: number): Promise<AdvertSeen[] | undefined> {
  const r = await host.run(cmd`command -v perl >/dev/null || { echo no-perl; exit 0; }; perl -e ${LISTENER} ${seconds}`, {
    timeoutMs: (seconds + 10) * 1000,
  });
  if (r.stdout.trim() === 'no-perl' || r.code !== 0) return undefined;
  return parseAdverts(r.stdout);
}

/**
 * Like listenForAdverts, but only on a host without `configFile` (a first deploy): there it listens, elsewhere it
 * returns 'configured' at once. Lets deploy start listening beside the facts instead of after them.
 */
export async function listenUnlessConfigured(host: RemoteHost, seconds: number, configFile: string): Promise<AdvertSeen[] | undefined | 'configured'> {
  const r = await host.run(
    cmd`if [ -e ${configFile} ]; then echo @@configured; exit 0; fi; command -v perl >/dev/null || { echo no-perl; exit 0; }; perl -e ${LISTENER} ${seconds}`,
    { timeoutMs: (seconds + 10) * 1000 },
  );
  if (r.stdout.trim() === '@@configured') return 'configured';
  if (r.stdout.trim() === 'no-perl' || r.code !== 0) return undefined;
  return parseAdverts(r.stdout);
}
