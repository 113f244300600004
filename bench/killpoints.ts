// Benchmark: the kill-point matrix. hasetup is SIGKILLed (HASETUP_TEST_FAULT, src/testing/faults.ts) at each named
// point of a deploy that changes every host, then the cluster is looked at, then the next deploy runs.
//
//   npx tsx bench/killpoints.ts [--rounds 2] [--lab bfkill] [--no-build] [--verbose]
//
// Per run it counts: the VIP on two hosts or on none (sampled every 300 ms for 3 s, right after the kill and
// again after the next deploy), hosts on different recorded generations, and next deploys that did not converge.
// All of these should be 0 (docs/generations.md). Prints a table and a markdown block for bench/results/.
import { build, countOption, deployedLab, hasetup, labDown, labOnHost, markdownTable, parseArgs, tail, textTable, vipHolderCounts, withLabCleanup } from './lib.js';

const HOSTS = ['node1', 'node2'];

/** Cells of the matrix: the fault spec, and the point it kills at. */
const CELLS: { point: string; fault: string }[] = [
  { point: 'after-stage x node1', fault: 'after-stage:node1' },
  { point: 'after-stage x node2', fault: 'after-stage:node2' },
  { point: 'after-activate-master', fault: 'after-activate-master' },
  { point: 'before-commit', fault: 'before-commit' },
  { point: 'mid-restore x node2 (node2 activation failed)', fault: 'fail-activate:node2,mid-restore:node2' },
  { point: 'mid-restore x node1 (node2 activation failed)', fault: 'fail-activate:node2,mid-restore:node1' },
];

interface Tally {
  runs: number;
  killed: number;
  twoAfterKill: number;
  noneAfterKill: number;
  differentGenerations: number;
  notConverged: number;
  twoAfterDeploy: number;
  noneAfterDeploy: number;
}

const onHost = labOnHost;
const holderCounts = (lab: string, vip: string, seconds: number) => vipHolderCounts(lab, HOSTS, vip, seconds);

async function generations(lab: string, cluster: string): Promise<string[]> {
  return Promise.all(HOSTS.map((h) => onHost(lab, h, `cat /var/lib/hasetup/${cluster}/current 2>/dev/null || echo none`)));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['rounds', 'lab'], switches: ['no-build', 'verbose'] });
  const rounds = countOption(args, 'rounds', 2);
  const lab = args.get('lab') ?? 'bfkill';
  if (!/^[a-z][a-z0-9]{0,9}$/.test(lab)) throw new Error('--lab: a lab name (letters and digits)');
  await build(args.has('no-build'));
  const { log, fast, standard, vip } = await deployedLab(lab, 'killpoints');
  try {
    const tallies = new Map(CELLS.map((c) => [c.point, { runs: 0, killed: 0, twoAfterKill: 0, noneAfterKill: 0, differentGenerations: 0, notConverged: 0, twoAfterDeploy: 0, noneAfterDeploy: 0 }]));
    let onStandard = false;
    for (let round = 1; round <= rounds; round++) {
      for (const cell of CELLS) {
        const t = tallies.get(cell.point)!;
        const target = onStandard ? fast : standard;
        t.runs++;
        const k = await hasetup(['deploy', target], { logFile: log, env: { HASETUP_TEST_FAULT: cell.fault } });
        if (k.signal === 'SIGKILL') t.killed++;
        const afterKill = await holderCounts(lab, vip, 3);
        if (afterKill.some((n) => n >= 2)) t.twoAfterKill++;
        if (afterKill.some((n) => n === 0)) t.noneAfterKill++;
        const next = await hasetup(['deploy', target], { logFile: log });
        if (next.code !== 0) t.notConverged++;
        else onStandard = !onStandard;
        const gens = await generations(lab, lab);
        if (new Set(gens).size > 1 || gens.includes('none')) t.differentGenerations++;
        const afterDeploy = await holderCounts(lab, vip, 3);
        if (afterDeploy.some((n) => n >= 2)) t.twoAfterDeploy++;
        if (afterDeploy.some((n) => n === 0)) t.noneAfterDeploy++;
        const line = `round ${round} ${cell.point}: killed=${k.signal === 'SIGKILL'} after kill max holders=${Math.max(...afterKill)} min=${Math.min(...afterKill)}; next deploy exit ${next.code}; generations ${gens.join(' ')}`;
        console.log(line);
        if (args.has('verbose') && next.code !== 0) console.log(tail(next, 15));
      }
    }
    const head = ['kill point x host', 'runs', 'killed', 'VIP on two (after kill)', 'VIP on none (after kill)', 'different generations', 'next deploy failed', 'VIP on two (after next deploy)', 'VIP on none (after next deploy)'];
    const rows = [...tallies.entries()].map(([p, t]) => [p, t.runs, t.killed, t.twoAfterKill, t.noneAfterKill, t.differentGenerations, t.notConverged, t.twoAfterDeploy, t.noneAfterDeploy].map(String));
    const total = (k: keyof Tally) => String([...tallies.values()].reduce((a, t) => a + t[k], 0));
    rows.push(['total', total('runs'), total('killed'), total('twoAfterKill'), total('noneAfterKill'), total('differentGenerations'), total('notConverged'), total('twoAfterDeploy'), total('noneAfterDeploy')]);
    console.log(`\n${textTable(head, rows)}`);
    console.log(`\n${markdownTable(head, rows)}`);
    console.log(`\ncommands log: ${log}`);
  } finally {
    await labDown(lab, log);
  }
}

await withLabCleanup(main);
