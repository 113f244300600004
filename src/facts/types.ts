// What is on a host, as read by one facts script (gather.ts). Pure data: the plan compares it with the
// desired state; nothing here talks to a host.

export type OsFamily = 'debian' | 'rhel' | 'unknown';
export type Firewall = 'firewalld' | 'ufw' | 'nftables' | 'iptables' | 'none';

export interface UnitState {
  /** `systemctl is-enabled` says enabled (or static/alias/indirect, which need no `enable`). */
  enabled: boolean;
  active: boolean;
}

export interface NftInputChain {
  family: string; // inet, ip, ...
  table: string;
  chain: string;
}

/** firewalld's zones as far as VRRP rules need them (read only when firewalld is active). */
export interface FirewalldFacts {
  defaultZone?: string;
  /** Interface -> the active zone it is bound to; an interface in none is in the default zone. */
  interfaceZones: Record<string, string>;
  /** Zone -> its rich rules, as `firewall-cmd [--permanent] --zone=Z --list-rich-rules` prints them. */
  runtime: Record<string, string[]>;
  permanent: Record<string, string[]>;
}

export interface HostFacts {
  os: { id: string; idLike: string; versionId: string; family: OsFamily };
  packageManager: 'apt' | 'dnf' | 'yum' | undefined;
  initSystem: 'systemd' | 'other';
  isRoot: boolean;
  interfaces: { name: string; addresses: string[] /* cidr */ }[];
  keepalived: {
    installed: boolean;
    version?: string;
    /** apt's candidate version when keepalived is not installed (what deploy would install). */
    candidate?: string;
    active: boolean;
    enabled: boolean;
    pid?: number;
  };
  tomcat: {
    /** Detected (or given) unit name without `.service`: tomcat10, tomcat9, tomcat, or a unit running catalina. */
    service?: string;
    active: boolean;
    mainPid?: number;
    javaPid?: number;
    /**
     * The unit's effective ExecStop= lines (values after `ExecStop=`), read from `systemctl cat` without
     * hasetup's own drop-ins. The drop-in re-states them after its own line so that ours runs first.
     */
    execStop: string[];
  };
  firewall: Firewall;
  /** Raw rule listing of the active firewall (firewalld rich rules, `ufw show added`, nft ruleset, iptables -S). */
  firewallRules: string;
  /** nftables only: the input-hook chain that could drop (where an accept rule must go). */
  nftInput?: NftInputChain;
  /** firewalld only: zones and their rich rules (runtime and permanent). */
  firewalld?: FirewalldFacts;
  /** ufw only: its version (`proto vrrp` needs 0.36.2) and hasetup's lines in /etc/ufw/before.rules. */
  ufw?: { version?: string; beforeRules: string[] };
  /** How this host keeps iptables rules over a reboot: netfilter-persistent (Debian) or /etc/sysconfig/iptables (EL). */
  iptablesPersistence?: 'netfilter-persistent' | 'sysconfig';
  selinux: 'enforcing' | 'permissive' | 'disabled';
  /** SELinux booleans hasetup cares about, name -> on. */
  selinuxBooleans: Record<string, boolean>;
  /** `systemd-detect-virt -c`: 'none' when not in a container (bare metal or a full VM). */
  virtualization: string;
  scriptUserExists: boolean;
  /** Programs the generated scripts need. */
  tools: { curl: boolean; bash: boolean };
  /** State of every managed unit under /etc/systemd/system that was in the path list, keyed by unit name. */
  units: Record<string, UnitState>;
  /** Current contents of every managed file; undefined = absent. */
  files: Record<string, string | undefined>;
}
