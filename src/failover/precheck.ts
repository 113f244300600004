// What failover-test refuses beyond an unhealthy cluster (clusterProblems): day-two state that makes a
// failover unable to go where it must. A host in maintenance never becomes master (its track file puts it in
// FAULT), so failing the master would leave the VIP nowhere, or the result would measure the maintenance, not
// the failover. Pure: reads a ClusterView.
import type { ClusterView } from '../cluster/observe.js';
import { t } from '../i18n/index.js';

export function dayTwoProblems(view: ClusterView): string[] {
  return view.hosts.filter((h) => h.reachable && h.dayTwo?.maintenance).map((h) => t().precheck.hostInMaintenance({ host: h.host }));
}
