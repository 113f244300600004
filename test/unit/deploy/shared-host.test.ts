// Two clusters on the same hosts (issue 21, M8): what they share (keepalived.conf's global_defs, the Tomcat unit's
// drop-in) is built from both, whichever deploys last, so the second deploy drops nothing of the first and a
// second deploy of either changes nothing. The plan is pure: the host is its facts, advanced by hand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { otherClustersUse, isHostShared } from '../../../src/cluster/host-shared-files.js';
import { driftedPaths, restoreScript, sha256, type HostGenerations } from '../../../src/deploy/generations.js';
import { planHost, type HostPlan } from '../../../src/deploy/plan.js';
import { ExitCode, UsageError } from '../../../src/errors.js';
import { parseFacts } from '../../../src/facts/gather.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { execStopLines } from '../../../src/facts/sections/tomcat.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
const DROPIN = '/etc/systemd/system/tomcat10.service.d/zz-hasetup.conf';
const MAIL = { to: ['ops@example.com', 'oncall@example.com'], from: 'ha@example.com', smtp_server: '198.18.0.25' };

const base = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));

/** The host after a deploy: its files as planned, services running. */
function deployed(f: HostFacts, plan: HostPlan, cluster: string): HostFacts {
  const files = { ...f.files };
  for (const pf of plan.files) files[pf.path] = pf.content;
  return {
    ...f,
    files,
    units: { ...f.units, [`hasetup-watchdog-${cluster}.service`]: { enabled: true, active: true }, [`hasetup-metrics-${cluster}.timer`]: { enabled: true, active: true } },
    scriptUserExists: true,
    keepalived: { ...f.keepalived, installed: true, version: f.keepalived.version ?? '2.2.8', active: true, enabled: true },
    tools: { curl: true, bash: true },
  };
}

const fileOf = (plan: HostPlan, p: string) => plan.files.find((x) => x.path === p)?.content;
const a = labCluster({ alerts: { email: MAIL } });
const b = labCluster({ name: 'web-b', virtual_router_id: 52, vips: [{ address: '198.18.0.101/24' }] });

