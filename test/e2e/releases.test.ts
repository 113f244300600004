// deploy and the default failover scenarios on lab pairs of other Debian releases and of mixed releases
// (a rolling upgrade): another keepalived, another Tomcat unit (tomcat9 on bullseye), another systemd.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labName, labUp, runCli, type TestLab } from '../support/e2e.js';
import { RELEASE_PAIRS } from '../support/e2e-matrix.js';

const KEEPALIVED: Record<string, RegExp> = { bullseye: /^Keepalived v2\.1\./, bookworm: /^Keepalived v2\.2\./, trixie: /^Keepalived v2\.3\./ };
const TOMCAT: Record<string, string> = { bullseye: 'tomcat9', bookworm: 'tomcat10', trixie: 'tomcat10' };

describe.each(RELEASE_PAIRS.map((pair) => ({ pair, name: labName(`r${pair.map((s) => s.slice(0, 3)).join('')}`) })))(
  'a $pair.0 + $pair.1 pair',
  ({ pair, name }) => {
    let lab: TestLab;
    const onHost = async (host: string, cmd: string) => {
      const r = await runCli(['lab', 'ssh', host, '--name', name, '--', cmd]);
      if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
      return r.stdout.trim();
    };
    beforeAll(async () => {
      lab = await labUp(name, ['--release', pair.join(',')]);
    });
    afterAll(async () => {
      await labDown(name);
    });

    it('boots each host on its own release, with that release\'s keepalived and Tomcat', async () => {
      for (const [i, suite] of pair.entries()) {
        const host = `node${i + 1}`;
        expect(await onHost(host, '. /etc/os-release; echo $VERSION_CODENAME')).toBe(suite);
        expect(await onHost(host, 'keepalived --version 2>&1 | head -n 1')).toMatch(KEEPALIVED[suite]!);
        expect(await onHost(host, `systemctl is-active ${TOMCAT[suite]}`)).toBe('active');
      }
    });

    it('deploys: the VIP on the master only, HTTP through it answered by the master', async () => {
      const json = path.join(lab.dir, 'deploy.json');
      const r = await runCli(['deploy', lab.inventory, '--json', json]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const c = (JSON.parse(fs.readFileSync(json, 'utf8')) as { clusters: { hosts: { host: string; state: string; holdsVip: boolean }[] }[] }).clusters[0]!;
      expect(c.hosts.map((h) => [h.host, h.state, h.holdsVip])).toEqual([
        ['node1', 'MASTER', true],
        ['node2', 'BACKUP', false],
      ]);
      // The stop hooks' drop-in (one per Tomcat unit, src/hostpaths.ts) sits on each host's own Tomcat unit.
      for (const [i, suite] of pair.entries()) {
        expect(await onHost(`node${i + 1}`, `systemctl cat ${TOMCAT[suite]} | grep -c '^# /etc/systemd/system/${TOMCAT[suite]}.service.d/zz-hasetup.conf$'`)).toBe('1');
      }
    });

    it('passes the default failover scenarios', async () => {
      const json = path.join(lab.dir, 'failover.json');
      const r = await runCli(['failover-test', lab.inventory, '--yes', '--json', json], { timeoutMs: 540_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { scenarios: { name: string; passed: boolean; splitBrain: boolean }[] };
      expect(report.scenarios.length).toBeGreaterThanOrEqual(6);
      for (const s of report.scenarios) expect([s.name, s.passed, s.splitBrain]).toEqual([s.name, true, false]);
    });
  },
);
