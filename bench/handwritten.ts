// The hand-written keepalived.conf files the failover benchmark compares hasetup with: the classic tutorial
// one, and the same tutorial tuned for speed (VRRPv3, advert_int 0.1, unicast, a 1 s check with fall 1 rise 1).
// The tuned one separates what fast timers give from what hasetup's own mechanisms give (watchdog, track_file,
// the Tomcat unit's hooks, max_auto_priority, gratuitous ARP after a partition).
//
// One addition is in no tutorial, and changes nothing in how keepalived fails over: a notify script that
// appends each state change to the transitions log hasetup's own notify script keeps. failover-test reads that
// log to learn what a master did while no session could watch it (host-crash: it took the VIP back while it
// booted); without it, a hand-written config fails host-crash for want of a measurement, not of a failback.
import fs from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

export interface LabCluster {
  /** the cluster's name (the lab's name): it names the transitions log */
  name: string;
  vrid: number;
  /** with its /prefix */
  vip: string;
  hosts: { name: string; address: string }[];
}

export async function readLabInventory(file: string): Promise<LabCluster> {
  const doc = parseYaml(await fs.readFile(file, 'utf8')) as {
    clusters: { name: string; virtual_router_id: number; vips: { address: string }[]; hosts: { name: string; address: string }[] }[];
  };
  const c = doc.clusters[0];
  if (!c?.vips[0]) throw new Error(`${file}: no cluster with a VIP`);
  if (!/^[a-z][a-z0-9-]*$/.test(c.name)) throw new Error(`${file}: unexpected cluster name ${JSON.stringify(c.name)}`);
  return { name: c.name, vrid: c.virtual_router_id, vip: c.vips[0].address, hosts: c.hosts.map((h) => ({ name: h.name, address: h.address })) };
}

/** Where the measurement aid lives on each host (root-owned, 0755: enable_script_security accepts it). */
export const TRANSITIONS_SCRIPT = '/usr/local/sbin/bench-transitions';

/** The measurement aid: "<epoch seconds.ns> <STATE>" appended to the cluster's transitions log, as hasetup's notify does. */
export function transitionsScript(c: LabCluster): string {
  return `#!/bin/sh
# Measurement aid of bench/failover.ts (not part of the config under test): logs each VRRP state change
# where failover-test looks for what a host did while it could not be watched.
dir=/var/lib/hasetup/${c.name}
mkdir -p "$dir"
printf '%s %s\\n' "$(date +%s.%N)" "\${3:-UNKNOWN}" >> "$dir/transitions.log"
exit 0
`;
}

interface Knobs {
  /** VRRP version: 3 allows advert_int below 1 s */
  version: 2 | 3;
  advertInt: number;
  checkInterval: number;
  fall: number;
  rise: number;
  unicast: boolean;
}

const TUTORIAL: Knobs = { version: 2, advertInt: 1, checkInterval: 2, fall: 2, rise: 2, unicast: false };
const TUNED: Knobs = { version: 3, advertInt: 0.1, checkInterval: 1, fall: 1, rise: 1, unicast: true };

/**
 * A tutorial-style keepalived.conf for host `index` of the cluster (0 is the master: state MASTER, priority
 * 150; the others BACKUP, 100). A curl check of the health page, tracked by the instance. `script_user root`
 * so the check runs under enable_script_security without creating a user.
 */
function handWritten(c: LabCluster, index: number, k: Knobs): string {
  const self = c.hosts[index];
  if (!self) throw new Error(`no host ${index} in the cluster`);
  const master = index === 0;
  const unicast = k.unicast
    ? `    unicast_src_ip ${self.address}
    unicast_peer {
${c.hosts
  .filter((_, i) => i !== index)
  .map((h) => `        ${h.address}`)
  .join('\n')}
    }
`
    : '';
  return `global_defs {
    enable_script_security
    script_user root
}

vrrp_script chk_tomcat {
    script "/usr/bin/curl -sf -o /dev/null http://127.0.0.1:8080/host.txt"
    interval ${k.checkInterval}
    fall ${k.fall}
    rise ${k.rise}
}

vrrp_instance VI_1 {
    state ${master ? 'MASTER' : 'BACKUP'}
    interface eth0
    virtual_router_id ${c.vrid}
    priority ${master ? 150 : 100}
${k.version === 3 ? '    version 3\n' : ''}    advert_int ${k.advertInt}
${unicast}    virtual_ipaddress {
        ${c.vip}
    }
    track_script {
        chk_tomcat
    }
    ! measurement aid, not part of the config under test (see bench/handwritten.ts)
    notify ${TRANSITIONS_SCRIPT}
}
`;
}

/** The keepalived.conf of countless tutorials: VRRPv2 multicast, advert_int 1, a curl check every 2 s, fall 2 rise 2. */
export const tutorialConfig = (c: LabCluster, index: number): string => handWritten(c, index, TUTORIAL);

/** The tutorial tuned: VRRPv3, advert_int 0.1, unicast_src_ip + unicast_peer, a curl check every 1 s, fall 1 rise 1. */
export const tunedConfig = (c: LabCluster, index: number): string => handWritten(c, index, TUNED);
