// Interrupted and concurrent runs on a real lab (issue 21): SIGINT, SIGTERM and SIGHUP delivered at each
// HASETUP_TEST_FAULT point of deploy and rollback (a `pause-at:` fault holds hasetup there while the signal is
// sent, src/faults.ts), and the lock per cluster (src/cluster/lock.ts) between two runs. Every check reads the
// hosts' own state: the recorded generation and pending files, keepalived's unit state, the VIP in each kernel.
// The default run covers every point and every signal once (signals rotate over the points);
// HASETUP_E2E_MATRIX=1 runs every signal at every point (test/e2e/matrix.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, englishEnv, labDown, labName, labUp, runCli, tempDir, type CliResult, type TestLab } from '../support/e2e.js';
import { FULL_MATRIX } from '../support/e2e-matrix.js';

const LAB = labName('intr');
const HOSTS = ['node1', 'node2'];
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function onHost(host: string, cmd: string): Promise<string> {
  const r = await runCli(['lab', 'ssh', host, '--name', LAB, '--', cmd]);
  if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

interface HostState {
  keepalived: string;
  generation: string;
  pending: string;
}

async function states(): Promise<Record<string, HostState>> {
  const one = async (h: string): Promise<HostState> => {
    const out = await onHost(h, `systemctl is-active keepalived || true; cat /var/lib/hasetup/${LAB}/current 2>/dev/null || echo none; cat /var/lib/hasetup/${LAB}/pending 2>/dev/null || echo none`);
    const [keepalived = '', generation = '', pending = ''] = out.split('\n');
    return { keepalived, generation, pending };
  };
  return Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await one(h)] as const)));
}

/** How many hosts hold `vip`, read from each host's kernel every 300 ms for `seconds`. */
async function holderCounts(vip: string, seconds = 3): Promise<number[]> {
  const counts: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const held = await Promise.all(HOSTS.map(async (h) => (await onHost(h, `ip -o -4 addr show | grep -c ' ${vip}/' || true`)) === '1'));
    counts.push(held.filter(Boolean).length);
    await new Promise((r) => setTimeout(r, 300));
  }
  return counts;
}

interface Running {
  child: ChildProcess;
  result: Promise<CliResult>;
  stderrSoFar: () => string;
}

