// Lab image build time: the old recipe (debootstrap, then a second apt pass in systemd-nspawn; the recipe as
// of commit b6afeb0, kept in bench/legacy-build-image.sh) against the new one (lab/build-image.sh: one
// mmdebstrap pass), on the same machine, in one run, into a scratch directory. Prints figures only.
//
//   npx tsx bench/image-build.ts [--release bookworm] [--order new-first] [--out bench/results/FILE.md]
//
// Both fetch from this machine's mirror (read from its apt sources, as the lab does). Neither touches the
// lab's cached images. Root, mmdebstrap, debootstrap, systemd-container and dpkg-dev needed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostMirror } from '../src/lab/image.js';
import { releaseOf } from '../src/lab/releases.js';
import { ROOT } from './lib.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Build {
  name: string;
  seconds: number;
  mb: number;
  packages: number;
  ok: boolean;
}

async function timed(name: string, argv: string[], dir: string, log: string): Promise<Build> {
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const out = openSync(log, 'a');
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', out, out] });
    child.on('close', (c) => resolve(c ?? 1));
  });
  const seconds = (Date.now() - started) / 1000;
  const mb = Number(execFileSync('du', ['-sm', dir]).toString().split('\t')[0]);
  const repo = path.join(dir, 'repo');
  const packages = existsSync(repo) ? (await fs.readdir(repo)).filter((f) => f.endsWith('.deb')).length : 0;
  return { name, seconds, mb, packages, ok: code === 0 };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('run as root (the builds mount overlays and run systemd-nspawn)');
  const suite = arg('release', 'bookworm');
  const order = arg('order', 'old-first');
  const rel = releaseOf(suite);
  const mirror = await hostMirror(suite);
  const scratch = await fs.mkdtemp(path.join(process.env.HASETUP_LAB_ROOT ?? '/var/lib/hasetup', 'bench-image-'));
  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).toString().trim();
  const log = path.join(scratch, 'build.log');
  const old = () =>
    timed('old: debootstrap + nspawn apt pass (keepalived, tomcat10)', ['bash', path.join(ROOT, 'bench/legacy-build-image.sh'), path.join(scratch, 'old'), suite, mirror.uri, mirror.components.join(',')], path.join(scratch, 'old'), log);
  const neu = () =>
    timed(`new: one mmdebstrap pass (keepalived, ${rel.tomcat}; firewalls downloaded)`, ['bash', path.join(ROOT, 'lab/build-image.sh'), 'full', path.join(scratch, 'new'), suite, mirror.uri, mirror.components.join(','), rel.tomcat], path.join(scratch, 'new'), log);
  const results: Build[] = [];
  try {
    for (const step of order === 'new-first' ? [neu, old] : [old, neu]) {
      const r = await step();
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.seconds.toFixed(1).padStart(6)} s  ${String(r.mb).padStart(4)} MB  ${r.name}`);
      results.push(r);
    }
  } finally {
    await fs.rm(path.join(scratch, 'old'), { recursive: true, force: true });
    await fs.rm(path.join(scratch, 'new'), { recursive: true, force: true });
  }
  const [a, b] = [results.find((r) => r.name.startsWith('old'))!, results.find((r) => r.name.startsWith('new'))!];
  const ratio = b.seconds / a.seconds;
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const table = [
    `# Lab image build: old recipe vs new (${suite})`,
    '',
    `Commit ${commit}, ${new Date().toISOString()}, ${os.cpus().length} CPUs, load average at the end ${load}. One run each, ${order}, same machine and mirror.`,
    '',
    '| recipe | seconds | MB | packages in the offline repo | result |',
    '| --- | ---: | ---: | ---: | --- |',
    ...results.map((r) => `| ${r.name} | ${r.seconds.toFixed(1)} | ${r.mb} | ${r.packages} | ${r.ok ? 'ok' : 'FAILED'} |`),
    '',
    `New / old: ${ratio.toFixed(2)} (goal of issue 11: at most 0.5). The new image's offline repository also holds firewalld, ufw and iptables-persistent (downloaded, not installed).`,
    '',
    `Build log: ${log}`,
  ].join('\n');
  console.log('\n' + table);
  const out = arg('out', '');
  if (out) {
    await fs.writeFile(out, table + '\n');
    console.log(`\nwritten to ${out}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
