// Benchmark: the interrupt matrix. hasetup is paused at each named point of a deploy or a rollback that changes
// every host (HASETUP_TEST_FAULT=pause-at:POINT, src/faults.ts), sent SIGINT, SIGTERM or SIGHUP there, and let go;
// then the cluster is looked at, and the next deploy runs. The kill-point matrix (bench/killpoints.ts) does the same
// with SIGKILL, which hasetup cannot handle; here it can, and must leave every host on one generation.
//
//   npx tsx bench/interrupts.ts [--rounds 1] [--lab bfintr] [--no-build] [--verbose]
//
// Per run it counts: an exit other than 130; hosts on different recorded generations, or one still `pending`;
// keepalived not running on a host; the VIP on two hosts or on none (sampled every 300 ms for 3 s, from the
// hosts' kernels); a next deploy that did not converge. All of these should be 0 (docs/generations.md).
// Prints a table and a markdown block for bench/results/.
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build, countOption, deployedLab, hasetup, labDown, labOnHost, markdownTable, parseArgs, sleep, start, tail, textTable, vipHolderCounts, withLabCleanup } from './lib.js';

const HOSTS = ['node1', 'node2'];
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The points: the command, the pause, and a fault that leads there. */
const POINTS: { name: string; command: 'deploy' | 'rollback'; pause: string; fault?: string }[] = [
  { name: 'deploy: after-stage x node1', command: 'deploy', pause: 'after-stage:node1' },
  { name: 'deploy: after-stage x node2', command: 'deploy', pause: 'after-stage:node2' },
  { name: 'deploy: after-activate-master', command: 'deploy', pause: 'after-activate-master' },
  { name: 'deploy: before-commit', command: 'deploy', pause: 'before-commit' },
  { name: 'deploy: mid-restore x node2 (node2 activation failed)', command: 'deploy', pause: 'mid-restore:node2', fault: 'fail-activate:node2' },
  { name: 'deploy: mid-restore x node1 (node2 activation failed)', command: 'deploy', pause: 'mid-restore:node1', fault: 'fail-activate:node2' },
  { name: 'rollback: mid-restore x node2', command: 'rollback', pause: 'mid-restore:node2' },
  { name: 'rollback: mid-restore x node1', command: 'rollback', pause: 'mid-restore:node1' },
];

interface Tally {
  runs: number;
  not130: number;
  mixed: number;
  stopped: number;
  two: number;
  none: number;
  notConverged: number;
}
const COLUMNS: (keyof Tally)[] = ['runs', 'not130', 'mixed', 'stopped', 'two', 'none', 'notConverged'];

const onHost = labOnHost;
const holderCounts = (lab: string, vip: string, seconds: number) => vipHolderCounts(lab, HOSTS, vip, seconds);

/** Per host: keepalived's unit state, the recorded generation, the pending one. */
async function hostStates(lab: string): Promise<{ keepalived: string; current: string; pending: string }[]> {
  return Promise.all(
    HOSTS.map(async (h) => {
      const out = await onHost(lab, h, `systemctl is-active keepalived || true; cat /var/lib/hasetup/${lab}/current 2>/dev/null || echo none; cat /var/lib/hasetup/${lab}/pending 2>/dev/null || echo none`);
      const [keepalived = '', current = '', pending = ''] = out.split('\n');
      return { keepalived, current, pending };
    }),
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['rounds', 'lab'], switches: ['no-build', 'verbose'] });
  const rounds = countOption(args, 'rounds', 1);
  const lab = args.get('lab') ?? 'bfintr';
  if (!/^[a-z][a-z0-9]{0,9}$/.test(lab)) throw new Error('--lab: a lab name (letters and digits)');
  await build(args.has('no-build'));
  const { dir, log, fast, standard, vip } = await deployedLab(lab, 'interrupts');
  try {
    let current = fast;
    const other = () => (current === fast ? standard : fast);
    const deployOther = async () => {
      const r = await hasetup(['deploy', other()], { logFile: log });
      if (r.code === 0) current = other();
      return r;
    };
    const cells = POINTS.flatMap((p) => SIGNALS.map((signal) => ({ ...p, signal, key: `${p.name} x ${signal}` })));
    const tallies = new Map(cells.map((c) => [c.key, Object.fromEntries(COLUMNS.map((k) => [k, 0])) as unknown as Tally]));
    let n = 0;
    for (let round = 1; round <= rounds; round++) {
      for (const cell of cells) {
        const t = tallies.get(cell.key)!;
        t.runs++;
        if (cell.command === 'rollback') {
          const d = await deployOther(); // something to roll back
          if (d.code !== 0) throw new Error(`deploy before the rollback failed:\n${tail(d)}`);
        }
        const pause = path.join(dir, `pause-${++n}`);
        await fs.mkdir(pause);
        const argv = cell.command === 'deploy' ? ['deploy', other()] : ['rollback', current];
        const run = start([process.execPath, 'dist/cli.js', ...argv], {
          logFile: log,
          env: { HASETUP_TEST_FAULT: [cell.fault, `pause-at:${cell.pause}`].filter(Boolean).join(','), HASETUP_TEST_PAUSE_DIR: pause },
        });
        while (!existsSync(path.join(pause, 'reached')) && !run.exited()) await sleep(50);
        run.stop(cell.signal);
        await fs.writeFile(path.join(pause, 'go'), '');
        const r = await run.done;
        if (r.code !== 130) t.not130++;
        if (r.code === 130 && cell.command === 'rollback') current = other(); // finished first: back on the other inventory's files
        if (r.code === 130 && cell.pause === 'before-commit') current = other(); // every host activated: recorded
        const s = await hostStates(lab);
        if (new Set(s.map((h) => h.current)).size > 1 || s.some((h) => h.pending !== 'none' || h.current === 'none')) t.mixed++;
        if (s.some((h) => h.keepalived !== 'active')) t.stopped++;
        const counts = await holderCounts(lab, vip, 3);
        if (counts.some((c) => c >= 2)) t.two++;
        if (counts.some((c) => c === 0)) t.none++;
        const next = await deployOther();
        if (next.code !== 0) t.notConverged++;
        console.log(
          `round ${round} ${cell.key}: exit ${r.code ?? r.signal}; generations ${s.map((h) => h.current + (h.pending !== 'none' ? ` (pending ${h.pending})` : '')).join(' ')}; ` +
            `keepalived ${s.map((h) => h.keepalived).join(' ')}; holders min ${Math.min(...counts)} max ${Math.max(...counts)}; next deploy exit ${next.code}`,
        );
        if (args.has('verbose') && r.code !== 130) console.log(tail(r, 15));
      }
    }
    const head = ['point x signal', 'runs', 'exit not 130', 'mixed generations', 'keepalived stopped', 'VIP on two', 'VIP on none', 'next deploy failed'];
    const rows = [...tallies.entries()].map(([k, t]) => [k, ...COLUMNS.map((c) => String(t[c]))]);
    rows.push(['total', ...COLUMNS.map((c) => String([...tallies.values()].reduce((a, t) => a + t[c], 0)))]);
    console.log(`\n${textTable(head, rows)}`);
    console.log(`\n${markdownTable(head, rows)}`);
    console.log(`\ncommands log: ${log}`);
  } finally {
    await labDown(lab, log);
  }
}

await withLabCleanup(main);
