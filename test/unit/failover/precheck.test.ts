import { describe, expect, it } from 'vitest';
import type { ClusterView, HostObservation } from '../../../src/cluster/observe.js';
import { dayTwoProblems } from '../../../src/failover/precheck.js';

const host = (name: string, over: Partial<HostObservation> = {}): HostObservation => ({
  host: name,
  reachable: true,
  addresses: [],
  keepalivedActive: true,
  state: 'BACKUP',
  transitions: [],
  tomcatHttp: '200',
  dayTwo: { configured: true, standby: 0, maintenance: false, alertFailures: 0 },
  ...over,
});

describe('failover-test precheck: day-two state', () => {
  it('refuses a host in maintenance, by name', () => {
    const view: ClusterView = {
      hosts: [host('node1', { state: 'MASTER' }), host('node2', { state: 'FAULT', dayTwo: { configured: true, standby: 0, maintenance: true, alertFailures: 0 } })],
      holders: { '198.18.0.100': ['node1'] },
    };
    const problems = dayTwoProblems(view);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^node2: in maintenance mode/);
    expect(problems[0]).toContain('hasetup maintenance INVENTORY node2 off');
  });

  it('has nothing to say about a healthy pair, an unreachable host or a host deployed before day two', () => {
    const view: ClusterView = {
      hosts: [host('node1', { state: 'MASTER' }), host('node2', { reachable: false, dayTwo: undefined }), host('node3', { dayTwo: undefined })],
      holders: { '198.18.0.100': ['node1'] },
    };
    expect(dayTwoProblems(view)).toEqual([]);
  });
});
