// Benchmark: planned switchover (there and back) against failover-test's keepalived-stop, on one lab.
//
//   npx tsx bench/switchover.ts [--runs 10] [--stress] [--no-failover] [--no-build] [--verbose]
//
// --stress: stress-ng saturates every CPU of this machine (the lab's hosts share them) during the switchover
// rounds (`apt-get install stress-ng`; started by this script, stopped by its PID). --no-failover: no
// keepalived-stop rounds for comparison.
// A fresh lab (`bfsw`), `hasetup deploy`, then N rounds of `hasetup switchover INV --json` (node1 -> node2)
// and `hasetup switchover INV --to node1 --json` (back), each with this script's own client running through it
// (an HTTP GET to the VIP over a fresh connection every 10 ms: an independent count of failed requests beside
// hasetup's own probe). Then N x `hasetup failover-test INV --yes --scenario keepalived-stop` for comparison.
// Printed, and written as Markdown to bench/results/switchover-<date>.md with the commit id. Nothing is asserted.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, benchLab, build, countOption, hasetup, labUp, markdownTable, max, median, min, parseArgs, scratchDir, secs, tail, textTable, withLabCleanup } from './lib.js';

const LAB = benchLab('tfsw');

interface Row {
  kind: string;
  run: number;
  move: number | null;
  failed: number;
  total: number;
  outage: number | null;
  clientFailed: number | null;
  clientTotal: number | null;
}