describe('two clusters on one host', () => {
  const afterA = deployed(base, planHost(a, 'ha1', base, {}), 'web');
  const planB = planHost(b, 'ha1', afterA, {});
  const afterB = deployed(afterA, planB, 'web-b');

  it("deploying B after A keeps A's mail settings in keepalived.conf", () => {
    const conf = fileOf(planB, KEEPALIVED_CONF)!;
    expect(conf).toMatch(/notification_email \{\n\s+ops@example\.com\n\s+oncall@example\.com\n\s+\}/);
    expect(conf).toContain('notification_email_from ha@example.com');
    expect(conf).toContain('smtp_server 198.18.0.25 25');
    // one host, one router_id: the host's name in the first cluster by name
    expect(conf).toContain('router_id ha1');
    // only A's instance mails
    expect(fileOf(planB, '/etc/keepalived/hasetup.d/web-b.conf')).not.toContain('smtp_alert');
    expect(afterA.files['/etc/keepalived/hasetup.d/web.conf']).toContain('smtp_alert');
  });

  it('a second deploy of either changes nothing: the shared files are the same whoever renders them', () => {
    const againA = planHost(a, 'ha1', afterB, {});
    const againB = planHost(b, 'ha1', afterB, {});
    expect(againA.changed.map((f) => f.path)).toEqual([]);
    expect(againB.changed.map((f) => f.path)).toEqual([]);
    expect(againA.activate).toEqual([]);
    expect(fileOf(againA, KEEPALIVED_CONF)).toBe(fileOf(againB, KEEPALIVED_CONF));
    expect(fileOf(againA, DROPIN)).toBe(fileOf(againB, DROPIN));
  });

  it("one drop-in per Tomcat unit runs every cluster's hook script; each cluster's hook is its own file", () => {
    const dropin = fileOf(planB, DROPIN)!;
    expect(planB.files.filter((f) => f.path.startsWith('/etc/systemd/system/tomcat10.service.d/')).map((f) => f.path)).toEqual([DROPIN]);
    expect(dropin).toBe(afterA.files[DROPIN]);
    expect(dropin).toContain("ExecStop=+/bin/sh -c 'rc=0; for h in /usr/libexec/hasetup/tomcat-hooks/tomcat10/*.sh; do");
    expect(dropin.match(/^ExecStop=/gm)).toHaveLength(1);
    expect(afterB.files['/usr/libexec/hasetup/tomcat-hooks/tomcat10/web.sh']).toContain('/run/hasetup/web/tomcat.track');
    expect(afterB.files['/usr/libexec/hasetup/tomcat-hooks/tomcat10/web-b.sh']).toContain('/run/hasetup/web-b/tomcat.track');
  });

  it("with the unit's own ExecStop= lines: cleared once, every cluster's hooks first, the unit's lines after", () => {
    const own = { ...afterA, tomcat: { ...afterA.tomcat, execStop: ['/usr/share/tomcat10/bin/shutdown.sh'] } };
    const dropin = fileOf(planHost(b, 'ha1', own, {}), DROPIN)!;
    expect(dropin.split('\n').filter((l) => l.startsWith('ExecStop='))).toEqual([
      'ExecStop=',
      expect.stringMatching(/^ExecStop=\+\/bin\/sh -c 'rc=0; for h in \/usr\/libexec\/hasetup\/tomcat-hooks\/tomcat10\/\*\.sh;.* stop .*sleep 0\.5; exit \$\$rc'$/),
      'ExecStop=/usr/share/tomcat10/bin/shutdown.sh',
    ]);
    // the facts never take our own drop-in for the unit's lines
    expect(execStopLines(`# /usr/lib/systemd/system/tomcat10.service\n[Service]\nExecStop=/bin/x\n\n# ${DROPIN}\n[Service]\n${dropin}`)).toEqual(['/bin/x']);
  });

  it("removes this cluster's own drop-in from before the shared one, with the daemon-reload", () => {
    const legacy = '/etc/systemd/system/tomcat10.service.d/hasetup-web-b.conf';
    const plan = planHost(b, 'ha1', { ...afterB, files: { ...afterB.files, [legacy]: '[Service]\nExecStop=\n' } }, {});
    expect(plan.activate.map((c) => c.command.text)).toEqual([`rm -f -- ${legacy}`, 'systemctl daemon-reload']);
  });

  it('refuses two different mail settings on one host (exit 2), naming both clusters, before anything changes', () => {
    const other = labCluster({ name: 'web-b', virtual_router_id: 52, vips: [{ address: '198.18.0.101/24' }], alerts: { email: { to: ['b@example.com'], smtp_server: '198.18.0.25' } } });
    let err: unknown;
    try {
      planHost(other, 'ha1', afterA, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(ExitCode.usage);
    expect((err as UsageError).message).toMatch(/^ha1: cluster web-b sends keepalived's mail .*b@example\.com.*, cluster web on the same host .*ops@example\.com/);
    // the same settings (addresses in another order) are no clash
    const same = labCluster({ name: 'web-b', virtual_router_id: 52, vips: [{ address: '198.18.0.101/24' }], alerts: { email: { ...MAIL, to: [...MAIL.to].reverse() } } });
    expect(fileOf(planHost(same, 'ha1', afterA, {}), KEEPALIVED_CONF)).toBe(afterA.files[KEEPALIVED_CONF]);
  });

  it("a cluster config whose part does not pass the inventory's checks adds nothing to keepalived.conf", () => {
    const bad = afterA.files['/etc/keepalived/hasetup.d/web.conf']!.replace('ops@example.com', 'ops@example.com\\n}\\nvrrp_instance x {');
    const conf = fileOf(planHost(b, 'ha1', { ...afterA, files: { ...afterA.files, '/etc/keepalived/hasetup.d/web.conf': bad } }, {}), KEEPALIVED_CONF)!;
    expect(conf).not.toContain('notification_email');
    expect(conf).not.toContain('vrrp_instance');
  });
});

describe('generations of a shared file', () => {
  const gens = (files: Record<string, string>, pending: string | null): HostGenerations => ({
    host: 'ha1',
    current: 'g1',
    pending,
    manifests: [{ id: 'g1', cluster: 'web', host: 'ha1', createdAt: '', previous: null, files: Object.entries(files).map(([p, c]) => ({ path: p, sha256: sha256(c), mode: 0o644 })), changed: [] }],
  });

  it("another cluster's change to a shared file is no drift; a cut-off deploy's is", () => {
    const recorded = { [KEEPALIVED_CONF]: 'old', [DROPIN]: 'old', '/etc/keepalived/hasetup.d/web.conf': 'mine' };
    const live = { [KEEPALIVED_CONF]: 'new', [DROPIN]: 'new', '/etc/keepalived/hasetup.d/web.conf': 'mine' };
    expect(driftedPaths(gens(recorded, null), live)).toEqual([]);
    expect(driftedPaths(gens(recorded, 'g2'), live)).toEqual([KEEPALIVED_CONF, DROPIN]);
    expect(driftedPaths(gens(recorded, null), { ...live, '/etc/keepalived/hasetup.d/web.conf': 'edited' })).toEqual(['/etc/keepalived/hasetup.d/web.conf']);
  });

  it('a restore leaves a shared file as it is while another cluster uses it, and restores or removes it otherwise', () => {
    expect(isHostShared(KEEPALIVED_CONF)).toBe(true);
    expect(isHostShared(DROPIN)).toBe(true);
    expect(isHostShared('/etc/systemd/system/tomcat10.service.d/hasetup-web.conf')).toBe(false);
    const m = {
      id: 'initial', cluster: 'web-b', host: 'ha1', createdAt: '', previous: null, changed: [],
      files: [{ path: KEEPALIVED_CONF, sha256: null, mode: 0o644 }, { path: DROPIN, sha256: sha256('x'), mode: 0o644 }, { path: '/usr/libexec/hasetup/tomcat-hooks/tomcat10/web-b.sh', sha256: null, mode: 0o755 }],
    };
    const text = restoreScript(m).text;
    expect(otherClustersUse(DROPIN, 'web-b')!.text).toBe('ls -- /usr/libexec/hasetup/tomcat-hooks/tomcat10/*.sh 2>/dev/null | grep -vxF -- /usr/libexec/hasetup/tomcat-hooks/tomcat10/web-b.sh | grep -q .');
    expect(text).toContain(`if ${otherClustersUse(KEEPALIVED_CONF, 'web-b')!.text}; then echo '@@kept ${KEEPALIVED_CONF}'; else`);
    expect(text).toContain(`if ${otherClustersUse(DROPIN, 'web-b')!.text}; then echo '@@kept ${DROPIN}'; else`);
    // this cluster's own hook goes whatever the others do
    expect(text).toMatch(/^rm -f -- \/usr\/libexec\/hasetup\/tomcat-hooks\/tomcat10\/web-b\.sh$/m);
  });
});