/** The CLI started in the background (runCli waits for it; these tests signal it while it runs). */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn('node', [cli, ...args], { env: { ...englishEnv(), NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, result, stderrSoFar: () => stdout + stderr };
}

async function until(cond: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the CLI paused at `point` (HASETUP_TEST_FAULT pause-at:), calls `atPoint` there, then lets it go on. */
async function pausedAt(args: string[], point: string, atPoint: (child: ChildProcess) => Promise<void> | void, extraFault = ''): Promise<CliResult> {
  const dir = tempDir('pause');
  const run = startCli(args, { HASETUP_TEST_FAULT: [extraFault, `pause-at:${point}`].filter(Boolean).join(','), HASETUP_TEST_PAUSE_DIR: dir });
  let ended: CliResult | undefined;
  void run.result.then((r) => (ended = r));
  await until(() => fs.existsSync(path.join(dir, 'reached')) || ended !== undefined, `${point} in ${args.join(' ')}`);
  if (ended) throw new Error(`ended before ${point} (exit ${ended.code}):\n${ended.stdout}${ended.stderr}`);
  await atPoint(run.child);
  fs.writeFileSync(path.join(dir, 'go'), '');
  return run.result;
}

interface Cell {
  command: 'deploy' | 'rollback';
  point: string;
  /** A fault that leads there (a failed activation: the revert's mid-restore). */
  fault?: string;
}

const CELLS: Cell[] = [
  { command: 'deploy', point: 'after-stage:node1' },
  { command: 'deploy', point: 'after-stage:node2' },
  { command: 'deploy', point: 'after-activate-master' },
  { command: 'deploy', point: 'before-commit' },
  { command: 'deploy', point: 'mid-restore:node2', fault: 'fail-activate:node2' },
  { command: 'deploy', point: 'mid-restore:node1', fault: 'fail-activate:node2' },
  { command: 'rollback', point: 'mid-restore:node2' },
  { command: 'rollback', point: 'mid-restore:node1' },
];
// npm test: every signal, both commands, a staged, an activated and a reverting deploy (4 cells, CI's time budget);
// HASETUP_E2E_MATRIX=1 (npm run test:matrix): every signal at every point (24 cells).
const REPRESENTATIVES = [CELLS[0]!, CELLS[2]!, CELLS[4]!, CELLS[7]!];
const MATRIX = FULL_MATRIX
  ? CELLS.flatMap((c) => SIGNALS.map((signal) => ({ ...c, signal })))
  : REPRESENTATIVES.map((c, i) => ({ ...c, signal: SIGNALS[i % SIGNALS.length]! }));

describe('interrupted and concurrent runs on a lab', () => {
  let lab: TestLab;
  let fast: string;
  let standard: string; // another advert interval: every host's config changes between the two
  let current: string; // what the hosts run now
  let vip: string;
  const other = () => (current === fast ? standard : fast);

  beforeAll(async () => {
    lab = await labUp(LAB);
    fast = lab.inventory;
    standard = path.join(lab.dir, 'standard.yaml');
    fs.writeFileSync(standard, fs.readFileSync(fast, 'utf8').replace(/timing: fast/, 'timing: standard'));
    vip = /address: (198\.18\.\d+\.\d+)\//.exec(fs.readFileSync(fast, 'utf8'))![1]!;
    const first = await runCli(['deploy', fast]);
    if (first.code !== 0) throw new Error(`first deploy failed:\n${first.stdout}${first.stderr}`);
    current = fast;
  });
  afterAll(async () => {
    await labDown(LAB);
  });

  /** One generation on every host, nothing pending, keepalived running, the VIP on exactly one host throughout. */
  async function expectOneGeneration(): Promise<string> {
    const s = await states();
    for (const h of HOSTS) {
      expect(s[h]!.keepalived, h).toBe('active');
      expect(s[h]!.pending, h).toBe('none');
    }
    expect(new Set(HOSTS.map((h) => s[h]!.generation)).size, JSON.stringify(s)).toBe(1);
    expect((await holderCounts(vip)).filter((n) => n !== 1)).toEqual([]);
    return s.node1!.generation;
  }

  it.each(MATRIX)('$command: $signal at $point: every host on one generation, keepalived running, one VIP holder; the next deploy converges', async (cell) => {
    // Each cell starts from known files (a cell that failed must not shift the next one): usually nothing to change.
    const sync = await runCli(['deploy', current]);
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    if (cell.command === 'rollback') {
      // something to roll back: the other inventory on top of the current one
      const d = await runCli(['deploy', other()]);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      current = other();
    }
    const before = await states();
    const args = cell.command === 'deploy' ? ['deploy', other()] : ['rollback', current];
    const r = await pausedAt(args, cell.point, (child) => void child.kill(cell.signal), cell.fault);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(130);
    const gen = await expectOneGeneration();
    if (cell.command === 'rollback') {
      // finished first: on the generation before, said so
      expect(gen).not.toBe(before.node1!.generation);
      expect(out).toContain(`rollback interrupted; it was finished first: every host of cluster ${LAB} is on generation ${gen}`);
      current = other();
    } else {
      // put back (the generation it ran before), or, once the backups' activation had begun, finished and recorded;
      // the message names the one every host is on
      expect(out).toContain(`deploy interrupted; cluster ${LAB}: every host is on generation ${gen}; not verified`);
      if (gen === before.node1!.generation) expect(out).toMatch(/generation \S+ was not activated; put back, backups first: /);
      else current = other();
      if (cell.point === 'before-commit') expect(gen).not.toBe(before.node1!.generation);
      if (cell.fault) expect(gen).toBe(before.node1!.generation); // a failed activation is always put back
    }
    // the next run converges
    const next = await runCli(['deploy', other()]);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    current = other();
    await expectOneGeneration();
  });

  it('a second deploy while one runs is refused (exit 1) and names the holder; with --wait it waits and then runs', async () => {
    let refused: CliResult | undefined;
    let waiting: Running | undefined;
    const first = await pausedAt(['deploy', other()], 'after-stage:node1', async (child) => {
      refused = await runCli(['deploy', other()]);
      waiting = startCli(['deploy', other(), '--wait', '120']);
      await until(() => waiting!.stderrSoFar().includes('waiting up to 120 s'), 'the waiting deploy to say it waits');
      expect(child.exitCode).toBe(null);
    });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    current = other();
    expect(refused!.code).toBe(1);
    const user = (await import('node:os')).userInfo().username;
    expect(refused!.stderr).toMatch(new RegExp(`cluster ${LAB} is locked by another run: deploy of cluster ${LAB}, run by ${user} on \\S+ \\(pid \\d+\\) since \\S+ \\(/var/lib/hasetup/${LAB}/lock on node1\\); nothing was changed`));
    const waited = await waiting!.result;
    expect(waited.code, waited.stdout + waited.stderr).toBe(0); // the same inventory: nothing left to change
    await expectOneGeneration();
  });

  it('kill -9 of the holder frees the lock at once: the next deploy runs without waiting and converges', async () => {
    let next: CliResult | undefined;
    const killed = await pausedAt(['deploy', other()], 'after-stage:node2', async (child) => {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      next = await runCli(['deploy', other()]);
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(next!.code, next!.stdout + next!.stderr).toBe(0);
    current = other();
    await expectOneGeneration();
  });

  it('a deploy during a failover-test is refused and names it; the failover-test is not disturbed', async () => {
    const test = startCli(['failover-test', current, '--scenario', 'tomcat-stop', '--yes']);
    await until(() => test.stderrSoFar().includes(`failover test of cluster ${LAB}`), 'the failover-test to start');
    const d = await runCli(['deploy', other()]);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(new RegExp(`cluster ${LAB} is locked by another run: failover-test of cluster ${LAB}, run by`));
    const r = await test.result;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await expectOneGeneration();
  });
});