/** The independent client: GETs to the VIP over fresh connections every 10 ms; returns [failed, total]. */
function client(url: string) {
  let failed = 0;
  let total = 0;
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const p = new Promise<void>((resolve) => {
      const done = (ok: boolean) => {
        total++;
        if (!ok) failed++;
        resolve();
      };
      const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode === 200));
        res.on('error', () => done(false));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => done(false));
    }).then(() => void pending.delete(p));
    pending.add(p);
  }, 10);
  return async () => {
    clearInterval(timer);
    await Promise.all(pending);
    return [failed, total] as const;
  };
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['runs'], switches: ['no-build', 'verbose', 'stress', 'no-failover'] });
  const runs = countOption(args, 'runs', 10);
  const stressed = args.has('stress');
  let stress: ChildProcess | undefined;
  const loads: number[] = [];
  const dir = await scratchDir('bench-switchover');
  const log = path.join(dir, 'commands.log');
  try {
    await withLabCleanup(async () => {
      await build(args.has('no-build'));
      const started = new Date();
      const inventory = path.join(dir, 'lab.yaml');
      await labUp({ name: LAB, hosts: 2, inventory, logFile: log });
      const d = await hasetup(['deploy', inventory], { logFile: log });
      if (d.code !== 0) throw new Error(`deploy failed:\n${tail(d)}`);
      const inv = parseYaml(await fs.readFile(inventory, 'utf8')) as { clusters: { vips: { address: string }[] }[] };
      const url = `http://${inv.clusters[0]!.vips[0]!.address.split('/')[0]}:8080/host.txt`;
      const rows: Row[] = [];
      if (stressed) {
        stress = spawn('stress-ng', ['--cpu', '0', '--quiet'], { stdio: 'ignore' });
        await new Promise<void>((res, rej) => {
          stress!.once('error', (e) => rej(new Error(`stress-ng: ${e.message} (apt-get install stress-ng)`)));
          setTimeout(res, 3000);
        });
      }
      for (let i = 1; i <= runs; i++) {
        if (stressed) loads.push(os.loadavg()[0]!);
        for (const [kind, extra] of [
          ['switchover node1 -> node2', []],
          ['switchover --to node1 (back)', ['--to', 'node1']],
        ] as const) {
          const json = path.join(dir, `sw-${i}-${extra.length}.json`);
          const stop = client(url);
          await new Promise((r) => setTimeout(r, 300));
          const r = await hasetup(['switchover', inventory, ...extra, '--json', json], { logFile: log, echo: args.has('verbose') });
          await new Promise((res) => setTimeout(res, 500));
          const [cf, ct] = await stop();
          const j = JSON.parse(await fs.readFile(json, 'utf8').catch(() => '{}')) as { moveSeconds?: number; failedRequests?: number; totalRequests?: number; outageSeconds?: number };
          rows.push({ kind, run: i, move: j.moveSeconds ?? null, failed: j.failedRequests ?? -1, total: j.totalRequests ?? 0, outage: j.outageSeconds ?? null, clientFailed: cf, clientTotal: ct });
          const row = rows.at(-1)!;
          console.log(`  ${kind} run ${i}/${runs}: exit ${r.code}, move ${secs(row.move)}, ${row.failed}/${row.total} failed (own client ${cf}/${ct}), outage ${secs(row.outage)}`);
        }
      }
      // Stopped by its PID (stress-ng's workers end with it); never by name.
      if (stress) {
        stress.kill('SIGTERM');
        await new Promise((res) => stress!.once('exit', res));
        stress = undefined;
      }
      for (let i = 1; i <= (args.has('no-failover') ? 0 : runs); i++) {
        const json = path.join(dir, `ks-${i}.json`);
        const r = await hasetup(['failover-test', inventory, '--yes', '--scenario', 'keepalived-stop', '--json', json], { logFile: log });
        const rep = JSON.parse(await fs.readFile(json, 'utf8').catch(() => '{"scenarios":[]}')) as {
          scenarios: { vipMoveSeconds: number | null; outageSeconds: number | null; failedRequests: number; totalRequests: number }[];
        };
        const s = rep.scenarios[0];
        rows.push({ kind: 'failover-test keepalived-stop', run: i, move: s?.vipMoveSeconds ?? null, failed: s?.failedRequests ?? -1, total: s?.totalRequests ?? 0, outage: s?.outageSeconds ?? null, clientFailed: null, clientTotal: null });
        console.log(`  keepalived-stop run ${i}/${runs}: exit ${r.code}, move ${secs(s?.vipMoveSeconds)}, outage ${secs(s?.outageSeconds)}, ${s?.failedRequests ?? '-'} failed`);
      }

      const kinds = [...new Set(rows.map((r) => r.kind))];
      const head = ['what', 'runs', 'move (median, min-max)', 'failed requests (hasetup probe, total)', 'runs with 0 failed (own client)', 'outage (median, max)'];
      const body = kinds.map((k) => {
        const rs = rows.filter((r) => r.kind === k);
        const moves = rs.flatMap((r) => (r.move === null ? [] : [r.move]));
        const outs = rs.flatMap((r) => (r.outage === null ? [] : [r.outage]));
        const own = rs.every((r) => r.clientFailed === null) ? '-' : `${rs.filter((r) => r.clientFailed === 0).length}/${rs.length}`;
        return [k, String(rs.length), `${secs(median(moves))} (${secs(min(moves))}-${secs(max(moves))})`, `${rs.reduce((a, r) => a + Math.max(0, r.failed), 0)} of ${rs.reduce((a, r) => a + r.total, 0)}`, own, `${secs(median(outs))}, ${secs(max(outs))}`];
      });
      console.log('\n' + textTable(head, body));
      const machine = `${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
      const md = [
        `# Switchover benchmark: ${runs} runs${stressed ? ', CPUs saturated' : ''}`,
        '',
        `- date: ${started.toISOString()}; hasetup commit ${gitRevision()} (working tree may differ); machine: ${machine}`,
        '- lab: 2 hosts (systemd-nspawn, Debian 12, keepalived 2.2.7, Tomcat 10), deployed with the lab inventory (timing `fast`: VRRPv3 unicast, advert_int 0.1, preempt on)',
        '- switchover: `hasetup switchover INV` (node1 -> node2) then `--to node1`; move = the write of the track file that starts it (host clock) to the VIP on the target (its kernel address event); failed requests and outage from hasetup\'s probe (HTTP GET to the VIP every 10 ms over a fresh connection, 500 ms timeout); "own client" = this script\'s independent loop of the same kind',
        '- keepalived-stop: `hasetup failover-test INV --yes --scenario keepalived-stop` (failed requests counted over the whole scenario, failback included)',
        ...(stressed
          ? [`- **under stress**: \`stress-ng --cpu 0\` (every CPU of the machine busy, the lab's hosts included) during the switchover rounds; load average (1 min) at the start of the rounds: median ${median(loads)?.toFixed(1)}, max ${max(loads)?.toFixed(1)}`]
          : []),
        '- for reference: Pacemaker `resource move` on this lab: 2.4-3.5 s outage (issue 12)',
        '',
        markdownTable(head, body),
        '',
        '## Every run',
        '',
        markdownTable(
          ['what', 'run', 'move', 'failed / total', 'own client failed / total', 'outage'],
          rows.map((r) => [r.kind, String(r.run), secs(r.move), `${r.failed} / ${r.total}`, r.clientFailed === null ? '-' : `${r.clientFailed} / ${r.clientTotal}`, secs(r.outage)]),
        ),
        '',
      ].join('\n');
      const resultsDir = path.join(ROOT, 'bench', 'results');
      const day = started.toISOString().slice(0, 10);
      const base = `switchover${stressed ? '-stress' : ''}-${day}`;
      let file = path.join(resultsDir, `${base}.md`);
      for (let n = 2; await fs.access(file).then(() => true, () => false); n++) file = path.join(resultsDir, `${base}-${n}.md`);
      await fs.writeFile(file, md);
      console.log(`\nwritten: ${path.relative(ROOT, file)}; commands log: ${log}`);
    }, log);
  } finally {
    // an error on the way: stress-ng must not outlive the bench
    stress?.kill('SIGTERM');
  }
}

await main();
