// What `status` reads from each host, in ONE command (one SSH channel, one round trip): the observation
// (observe.ts) and the recorded generations (generations-read.ts), one after the other, split at a mark line (src/remote/then.ts)
// and parsed by their own parsers. Deploy and failover-test keep observeCluster (they do not need generations).
import type { Cluster } from '../inventory/model.js';
import type { RemoteHost, RunResult } from '../remote/host.js';
import type { ShellCommand } from '../remote/command.js';
import { splitAtThen, THEN_MARK, thenScript } from '../remote/then.js';
import { parseGenerations, readScript, type HostGenerations } from './generations-read.js';
import { timed } from '../timings.js';
import { clusterViewOf, OBSERVE_TIMEOUT_MS, observationOf, observeScript, type ClusterView, type HostObservation } from './observe.js';

/** The line between the observation and the generations. */
export const GENERATIONS_MARK = THEN_MARK;

export function statusScript(cluster: Cluster): ShellCommand {
  return thenScript(observeScript(cluster), readScript(cluster.name));
}

export interface HostStatusRead {
  observation: HostObservation;
  /** undefined: not read (the script did not get that far), as when readGenerations fails. */
  generations: HostGenerations | undefined;
}

/** Splits statusScript's output: the observation as observeHost reads it, the generations as readGenerations does. */
export function parseStatusRead(host: string, r: RunResult): HostStatusRead {
  const { first: observed, then: recorded = '' } = splitAtThen(r.stdout);
  return {
    observation: observationOf(host, { ...r, stdout: observed }),
    generations: recorded.includes('@@end') ? parseGenerations(host, recorded) : undefined,
  };
}

/** Reads every host of the cluster (phase `observe`): the cluster view and each host's generations, by name. */
export async function readClusterStatus(remotes: RemoteHost[], cluster: Cluster): Promise<{ view: ClusterView; gens: Map<string, HostGenerations | undefined> }> {
  const script = statusScript(cluster);
  const reads = await timed((n) => n.observe, () =>
    Promise.all(remotes.map(async (r) => parseStatusRead(r.name, await r.run(script, { timeoutMs: OBSERVE_TIMEOUT_MS })))),
  );
  return {
    view: clusterViewOf(
      reads.map((x) => x.observation),
      cluster,
    ),
    gens: new Map(remotes.map((r, i) => [r.name, reads[i]!.generations])),
  };
}
